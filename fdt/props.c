/* SPDX-License-Identifier: MIT */
/* Property encodings shared by the node functions (libxl_arm.c helpers). */
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nodes.h"

/* The longest reg libxl writes: the hypervisor's 3 (address, size) pairs. */
#define REG_CELLS_MAX 16
#define INTERRUPTS_MAX 3

uint32_t ag_vcpu_mpidr(unsigned vcpu)
{
	return (vcpu & 0xfu) | ((vcpu >> 4) & 0xffu) << 8;
}

uint32_t *ag_put_cells(uint32_t *cells, unsigned n, uint64_t v)
{
	for (unsigned i = n; i-- > 0;) {
		cells[i] = cpu_to_fdt32((uint32_t)v);
		v >>= 32;
	}
	return cells + n;
}

uint64_t ag_get_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(cells[i]);
	return v;
}

int ag_prop_compat(void *fdt, const char *const *compat, size_t n)
{
	size_t len = 0;
	void *val;
	char *p;
	int rc;

	for (size_t i = 0; i < n; i++)
		len += strlen(compat[i]) + 1;
	rc = fdt_property_placeholder(fdt, "compatible", (int)len, &val);
	if (rc)
		return rc;
	p = val;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(compat[i]) + 1;

		memcpy(p, compat[i], l);
		p += l;
	}
	return 0;
}

int ag_node_begin(void *fdt, const char *name, const char *const *compat, size_t n)
{
	int rc = fdt_begin_node(fdt, name);

	return rc || !n ? rc : ag_prop_compat(fdt, compat, n);
}

int ag_prop_cells(void *fdt, const struct ag_cell_prop *props, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++)
		rc = fdt_property_cell(fdt, props[i].name, props[i].val);
	return rc;
}

int ag_prop_regs(void *fdt, const struct ag_profile *p,
		 const struct ag_region *regs, size_t n)
{
	uint32_t cells[REG_CELLS_MAX], *c = cells;
	unsigned per = p->root_address_cells + p->root_size_cells;

	if (n * per > REG_CELLS_MAX)
		return -FDT_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		c = ag_put_cells(c, p->root_address_cells, regs[i].base);
		c = ag_put_cells(c, p->root_size_cells, regs[i].size);
	}
	return fdt_property(fdt, "reg", cells, (int)(n * per * sizeof(cells[0])));
}

int ag_prop_reg_placeholder(void *fdt, const struct ag_profile *p, size_t n)
{
	const struct ag_region zero[REG_CELLS_MAX] = { { 0, 0 } };

	return ag_prop_regs(fdt, p, zero, n);
}

int ag_prop_interrupts(void *fdt, const struct ag_profile *p,
		       const uint32_t (*irqs)[3], size_t n)
{
	uint32_t cells[INTERRUPTS_MAX * 3];
	int rc;

	if (n > INTERRUPTS_MAX)
		return -FDT_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++)
		for (unsigned j = 0; j < 3; j++)
			cells[i * 3 + j] = cpu_to_fdt32(irqs[i][j]);
	rc = fdt_property(fdt, "interrupts", cells, (int)(n * 3 * sizeof(cells[0])));
	if (rc)
		return rc;
	return fdt_property_cell(fdt, "interrupt-parent", p->phandle_gic);
}

int ag_fdt_fail(struct ag_err *err, int fdt_rc, const char *key, const char *fmt, ...)
{
	va_list ap;

	/* A tree past the size bound is too big; anything else is malformed. */
	err->code = fdt_rc == -FDT_ERR_NOSPACE ? EFBIG : EINVAL;
	err->fdt = -fdt_rc;
	err->key = key;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -err->code;
}
