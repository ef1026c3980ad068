/* SPDX-License-Identifier: MIT */
/*
 * The host tree for a dom0less boot: read what the board has (its RAM, its
 * GIC, the modules already there), then add one /chosen/domU<N> node per
 * guest with its module subnodes, Xen's and dom0's command lines and dom0's
 * modules, the way Xen reads them (docs/misc/arm/device-tree/booting.txt,
 * stable-4.17 and stable-4.20: "Creation of DomUs", "Dom0 kernel and
 * ramdisk").  One writer per node; libfdt's read-write calls on a copy of
 * the host tree, which grows and is written again when it runs out of room.
 */
#include "dom0less.h"

#include <errno.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nodes.h"
#include "partial.h"

/* The cells of every reg this file writes: 64-bit addresses and sizes. */
#define D0L_CELLS 2
/* Room added to the host tree before editing; doubled on -FDT_ERR_NOSPACE. */
#define D0L_SLACK 8192
#define D0L_MAX_TREE (64u << 20)
#define D0L_MAX_DOMU_NODES 1000

/* ---- reading the host tree ---------------------------------------------- */

/* Append the reg ranges of node (in its parent's cells) to r. */
static int add_regs(const void *fdt, int node, struct ag_d0l_range *r, size_t *n, size_t max)
{
	int parent = fdt_parent_offset(fdt, node), ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return parent;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return 0;
	for (int i = 0; i + ac + sc <= len / 4; i += ac + sc) {
		if (*n == max)
			return -FDT_ERR_NOSPACE;
		r[*n].base = ag_get_cells(reg + i, ac);
		r[*n].size = ag_get_cells(reg + i + ac, sc);
		(*n)++;
	}
	return 0;
}

static const char *const gic_v3_compat[] = { "arm,gic-v3" };
static const char *const gic_v2_compat[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
};

static enum ag_gic host_gic(const void *fdt)
{
	for (size_t i = 0; i < sizeof(gic_v3_compat) / sizeof(gic_v3_compat[0]); i++)
		if (fdt_node_offset_by_compatible(fdt, -1, gic_v3_compat[i]) >= 0)
			return AG_GIC_V3;
	for (size_t i = 0; i < sizeof(gic_v2_compat) / sizeof(gic_v2_compat[0]); i++)
		if (fdt_node_offset_by_compatible(fdt, -1, gic_v2_compat[i]) >= 0)
			return AG_GIC_V2;
	return AG_GIC_DEFAULT;
}

static int read_memory_nodes(const void *fdt, struct ag_d0l_host *h)
{
	int node, rc;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory"))
			continue;
		rc = add_regs(fdt, node, h->ram, &h->n_ram, AG_D0L_MAX_BANKS);
		if (rc)
			return rc;
	}
	return 0;
}

/* The modules already in /chosen (at any depth: a domU's too) and /memreserve/. */
static int read_busy(const void *fdt, struct ag_d0l_host *h)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node, depth = 0, rc;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		if (h->n_busy == AG_D0L_MAX_BUSY)
			return -FDT_ERR_NOSPACE;
		if (fdt_get_mem_rsv(fdt, i, &h->busy[h->n_busy].base, &h->busy[h->n_busy].size))
			return -FDT_ERR_BADSTRUCTURE;
		h->n_busy++;
	}
	if (chosen < 0)
		return 0;
	for (node = fdt_next_node(fdt, chosen, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (fdt_node_check_compatible(fdt, node, "multiboot,module") &&
		    fdt_node_check_compatible(fdt, node, "multiboot,kernel") &&
		    fdt_node_check_compatible(fdt, node, "multiboot,ramdisk") &&
		    fdt_node_check_compatible(fdt, node, "multiboot,device-tree"))
			continue;
		rc = add_regs(fdt, node, h->busy, &h->n_busy, AG_D0L_MAX_BUSY);
		if (rc)
			return rc;
	}
	return 0;
}

int ag_d0l_host_read(const void *fdt, size_t size, struct ag_d0l_host *out, struct ag_err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > size)
		return ag_err_set(e, EINVAL, NULL, "the host tree is not a flattened device tree");
	rc = ag_fdt_check_structure(fdt, size, "the host tree", NULL, e);
	if (rc)
		return rc;
	rc = read_memory_nodes(fdt, out);
	if (rc)
		return ag_fdt_fail(e, rc, NULL, "the host tree's memory nodes: %s",
				   fdt_strerror(rc));
	if (!out->n_ram)
		return ag_err_set(e, EINVAL, NULL, "the host tree has no memory node");
	rc = read_busy(fdt, out);
	if (rc)
		return ag_fdt_fail(e, rc, NULL, "the host tree's modules and reserved memory: %s",
				   fdt_strerror(rc));
	out->gic = host_gic(fdt);
	if (out->gic == AG_GIC_DEFAULT)
		return ag_err_set(e, EINVAL, NULL, "the host tree has no GICv2 or GICv3 node");
	return 0;
}

