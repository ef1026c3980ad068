/* SPDX-License-Identifier: MIT */
/*
 * `armguest explain --dom0less': for each key of the config, what it becomes
 * in the domain node `armguest dom0less' writes under the host tree's
 * /chosen (the dom0less table, xl-parse/keys_dom0less.c): the property or
 * module it maps to, or why it is noted, lost or refused.  A key without a
 * row there keeps the main table's status (xl-parse/keys.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "explain.h"
#include "../xl-parse/keys.h"

struct d0l_fate {
	const char *status, *what, *when;
};

static struct d0l_fate fate(const char *key, const struct ag_profile *p)
{
	const struct ag_d0l_key *r = ag_d0l_key_lookup(key);
	const struct ag_key_info *k;
	int rel = ag_release_index(p->xen_major, p->xen_minor);

	if (rel < 0)
		rel = 0;
	if (r)
		return (struct d0l_fate){ ag_d0l_status_name(r->status[rel]), r->what,
					  ag_d0l_when_text(r->when) };
	k = ag_key_lookup(key);
	if (!k)
		return (struct d0l_fate){ "unknown", "not a key any xl release reads", "" };
	return (struct d0l_fate){ ag_key_status_name(k->status[rel]),
				  k->why ? k->why : "as for any guest", ag_key_when_text(k) };
}

int ag_explain_dom0less_text(FILE *out, const struct xlcfg *cfg, const struct ag_profile *p)
{
	const struct xlcfg_setting **keys;
	size_t n;

	if (ag_keys_distinct(cfg, &keys, &n))
		return -ENOMEM;
	fprintf(out, "The keys of %s in a dom0less domain node (Xen %s):\n", cfg->source,
		p->version);
	for (size_t i = 0; i < n; i++) {
		struct d0l_fate f = fate(keys[i]->key, p);

		fprintf(out, "  %s:%u:%u: %s: %s: %s%s%s%s\n", cfg->source, keys[i]->line,
			keys[i]->col, keys[i]->key, f.status, f.what, *f.when ? " (" : "", f.when,
			*f.when ? ")" : "");
	}
	free(keys);
	return 0;
}

json_t *ag_explain_dom0less_json(const struct xlcfg *cfg, const struct ag_profile *p)
{
	const struct xlcfg_setting **keys;
	json_t *a = json_array();
	size_t n;

	if (!a || ag_keys_distinct(cfg, &keys, &n)) {
		json_decref(a);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct d0l_fate f = fate(keys[i]->key, p);
		json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "key", keys[i]->key,
				      "file", cfg->source, "line", (json_int_t)keys[i]->line,
				      "col", (json_int_t)keys[i]->col, "status", f.status,
				      "becomes", f.what, "when", f.when);

		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			a = NULL;
			break;
		}
	}
	free(keys);
	return a;
}
