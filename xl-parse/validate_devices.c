/* SPDX-License-Identifier: MIT */
/*
 * Devices and passthrough (tools/xl/xl_parse.c: parse_config_data, stable-4.17): vuart, tee, irqs, iomem, dtdev,
 * passthrough, acpi, and the raw disk and vif lists.  xl stops reading a
 * disk/vif/dtdev list at the first item that is itself a list, silently
 * dropping the rest; we refuse such a list instead.
 */
#include "validate_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void read_vuart(struct vctx *c)
{
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	const char *v;

	if (v_string(c, "vuart", &v, &s))
		return;
	v_pos(&c->g->pos_vuart, s);
	/* libxl's vuart enum: "unknown" (off) and "sbsa_uart". */
	if (!strcasecmp(v, "sbsa_uart"))
		c->g->vuart = true;
	else if (strcasecmp(v, "unknown"))
		v_emit(c, AG_ERROR, s, false,
		       "invalid value %s for \"vuart\": the only vuart is "
		       "\"sbsa_uart\"", ag_quote(q, v));
}

static void read_tee(struct vctx *c)
{
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	const char *v;

	if (v_string(c, "tee", &v, &s))
		return;
	v_pos(&c->g->pos_tee, s);
	/* libxl_types.idl tee_type: "ffa" since 4.18 (no node: FF-A is found by SMC). */
	if (!strcasecmp(v, "optee"))
		c->g->tee = AG_TEE_OPTEE;
	else if (!strcasecmp(v, "ffa") && c->lim->tee_ffa)
		c->g->tee = AG_TEE_FFA;
	else if (!strcasecmp(v, "ffa"))
		v_emit(c, AG_ERROR, s, false,
		       "Unknown tee %s specified: tee = \"ffa\" was added in Xen 4.18; "
		       "this guest is built for Xen %u.%u (\"none\" or \"optee\")",
		       ag_quote(q, v), c->lim->xen_major, c->lim->xen_minor);
	else if (strcasecmp(v, "none"))
		v_emit(c, AG_ERROR, s, false,
		       "Unknown tee %s specified: accepted values are \"none\", "
		       "\"optee\"%s", ag_quote(q, v),
		       c->lim->tee_ffa ? " and \"ffa\"" : " (and \"ffa\" from Xen 4.18)");
}

/* One irqs item, as xl reads it: decimal, the whole item, < 0xffffffff. */
static bool parse_irq(struct vctx *c, const struct xlcfg_value *item,
		      size_t i, uint32_t *out)
{
	char q[AG_QUOTE_SIZE];
	unsigned long ul;
	char *end;

	if (item->type != XLCFG_STRING) {
		v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
			  "Unable to get element %zu in irq list: it is a list, "
			  "not a number", i);
		return false;
	}
	errno = 0;
	ul = strtoul(item->str, &end, 10);
	if (end == item->str || *end) {
		v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
			  "Invalid argument parsing irq: %s (IRQs are decimal "
			  "numbers)", ag_quote(q, item->str));
		return false;
	}
	if (errno == ERANGE || ul >= UINT32_MAX) {
		v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
			  "irq %s too big", ag_quote(q, item->str));
		return false;
	}
	*out = (uint32_t)ul;
	return true;
}

/* What Xen and libxl refuse for an Arm guest's physical IRQ. */
static void check_arm_irq(struct vctx *c, const struct xlcfg_value *item,
			  uint32_t irq)
{
	if (irq < c->lim->first_spi)
		v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
			  "irq %u cannot be routed to an Arm guest: only SPIs "
			  "(%u and up) can be, and Xen refuses the rest (\"IRQ can "
			  "only be routed to an SPI\")", irq, c->lim->first_spi);
	else if (c->g->vuart && irq == c->lim->spi_vpl011)
		v_emit_at(c, AG_ERROR, "irqs", item->line, item->col,
			  "Physical IRQ %u conflicting with pl011 SPI: the vuart "
			  "uses SPI %u; drop this IRQ or the vuart", irq,
			  c->lim->spi_vpl011);
}