/* ---- the edits: one writer per node ------------------------------------- */

static int set_u64_reg(void *fdt, int node, uint64_t addr, uint64_t size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(addr), cpu_to_fdt64(size) };

	return fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

static int set_cells(void *fdt, int node)
{
	int rc = fdt_setprop_u32(fdt, node, "#size-cells", D0L_CELLS);

	return rc ? rc : fdt_setprop_u32(fdt, node, "#address-cells", D0L_CELLS);
}

/* "compatible" = "multiboot,<kind>", "multiboot,module". */
static int set_module_compat(void *fdt, int node, const char *kind)
{
	char compat[64];
	int n = snprintf(compat, sizeof(compat), "multiboot,%s", kind);

	memcpy(compat + n + 1, "multiboot,module", sizeof("multiboot,module"));
	return fdt_setprop(fdt, node, "compatible", compat,
			   n + 1 + (int)sizeof("multiboot,module"));
}

/*
 * libfdt's fdt_setprop puts a new property first in its node, and
 * fdt_add_subnode a new node first among its siblings: every writer here
 * adds them last to first, so that the tree reads in the usual order.
 */

/* A module@<addr> node under parent: kernel, ramdisk or device-tree. */
static int make_module_node(void *fdt, int parent, const char *kind,
			    const struct ag_d0l_module *m, const char *bootargs)
{
	char name[32];
	int node, rc = 0;

	snprintf(name, sizeof(name), "module@%" PRIx64, m->addr);
	node = fdt_add_subnode(fdt, parent, name);
	if (node < 0)
		return node;
	if (bootargs)
		rc = fdt_setprop_string(fdt, node, "bootargs", bootargs);
	if (!rc)
		rc = set_u64_reg(fdt, node, m->addr, m->size);
	if (!rc)
		rc = set_module_compat(fdt, node, kind);
	return rc;
}

/*
 * The numbers of the domU<N> nodes, in config order: the first ones no node
 * of the host's /chosen is called.
 */
static int number_domus(const void *fdt, int chosen, unsigned *nums, size_t n)
{
	unsigned next = 1;
	char name[16];

	for (size_t i = 0; i < n; i++, next++) {
		for (;; next++) {
			if (next >= D0L_MAX_DOMU_NODES)
				return -FDT_ERR_EXISTS;
			snprintf(name, sizeof(name), "domU%u", next);
			if (fdt_subnode_offset(fdt, chosen, name) == -FDT_ERR_NOTFOUND)
				break;
		}
		nums[i] = next;
	}
	return 0;
}

/* Xen 4.18+ u32 properties, written when set. */
static int set_optional_u32(void *fdt, int node, const char *prop, int32_t v)
{
	return v == AG_UNSET ? 0 : fdt_setprop_u32(fdt, node, prop, (uint32_t)v);
}

/* /chosen/domU<N>: compatible "xen,domain", the guest's properties, its modules. */
static int make_domu_node(void *fdt, int chosen, const struct ag_d0l_domu *u, unsigned num)
{
	char name[16];
	fdt32_t mem[2] = { cpu_to_fdt32((uint32_t)(u->memory_kib >> 32)),
			   cpu_to_fdt32((uint32_t)u->memory_kib) };
	int node, rc = 0;

	snprintf(name, sizeof(name), "domU%u", num);
	node = fdt_add_subnode(fdt, chosen, name);
	if (node < 0)
		return node;
	if (u->partial.size)
		rc = make_module_node(fdt, node, "device-tree", &u->partial, NULL);
	if (!rc && u->ramdisk.size)
		rc = make_module_node(fdt, node, "ramdisk", &u->ramdisk, NULL);
	if (!rc)
		rc = make_module_node(fdt, node, "kernel", &u->kernel, u->bootargs);
	if (!rc && u->llc_colors)
		rc = fdt_setprop_string(fdt, node, "llc-colors", u->llc_colors);
	if (!rc && u->sve_max)
		rc = fdt_setprop_empty(fdt, node, "sve");
	else if (!rc && u->sve_vl)
		rc = fdt_setprop_u32(fdt, node, "sve", u->sve_vl);
	if (!rc && u->nr_spis)
		rc = fdt_setprop_u32(fdt, node, "nr_spis", u->nr_spis);
	if (!rc && u->passthrough != AG_UNSET)
		rc = fdt_setprop_string(fdt, node, "passthrough",
					u->passthrough ? "enabled" : "disabled");
	if (!rc)
		rc = set_optional_u32(fdt, node, "max_maptrack_frames", u->max_maptrack_frames);
	if (!rc)
		rc = set_optional_u32(fdt, node, "max_grant_frames", u->max_grant_frames);
	if (!rc)
		rc = set_optional_u32(fdt, node, "max_grant_version", u->max_grant_version);
	if (!rc && u->p2m_mb)
		rc = fdt_setprop_u32(fdt, node, "xen,domain-p2m-mem-mb", u->p2m_mb);
	if (!rc && u->enhanced)
		rc = fdt_setprop_string(fdt, node, "xen,enhanced", "enabled");
	if (!rc && u->vpl011)
		rc = fdt_setprop_empty(fdt, node, "vpl011");
	if (!rc)
		rc = fdt_setprop_u32(fdt, node, "cpus", u->cpus);
	if (!rc)
		rc = fdt_setprop(fdt, node, "memory", mem, sizeof(mem));
	if (!rc)
		rc = set_cells(fdt, node);
	if (!rc)
		rc = fdt_setprop_string(fdt, node, "compatible", "xen,domain");
	return rc;
}

