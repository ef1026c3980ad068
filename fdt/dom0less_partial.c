/* SPDX-License-Identifier: MIT */
/*
 * A guest's partial device tree in dom0less form (docs/misc/arm/
 * passthrough.txt, "Dom0-less Device Passthrough", stable-4.17): xl's
 * `iomem', `dtdev' and `irqs' are domain-creation settings, but a boot-time
 * domain has only its partial tree, so they move into it.  Each iomem range
 * becomes `xen,reg = <host size guest>' (the partial tree's root cells) on
 * the /passthrough node whose reg covers its guest range; each dtdev becomes
 * `xen,path' of the node whose xen,reg maps the host node's first reg
 * address.  Xen maps a node's xen,reg only with a xen,path or with
 * `xen,force-assign-without-iommu' (xen/arch/arm/domain_build.c:
 * handle_passthrough_prop, stable-4.17), so a node with MMIO and no device
 * gets the latter: what xl's iomem without dtdev does, MMIO with no IOMMU.
 * Interrupts are routed from the xen,path host nodes only, so each irq must
 * be an SPI of one of them.  The partial tree was validated by the plan
 * stage (fdt/partial.c).
 */
#include "dom0less.h"

#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "nodes.h"

#define GIC_FIRST_SPI 32
#define GIC_SPI_TYPE 0
#define PT_SLACK 4096

/* Does one of node's reg ranges (in its parent's cells) cover [a, a + len)? */
static bool reg_covers(const void *fdt, int node, uint64_t a, uint64_t len)
{
	int parent = fdt_parent_offset(fdt, node), ac, sc, plen;
	const fdt32_t *reg;

	if (parent < 0)
		return false;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &plen);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	for (int i = 0; i + ac + sc <= plen / 4; i += ac + sc) {
		uint64_t base = ag_get_cells(reg + i, ac), size = ag_get_cells(reg + i + ac, sc);

		if (a >= base && len <= size && a - base <= size - len)
			return true;
	}
	return false;
}

/* The first node below /passthrough for which match() holds, or a libfdt error. */
static int find_below_passthrough(const void *fdt, bool (*match)(const void *, int, const void *),
				  const void *arg)
{
	int top = fdt_path_offset(fdt, "/passthrough"), node, depth = 0;

	if (top < 0)
		return top;
	for (node = fdt_next_node(fdt, top, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth))
		if (match(fdt, node, arg))
			return node;
	return -FDT_ERR_NOTFOUND;
}

static bool covers_guest_range(const void *fdt, int node, const void *arg)
{
	const struct ag_d0l_iomem *io = arg;

	return reg_covers(fdt, node, io->guest, io->size);
}

/* xen,reg triples of the partial tree whose host address is *arg. */
struct xen_reg_match {
	uint64_t host;
	int ac, sc;
};

static bool maps_host_address(const void *fdt, int node, const void *arg)
{
	const struct xen_reg_match *m = arg;
	int len, step = 2 * m->ac + m->sc;
	const fdt32_t *v = fdt_getprop(fdt, node, "xen,reg", &len);

	for (int i = 0; v && i + step <= len / 4; i += step)
		if (ag_get_cells(v + i, m->ac) == m->host)
			return true;
	return false;
}

static void put_cells(fdt32_t *p, int n, uint64_t v)
{
	for (int i = n - 1; i >= 0; i--, v >>= 32)
		p[i] = cpu_to_fdt32((uint32_t)v);
}

/* One iomem range onto its node. */
static int add_xen_reg(void *fdt, const struct ag_d0l_iomem *io, int ac, int sc)
{
	fdt32_t cells[6];
	int node = find_below_passthrough(fdt, covers_guest_range, io);

	if (node < 0)
		return node;
	put_cells(cells, ac, io->host);
	put_cells(cells + ac, sc, io->size);
	put_cells(cells + ac + sc, ac, io->guest);
	return fdt_appendprop(fdt, node, "xen,reg", cells, (int)((2 * ac + sc) * sizeof(fdt32_t)));
}

/* The first reg address of a host node, in its parent's cells. */
static int host_first_address(const void *host, int node, uint64_t *addr)
{
	int parent = fdt_parent_offset(host, node), ac, len;
	const fdt32_t *reg = fdt_getprop(host, node, "reg", &len);

	if (parent < 0)
		return parent;
	ac = fdt_address_cells(host, parent);
	if (!reg || ac < 1 || ac > 2 || len < ac * 4)
		return -FDT_ERR_NOTFOUND;
	*addr = ag_get_cells(reg, ac);
	return 0;
}

/* Is irq an SPI of the host node (three-cell GIC specifiers)? */
static bool host_has_spi(const void *host, int node, uint32_t irq)
{
	int len;
	const fdt32_t *v = fdt_getprop(host, node, "interrupts", &len);

	for (int i = 0; v && i + 3 <= len / 4; i += 3)
		if (fdt32_to_cpu(v[i]) == GIC_SPI_TYPE &&
		    fdt32_to_cpu(v[i + 1]) + GIC_FIRST_SPI == irq)
			return true;
	return false;
}