static void read_irqs(struct vctx *c)
{
	const struct xlcfg_setting *s;
	const struct xlcfg_value *list;
	struct ag_guest *g = c->g;

	if (v_list(c, "irqs", &list, &s))
		return;
	v_pos(&g->pos_irqs, s);
	if (!list->nitems)
		return;
	g->irqs = calloc(list->nitems, sizeof(*g->irqs));
	if (!g->irqs) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < list->nitems; i++) {
		uint32_t irq;

		if (!parse_irq(c, list->items[i], i, &irq))
			continue;
		if (v_is_arm(c))
			check_arm_irq(c, list->items[i], irq);
		g->irqs[g->n_irqs++] = irq;
	}
}

/* A hex frame number as C's %lx reads it (blanks, sign, 0x prefix). */
static bool parse_frame(const char *p, uint64_t *out, const char **end)
{
	char *e;
	unsigned long long v;

	errno = 0;
	v = strtoull(p, &e, 16);
	if (e == p || errno == ERANGE)
		return false;
	*out = v;
	*end = e;
	return true;
}

/* "START,NUM[@GFN]" with xl's sscanf rules (xl_parse.c: parse_config_data). */
static bool parse_iomem(const char *s, struct ag_iomem *m)
{
	const char *p;

	if (!parse_frame(s, &m->start_pfn, &p) || *p != ',')
		return false;
	if (!parse_frame(p + 1, &m->nr_pfns, &p))
		return false;
	m->gfn = m->start_pfn;
	if (*p == '@' && !parse_frame(p + 1, &m->gfn, &p))
		return false;
	return *p == '\0';
}

static void check_iomem(struct vctx *c, const struct xlcfg_value *item,
			const struct ag_iomem *m)
{
	char q[AG_QUOTE_SIZE];

	if (m->nr_pfns == 0)
		v_emit_at(c, AG_ERROR, "iomem", item->line, item->col,
			  "iomem %s maps no pages: Xen refuses an empty range",
			  ag_quote(q, item->str));
	else if (m->start_pfn + (m->nr_pfns - 1) < m->start_pfn ||
		 m->gfn + (m->nr_pfns - 1) < m->gfn)
		v_emit_at(c, AG_ERROR, "iomem", item->line, item->col,
			  "iomem %s runs past the last frame number",
			  ag_quote(q, item->str));
}

static void read_iomem(struct vctx *c)
{
	const struct xlcfg_setting *s;
	const struct xlcfg_value *list;
	struct ag_guest *g = c->g;
	char q[AG_QUOTE_SIZE];

	if (v_list(c, "iomem", &list, &s))
		return;
	v_pos(&g->pos_iomem, s);
	if (!list->nitems)
		return;
	g->iomem = calloc(list->nitems, sizeof(*g->iomem));
	if (!g->iomem) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];
		struct ag_iomem m;

		if (item->type != XLCFG_STRING) {
			v_emit_at(c, AG_ERROR, "iomem", item->line, item->col,
				  "Unable to get element %zu in iomem list: it is "
				  "a list, not \"START,NUM_PAGES[@GFN]\"", i);
			continue;
		}
		if (!parse_iomem(item->str, &m)) {
			v_emit_at(c, AG_ERROR, "iomem", item->line, item->col,
				  "Invalid argument parsing iomem: %s (expected "
				  "\"START,NUM_PAGES[@GFN]\", hexadecimal 4 KiB "
				  "frame numbers)", ag_quote(q, item->str));
			continue;
		}
		check_iomem(c, item, &m);
		g->iomem[g->n_iomem++] = m;
	}
}

/*
 * A list of strings kept verbatim.  Returns false (error reported) if an
 * item is a list: xl would silently drop it and everything after it.
 */
static bool read_string_list(struct vctx *c, const char *key, char ***out,
			     size_t *n, struct ag_pos *pos,
			     const struct xlcfg_value **list_out)
{
	const struct xlcfg_setting *s;
	const struct xlcfg_value *list;
	bool ok = true;

	*list_out = NULL;
	if (v_list(c, key, &list, &s))
		return false;
	v_pos(pos, s);
	*list_out = list;
	if (!list->nitems)
		return true;
	*out = calloc(list->nitems, sizeof(**out));
	if (!*out) {
		c->nomem = true;
		return false;
	}
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];

		if (item->type != XLCFG_STRING) {
			v_emit_at(c, AG_ERROR, key, item->line, item->col,
				  "element %zu of `%s' is a list, not a string "
				  "(xl 4.17 would silently drop it and every later "
				  "element)", i, key);
			ok = false;
			continue;
		}
		(*out)[*n] = v_strdup(c, item->str);
		if (!(*out)[*n])
			return false;
		(*n)++;
	}
	return ok;
}

