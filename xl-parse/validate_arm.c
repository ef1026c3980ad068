/* SPDX-License-Identifier: MIT */
/*
 * The Arm creation settings Xen 4.18-4.20 added: `sve', `nr_spis' and
 * `llc_colors' (tools/xl/xl_parse.c: parse_config_data, stable-4.20).
 * None changes the tree; each reaches xc_domain_create or the domctl after
 * it (tools/libs/light/libxl_arm.c: libxl__arch_domain_prepare_config,
 * libxl_create.c: libxl__domain_make, stable-4.20).  For a release without
 * them, validate_keys.c refuses the key as not in the release, and these
 * readers leave it alone.
 *
 * Where xl takes a value the hypervisor can only refuse, this refuses it
 * first: nr_spis above vgic.c's bound, an LLC colour Xen cannot have.  What
 * only the host can tell (whether it has SVE and how long its vectors are,
 * whether its Xen colours the cache) is checked by create.
 */
#include "validate_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * libxl_types.idl sve_type (stable-4.20): "hw", "disabled", or a multiple
 * of 128 up to 2048, matched as libxl's enum parser matches (any case).
 */
static void read_sve(struct vctx *c)
{
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE], *end;
	unsigned long vl;
	const char *v;

	if (!v_key_in_release(c, "sve") || v_string(c, "sve", &v, &s))
		return;
	v_pos(&c->g->pos_sve, s);
	if (!strcasecmp(v, "hw")) {
		c->g->sve_vl = AG_SVE_HW;
		return;
	}
	if (!strcasecmp(v, "disabled")) {
		c->g->sve_vl = 0;
		return;
	}
	vl = strtoul(v, &end, 10);
	if (end != v && !*end && *v != '0' && vl % 128 == 0 && vl >= 128 && vl <= 2048) {
		c->g->sve_vl = (uint32_t)vl;
		return;
	}
	v_emit(c, AG_ERROR, s, false,
	       "Unknown sve %s specified: \"hw\", \"disabled\", or a vector length in "
	       "bits, a multiple of 128 from \"128\" to \"2048\"", ag_quote(q, v));
}

/* Xen gets the larger of this and the SPIs libxl counts (create_plan.c). */
static void read_nr_spis(struct vctx *c)
{
	const struct xlcfg_setting *s;
	long l;

	if (!v_key_in_release(c, "nr_spis") || v_long(c, "nr_spis", &l, &s))
		return;
	v_pos(&c->g->pos_nr_spis, s);
	if (l < 0 || (unsigned long)l > c->lim->max_spis) {
		v_emit(c, AG_ERROR, s, false,
		       "nr_spis %ld: Xen gives a guest at most %u SPIs (it rounds the "
		       "count up to 32, and the vGIC has 1020 interrupts, 32 of them "
		       "per CPU), and refuses the domain otherwise", l, c->lim->max_spis);
		return;
	}
	c->g->nr_spis = (uint32_t)l;
}

/* One item: "N" or "A-B" (xl's sscanf "%u-%u"), read strictly. */
static bool colour_range(const char *v, unsigned long *a, unsigned long *b)
{
	char *end;

	if (*v < '0' || *v > '9')
		return false;
	*a = *b = strtoul(v, &end, 10);
	if (*end == '-') {
		v = end + 1;
		if (*v < '0' || *v > '9')
			return false;
		*b = strtoul(v, &end, 10);
	}
	return !*end;
}

static void read_llc_colors(struct vctx *c)
{
	const struct xlcfg_setting *s;
	const struct xlcfg_value *list;
	struct ag_guest *g = c->g;
	char q[AG_QUOTE_SIZE];
	unsigned max = c->lim->llc_colors_max;

	if (!v_key_in_release(c, "llc_colors") || !max || v_list(c, "llc_colors", &list, &s))
		return;
	v_pos(&g->pos_llc_colors, s);
	if (!list->nitems)
		return;
	/* Xen refuses more colours than it has (llc-coloring.c: domain_set_llc_colors). */
	g->llc_colors = calloc(max, sizeof(*g->llc_colors));
	if (!g->llc_colors) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];
		unsigned long a, b;

		if (item->type != XLCFG_STRING) {
			v_emit_at(c, AG_ERROR, "llc_colors", item->line, item->col,
				  "Can't get element %zu in LLC color list: it is a list", i);
			continue;
		}
		if (!colour_range(item->str, &a, &b)) {
			v_emit_at(c, AG_ERROR, "llc_colors", item->line, item->col,
				  "Invalid LLC color range: %s (a colour \"N\" or a range "
				  "\"A-B\")", ag_quote(q, item->str));
			continue;
		}
		if (a > b) {
			v_emit_at(c, AG_ERROR, "llc_colors", item->line, item->col,
				  "Start LLC color is greater than end: %s", ag_quote(q, item->str));
			continue;
		}
		if (b >= max || g->n_llc_colors + (b - a + 1) > max) {
			v_emit_at(c, AG_ERROR, "llc_colors", item->line, item->col,
				  "LLC colors %s: Xen %u.%u has at most %u colours, numbered "
				  "0-%u (xen/common/Kconfig: LLC_COLORS_ORDER), and refuses more",
				  ag_quote(q, item->str), c->lim->xen_major, c->lim->xen_minor,
				  max, max - 1);
			continue;
		}
		for (unsigned long k = a; k <= b; k++)
			g->llc_colors[g->n_llc_colors++] = (uint32_t)k;
	}
}

void validate_arm_settings(struct vctx *c)
{
	if (!v_is_arm(c))
		return;
	read_sve(c);
	read_nr_spis(c);
	read_llc_colors(c);
}