/* Without a device behind it, a node's MMIO is mapped only with this. */
static int force_where_no_path(void *fdt)
{
	int top = fdt_path_offset(fdt, "/passthrough"), node, depth = 0, rc;

	if (top < 0)
		return 0;
	for (node = fdt_next_node(fdt, top, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (!fdt_getprop(fdt, node, "xen,reg", NULL) ||
		    fdt_getprop(fdt, node, "xen,path", NULL))
			continue;
		rc = fdt_setprop_empty(fdt, node, "xen,force-assign-without-iommu");
		if (rc)
			return rc;
	}
	return 0;
}

struct pt_args {
	const void *host;
	const struct ag_d0l_iomem *iomem;
	size_t n_iomem;
	char *const *dtdevs;
	size_t n_dtdevs;
	const uint32_t *irqs;
	size_t n_irqs;
};

/* rewrite's answers: 0, -FDT_ERR_NOSPACE (try again with more room), or REWRITE_FAILED with e filled. */
#define REWRITE_FAILED 1

/* After ag_err_set has filled e. */
static int failed(int rc)
{
	(void)rc;
	return REWRITE_FAILED;
}

static int fdt_failed(struct ag_err *e, int rc)
{
	if (rc == -FDT_ERR_NOSPACE)
		return rc;
	ag_fdt_fail(e, rc, "device_tree", "cannot rewrite the partial tree: %s", fdt_strerror(rc));
	return REWRITE_FAILED;
}

static int rewrite(void *fdt, const struct pt_args *a, struct ag_err *e)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), rc;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return failed(ag_err_set(e, EINVAL, "device_tree", "the partial tree's root "
				  "#address-cells/#size-cells must be 1 or 2 for xen,reg"));
	for (size_t i = 0; i < a->n_iomem; i++) {
		rc = add_xen_reg(fdt, &a->iomem[i], ac, sc);
		if (rc == -FDT_ERR_NOSPACE)
			return rc;
		if (rc)
			return failed(ag_err_set(e, EINVAL, "iomem", "iomem range %zu (guest address "
					  "%#" PRIx64 ", %#" PRIx64 " bytes): no node under "
					  "/passthrough of the partial tree has a reg covering it",
					  i, a->iomem[i].guest, a->iomem[i].size));
	}
	for (size_t i = 0; i < a->n_dtdevs; i++) {
		struct xen_reg_match m = { 0, ac, sc };
		int hnode = fdt_path_offset(a->host, a->dtdevs[i]), node;

		if (hnode < 0)
			return failed(ag_err_set(e, EINVAL, "dtdev", "dtdev %.100s: no such node in the "
					  "host tree", a->dtdevs[i]));
		if (host_first_address(a->host, hnode, &m.host))
			return failed(ag_err_set(e, EINVAL, "dtdev", "dtdev %.100s: the host node has "
					  "no reg to pair with an iomem range", a->dtdevs[i]));
		node = find_below_passthrough(fdt, maps_host_address, &m);
		if (node < 0)
			return failed(ag_err_set(e, EINVAL, "dtdev", "dtdev %.100s: no iomem range maps "
					  "its host address %#" PRIx64, a->dtdevs[i], m.host));
		rc = fdt_setprop_string(fdt, node, "xen,path", a->dtdevs[i]);
		if (rc)
			return fdt_failed(e, rc);
	}
	for (size_t i = 0; i < a->n_irqs; i++) {
		bool found = false;

		for (size_t k = 0; k < a->n_dtdevs && !found; k++) {
			int hnode = fdt_path_offset(a->host, a->dtdevs[k]);

			found = hnode >= 0 && host_has_spi(a->host, hnode, a->irqs[i]);
		}
		if (!found)
			return failed(ag_err_set(e, EINVAL, "irqs", "irq %" PRIu32 ": no dtdev host node "
					  "has it, and a boot-time domU gets only the interrupts "
					  "of its xen,path nodes", a->irqs[i]));
	}
	rc = force_where_no_path(fdt);
	if (!rc)
		rc = fdt_pack(fdt);
	return rc ? fdt_failed(e, rc) : 0;
}

int ag_d0l_partial(const void *partial, size_t partial_size, const void *host,
		   const struct ag_d0l_iomem *iomem, size_t n_iomem,
		   char *const *dtdevs, size_t n_dtdevs, const uint32_t *irqs, size_t n_irqs,
		   void **out, size_t *out_size, struct ag_err *e)
{
	const struct pt_args a = { host, iomem, n_iomem, dtdevs, n_dtdevs, irqs, n_irqs };
	size_t room = partial_size + PT_SLACK + 64 * (n_iomem + n_dtdevs);

	*out = NULL;
	*out_size = 0;
	for (int tries = 0; tries < 8; tries++, room *= 2) {
		void *buf = malloc(room);
		int rc;

		if (!buf)
			return ag_err_set(e, ENOMEM, NULL, "out of memory");
		rc = fdt_open_into(partial, buf, (int)room);
		if (!rc)
			rc = rewrite(buf, &a, e);
		if (!rc) {
			*out = buf;
			*out_size = fdt_totalsize(buf);
			return 0;
		}
		free(buf);
		if (rc == REWRITE_FAILED)
			return -e->code;
		if (rc != -FDT_ERR_NOSPACE)
			return ag_fdt_fail(e, rc, "device_tree", "cannot read the partial tree: %s",
					   fdt_strerror(rc));
	}
	return ag_err_set(e, EFBIG, "device_tree", "the partial tree grows too large");
}