static void read_dtdevs(struct vctx *c)
{
	struct ag_guest *g = c->g;
	const struct xlcfg_value *list;
	char q[AG_QUOTE_SIZE];

	read_string_list(c, "dtdev", &g->dtdevs, &g->n_dtdevs, &g->pos_dtdev,
			 &list);
	if (!list)
		return;
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];

		if (item->type == XLCFG_STRING && item->str[0] != '/')
			v_emit_at(c, AG_ERROR, "dtdev", item->line, item->col,
				  "dtdev %s is not an absolute host device-tree "
				  "path (it must start with \"/\")",
				  ag_quote(q, item->str));
	}
}

/*
 * tools/libs/light/libxl_create.c: libxl__domain_config_setdefault
 * (stable-4.17): "default" is enabled when there are devices to pass
 * through, and anything but "disabled" sets XEN_DOMCTL_CDF_iommu, even with
 * no device (so that some can be assigned later).  `pci' is refused on Arm
 * (keys.c), so the devices are the dtdevs.
 */
static void read_passthrough(struct vctx *c)
{
	static const struct {
		const char *name;
		int mode; /* -1: default */
	} modes[] = {
		{ "default", -1 }, { "disabled", AG_PT_DISABLED },
		{ "enabled", AG_PT_ENABLED }, { "share_pt", AG_PT_ENABLED },
		{ "sync_pt", AG_PT_ENABLED },
	};
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	const char *v;
	int mode = -1;
	size_t i;

	c->g->passthrough = c->g->n_dtdevs ? AG_PT_ENABLED : AG_PT_DISABLED;
	if (v_string(c, "passthrough", &v, &s))
		return;
	v_pos(&c->g->pos_passthrough, s);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcasecmp(v, modes[i].name))
			break;
	if (i == sizeof(modes) / sizeof(modes[0])) {
		v_emit(c, AG_ERROR, s, false,
		       "unknown passthrough option %s: accepted values are \"default\", "
		       "\"disabled\", \"enabled\", \"share_pt\" and \"sync_pt\"",
		       ag_quote(q, v));
		return;
	}
	mode = modes[i].mode;
	if (!strcasecmp(v, "sync_pt") && v_is_arm(c))
		v_emit(c, AG_ERROR, s, false,
		       "passthrough=\"sync_pt\" not supported on ARM: use "
		       "\"share_pt\" (or \"enabled\")");
	if (mode == AG_PT_DISABLED && c->g->n_dtdevs)
		v_emit(c, AG_ERROR, s, false,
		       "passthrough disabled but devices are specified (`dtdev')");
	if (mode >= 0)
		c->g->passthrough = (enum ag_passthrough)mode;
}

static void read_acpi(struct vctx *c)
{
	const struct xlcfg_setting *s;
	bool acpi;

	/* Arm's default is off (libxl); x86 HVM's is on, irrelevant here. */
	if (v_defbool(c, "acpi", &acpi, &s))
		return;
	c->g->acpi = acpi;
	v_pos(&c->g->pos_acpi, s);
	if (acpi && c->opts->arch == AG_ARCH_ARM32)
		v_emit(c, AG_ERROR, s, false,
		       "acpi = 1 cannot work on arm32: libxl builds ACPI tables "
		       "only for 64-bit Arm guests");
}

void validate_devices(struct vctx *c)
{
	struct ag_guest *g = c->g;
	const struct xlcfg_value *list;

	read_vuart(c);
	read_tee(c);
	read_irqs(c);
	read_iomem(c);
	read_dtdevs(c);
	read_passthrough(c);
	read_acpi(c);
	read_string_list(c, "disk", &g->disks, &g->n_disks, &g->pos_disk, &list);
	read_string_list(c, "vif", &g->vifs, &g->n_vifs, &g->pos_vif, &list);
}
