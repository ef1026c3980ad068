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

static void check_key(struct vctx *c, const struct xlcfg_setting *s)
{
	const struct ag_key_info *k = ag_key_lookup(s->key);
	const char *suggestion;

	if (!k) {
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
	const struct xlcfg_setting **keys;
	size_t n;

	if (ag_keys_distinct(c->cfg, &keys, &n)) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		check_key(c, keys[i]);
	free(keys);
}
