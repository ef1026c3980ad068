/* SPDX-License-Identifier: MIT */
/*
 * Every key of the config against the known-key table (keys.c), for the
 * guest's Xen release.  Keys xl does not know are warnings, as xl itself
 * ignores them (most are typos of keys it does know).  A known key is either
 * honoured (its validator reads it), or said something about here, with the
 * table's reason: refused (an error), ignored (a warning), a device armguest
 * has no back end for (one diagnostic per device), or of no effect on Arm (a
 * note).  One diagnostic per key, at its winning (last) assignment.  check,
 * dtb and create all run this, so a config is never a surprise at create time.
 */
#include "validate_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"

/*
 * Unknown keys reported one by one; the rest are counted in one warning,
 * which keeps the output (and the suggestion search) bounded for a file
 * of nothing but junk.
 */
#define MAX_UNKNOWN_KEY_WARNINGS 100

static void check_unknown(struct vctx *c, const struct xlcfg_setting *s,
			  size_t *unknown)
{
	const char *suggestion;

	if (++*unknown > MAX_UNKNOWN_KEY_WARNINGS)
		return;
	suggestion = ag_key_suggest(s->key);
	if (suggestion)
		v_emit(c, AG_WARNING, s, true, "unknown key `%s' (did you mean `%s'?)",
		       s->key, suggestion);
	else
		v_emit(c, AG_WARNING, s, true, "unknown key `%s'", s->key);
}

/* Does the row's condition hold for this value?  (An unreadable one is reported.) */
static bool applies(struct vctx *c, const struct ag_key_info *k,
		    const struct xlcfg_setting *s)
{
	const struct xlcfg_setting *ws;
	bool b;

	switch (k->when) {
	case AG_WHEN_SET:
		return true;
	case AG_WHEN_OWNED:
		return false;
	case AG_WHEN_FALSE:
	case AG_WHEN_TRUE:
		if (v_defbool(c, k->name, &b, &ws))
			return false;
		return b == (k->when == AG_WHEN_TRUE);
	case AG_WHEN_NONZERO:
		/* altp2m is a number or a mode name; "disabled" is its 0. */
		return s->value->type != XLCFG_STRING ||
		       (strcmp(s->value->str, "0") && strcasecmp(s->value->str, "disabled"));
	}
	return true;
}

/* One diagnostic per device in the list (xl makes one device of each item). */
static void check_devices(struct vctx *c, const struct ag_key_info *k,
			  const struct xlcfg_setting *s)
{
	static const struct {
		enum ag_severity sev;
		const char *verb, *hint;
	} modes[] = {
		[AG_DEVICES_WARN] = { AG_WARNING, "would not be created",
				      "armguest create refuses it unless --without-devices" },
		[AG_DEVICES_REFUSE] = { AG_ERROR, "cannot be created",
					"create --without-devices leaves it out" },
		[AG_DEVICES_LEAVE_OUT] = { AG_WARNING, "is left out (--without-devices)",
					   NULL },
	};
	/* validate_devices.c reads these lists itself, and reports their shape. */
	bool shape_checked = !strcmp(k->name, "disk") || !strcmp(k->name, "vif");
	/* vsnd's devices are lists themselves (tools/xl/xl_parse.c: parse_vsnd_config). */
	bool nested = !strcmp(k->name, "vsnd");
	const struct xlcfg_setting *ls;
	const struct xlcfg_value *list;
	unsigned m = c->opts->devices;
	char q[AG_QUOTE_SIZE];

	if (m >= sizeof(modes) / sizeof(modes[0]))
		m = AG_DEVICES_REFUSE;
	if (s->value->type == XLCFG_STRING) {
		if (!shape_checked)
			v_list(c, k->name, &list, &ls); /* libxlutil's error for a single value */
		return;
	}
	list = s->value;
	for (size_t i = 0; i < list->nitems && !nested && !shape_checked; i++)
		if (list->items[i]->type != XLCFG_STRING)
			v_emit_at(c, AG_ERROR, k->name, list->items[i]->line,
				  list->items[i]->col,
				  "element %zu of `%s' is a list, not a string (xl would "
				  "silently drop it and every later element)", i, k->name);
	for (size_t i = 0; i < list->nitems; i++) {
		const struct xlcfg_value *item = list->items[i];
		char what[AG_QUOTE_SIZE + 32];

		if (item->type == XLCFG_STRING)
			snprintf(what, sizeof(what), "%s", ag_quote(q, item->str));
		else
			snprintf(what, sizeof(what), "number %zu", i);
		v_emit_at(c, modes[m].sev, k->name, item->line, item->col,
			  "%s device %s %s: %s%s%s", k->name, what, modes[m].verb, k->why,
			  modes[m].hint ? "; " : "", modes[m].hint ? modes[m].hint : "");
	}
}