/* /chosen's own properties: the cells of its modules, Xen's and dom0's command lines. */
static int make_chosen_props(void *fdt, int chosen, const struct ag_d0l_edit *ed)
{
	int rc = set_cells(fdt, chosen);

	if (!rc && ed->xen_bootargs)
		rc = fdt_setprop_string(fdt, chosen, "xen,xen-bootargs", ed->xen_bootargs);
	if (!rc && ed->dom0_bootargs)
		rc = fdt_setprop_string(fdt, chosen, "xen,dom0-bootargs", ed->dom0_bootargs);
	return rc;
}

/* The host node a guest is given: xen,passthrough, so that dom0 leaves it alone. */
static int mark_passthrough_node(void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	return node < 0 ? node : fdt_setprop_empty(fdt, node, "xen,passthrough");
}

/*
 * The modules already in /chosen use its cells; every reg written here uses
 * two.  A host tree whose /chosen says otherwise and already holds modules
 * would have them misread.
 */
static int check_chosen_cells(const void *fdt, int chosen)
{
	int node;

	if (fdt_address_cells(fdt, chosen) == D0L_CELLS && fdt_size_cells(fdt, chosen) == D0L_CELLS)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen)
		if (fdt_getprop(fdt, node, "reg", NULL))
			return -FDT_ERR_BADNCELLS;
	return 0;
}

static int edit(void *fdt, const struct ag_d0l_edit *ed, unsigned *nums, const char **what)
{
	int chosen, rc;

	*what = "/chosen";
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;
	rc = check_chosen_cells(fdt, chosen);
	if (!rc)
		rc = number_domus(fdt, chosen, nums, ed->n_domus);
	if (!rc)
		rc = make_chosen_props(fdt, chosen, ed);
	for (size_t i = ed->n_domus; !rc && i-- > 0;) {
		*what = "a domU node";
		rc = make_domu_node(fdt, chosen, &ed->domus[i], nums[i]);
	}
	*what = "dom0's modules";
	if (!rc && ed->dom0_ramdisk.size)
		rc = make_module_node(fdt, chosen, "ramdisk", &ed->dom0_ramdisk, NULL);
	if (!rc && ed->dom0_kernel.size)
		rc = make_module_node(fdt, chosen, "kernel", &ed->dom0_kernel, NULL);
	for (size_t i = 0; !rc && i < ed->n_passthrough; i++) {
		*what = ed->passthrough[i];
		rc = mark_passthrough_node(fdt, ed->passthrough[i]);
	}
	if (!rc)
		rc = fdt_pack(fdt);
	return rc;
}

int ag_d0l_edit_tree(const void *host, size_t host_size, const struct ag_d0l_edit *ed,
		     void **out, size_t *out_size, struct ag_err *e)
{
	size_t room = host_size + D0L_SLACK;
	const char *what = "the tree";

	*out = NULL;
	*out_size = 0;
	if (host_size < sizeof(struct fdt_header) || fdt_check_header(host) ||
	    fdt_totalsize(host) > host_size)
		return ag_err_set(e, EINVAL, NULL, "the host tree is not a flattened device tree");
	for (;;) {
		void *buf = malloc(room);
		unsigned *nums = calloc(ed->n_domus ? ed->n_domus : 1, sizeof(*nums));
		int rc;

		if (!buf || !nums) {
			free(buf);
			free(nums);
			return ag_err_set(e, ENOMEM, NULL, "out of memory");
		}
		rc = fdt_open_into(host, buf, (int)room);
		if (!rc)
			rc = edit(buf, ed, nums, &what);
		free(nums);
		if (!rc) {
			*out = buf;
			*out_size = fdt_totalsize(buf);
			return 0;
		}
		free(buf);
		if (rc != -FDT_ERR_NOSPACE || room >= D0L_MAX_TREE) {
			if (rc == -FDT_ERR_BADNCELLS)
				return ag_fdt_fail(e, rc, NULL, "the host tree's /chosen holds modules "
						   "with #address-cells/#size-cells other than 2");
			return ag_fdt_fail(e, rc, NULL, "cannot write %s into the host tree: %s",
					   what, fdt_strerror(rc));
		}
		room *= 2;
	}
}
