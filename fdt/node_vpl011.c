/* SPDX-License-Identifier: MIT */
/* /sbsa-pl011: the emulated SBSA UART, vuart = "sbsa_uart" (libxl make_vpl011_uart_node). */
#include <libfdt.h>

#include "nodes.h"

int make_vpl011_uart_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,sbsa-uart" };
	const struct ag_profile *p = in->profile;
	uint32_t irq[1][3];
	int rc;

	if (ag_profile_irq_cells(p, p->spi_vpl011, p->irq_type_level_high, irq[0]))
		return -FDT_ERR_INTERNAL;
	rc = ag_node_begin(fdt, "sbsa-pl011", compat, 1);
	rc = rc ? rc : ag_prop_regs(fdt, p, &p->pl011, 1);
	rc = rc ? rc : ag_prop_interrupts(fdt, p, (const uint32_t (*)[3])irq, 1);
	rc = rc ? rc : fdt_property_u32(fdt, "current-speed", p->vpl011_current_speed);
	return rc ? rc : fdt_end_node(fdt);
}
