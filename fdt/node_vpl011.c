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
	WHY(in, "/sbsa-pl011", NULL, .kind = AG_WHY_KEY, .keys = { "vuart" },
	    .rule = "vuart = \"sbsa_uart\": Xen's emulated SBSA UART");
	WHY(in, "/sbsa-pl011", "compatible", .kind = AG_WHY_RULE, .rule = "\"arm,sbsa-uart\"");
	WHY(in, "/sbsa-pl011", "reg", .kind = AG_WHY_PROFILE, .fields = { FIELD(pl011) });
	WHY_INTERRUPTS(in, "/sbsa-pl011", "the vpl011 SPI, level-high", FIELD(spi_vpl011),
		       FIELD(irq_type_level_high));
	WHY(in, "/sbsa-pl011", "current-speed", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(vpl011_current_speed) });
	return rc ? rc : fdt_end_node(fdt);
}
