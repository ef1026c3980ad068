/* SPDX-License-Identifier: MIT */
/*
 * Keys xl 4.17 does not know are warnings, as xl itself ignores them (most
 * are typos of keys it does know), and known keys that only mean something
 * on the other architecture get a note.  One diagnostic per key, at its
 * winning (last) assignment.
 */
#include "validate_int.h"

#include <stdlib.h>

#include "keys.h"

/*
 * Unknown keys reported one by one; the rest are counted in one warning,
 * which keeps the output (and the suggestion search) bounded for a file
 * of nothing but junk.
 */
#define MAX_UNKNOWN_KEY_WARNINGS 100

static void check_key(struct vctx *c, const struct xlcfg_setting *s,
		      size_t *unknown)
{
	const struct ag_key_info *k = ag_key_lookup(s->key);
	const char *suggestion;

	if (!k) {
		if (++*unknown > MAX_UNKNOWN_KEY_WARNINGS)
			return;
		suggestion = ag_key_suggest(s->key);
		if (suggestion)
			v_emit(c, AG_WARNING, s, true,
			       "unknown key `%s' (did you mean `%s'?)",
			       s->key, suggestion);
		else
			v_emit(c, AG_WARNING, s, true, "unknown key `%s'", s->key);
		return;
	}
	if (k->scope == AG_KEY_X86 && v_is_arm(c))
		v_emit(c, AG_NOTE, s, true, "`%s' has no effect on Arm (x86 only)",
		       s->key);
	else if (k->scope == AG_KEY_ARM && !v_is_arm(c))
		v_emit(c, AG_NOTE, s, true,
		       "`%s' has no effect on x86_64 (Arm only)", s->key);
}

void validate_keys(struct vctx *c)
{
	const struct xlcfg_setting **keys, *first_unreported = NULL;
	size_t n, unknown = 0;

	if (ag_keys_distinct(c->cfg, &keys, &n)) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		check_key(c, keys[i], &unknown);
		if (unknown == MAX_UNKNOWN_KEY_WARNINGS + 1 && !first_unreported)
			first_unreported = keys[i];
	}
	if (first_unreported)
		v_emit(c, AG_WARNING, first_unreported, true,
		       "%zu more unknown keys from here on are not listed",
		       unknown - MAX_UNKNOWN_KEY_WARNINGS);
	free(keys);
}