static void check_arm_key(struct vctx *c, const struct ag_key_info *k,
			  const struct xlcfg_setting *s, enum ag_release rel)
{
	bool at_key = k->when == AG_WHEN_SET;

	switch (k->status[rel]) {
	case AG_KS_ABSENT:
		v_emit(c, AG_ERROR, s, true,
		       "`%s' was added in Xen 4.%u; this guest is built for Xen %s",
		       k->name, k->since, ag_release_name(rel));
		break;
	case AG_KS_PENDING:
		v_emit(c, AG_ERROR, s, true, "`%s' is not supported for Xen %s: %s",
		       k->name, ag_release_name(rel), k->why);
		break;
	case AG_KS_REFUSED:
		if (applies(c, k, s))
			v_emit(c, AG_ERROR, s, at_key, "`%s' refused: %s", k->name, k->why);
		break;
	case AG_KS_WARNED:
		if (applies(c, k, s))
			v_emit(c, c->opts->exact ? AG_ERROR : AG_WARNING, s, at_key,
			       "`%s' is ignored: %s", k->name, k->why);
		break;
	case AG_KS_DEVICE:
		check_devices(c, k, s);
		break;
	case AG_KS_X86:
		v_emit(c, AG_NOTE, s, true, "`%s' has no effect on Arm (x86 only)", k->name);
		break;
	case AG_KS_TREE:
	case AG_KS_CREATE:
	case AG_KS_BOTH:
	case AG_KS_N:
		break;
	}
}

/* An x86_64 target is xl 4.17's x86 reading, for comparison. */
static void check_x86_key(struct vctx *c, const struct ag_key_info *k,
			  const struct xlcfg_setting *s, size_t *unknown)
{
	if (k->since > 17)
		check_unknown(c, s, unknown);
	else if (k->scope == AG_KEY_ARM)
		v_emit(c, AG_NOTE, s, true,
		       "`%s' has no effect on x86_64 (Arm only)", s->key);
}

void validate_keys(struct vctx *c)
{
	const struct xlcfg_setting **keys, *first_unreported = NULL;
	int rel = ag_release_index(c->lim->xen_major, c->lim->xen_minor);
	size_t n, unknown = 0;

	if (rel < 0) {
		/* A profile without a column here is a programming error, said once. */
		v_emit_at(c, AG_ERROR, NULL, 0, 0,
			  "the known-key table has no column for Xen %u.%u",
			  c->lim->xen_major, c->lim->xen_minor);
		return;
	}
	if (ag_keys_distinct(c->cfg, &keys, &n)) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ag_key_info *k = ag_key_lookup(keys[i]->key);

		if (!k)
			check_unknown(c, keys[i], &unknown);
		else if (c->opts->dom0less && k->status[rel] != AG_KS_ABSENT &&
			 k->status[rel] != AG_KS_PENDING && ag_d0l_key_lookup(k->name))
			continue; /* validate_dom0less judges it */
		else if (v_is_arm(c))
			check_arm_key(c, k, keys[i], (enum ag_release)rel);
		else
			check_x86_key(c, k, keys[i], &unknown);
		if (unknown == MAX_UNKNOWN_KEY_WARNINGS + 1 && !first_unreported)
			first_unreported = keys[i];
	}
	if (first_unreported)
		v_emit(c, AG_WARNING, first_unreported, true,
		       "%zu more unknown keys from here on are not listed",
		       unknown - MAX_UNKNOWN_KEY_WARNINGS);
	free(keys);
}
