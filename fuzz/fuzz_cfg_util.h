/* SPDX-License-Identifier: MIT */
/*
 * Shared by the config-driven harnesses (included after fuzz_util.h):
 * parsing the input as a config and the invariants every parse keeps.
 */
#ifndef AG_FUZZ_CFG_UTIL_H
#define AG_FUZZ_CFG_UTIL_H

#include <errno.h>

#include "fuzz_util.h"
#include "platform/profile.h"
#include "xl-parse/validate.h"
#include "xl-parse/xlcfg.h"

#define FZ_SOURCE "fuzz.cfg"

/* Every diagnostic names the config (or no file) and has a message. */
static inline void fz_assert_diags(const struct ag_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct ag_diag *g = &d->v[i];

		FZ_ASSERT(g->msg && g->msg[0], "diagnostic %zu without a message", i);
		FZ_ASSERT(!g->file || !strcmp(g->file, FZ_SOURCE),
			  "diagnostic names file %s", g->file);
		FZ_ASSERT(g->sev <= AG_ERROR, "severity %d", (int)g->sev);
	}
}

/* Strings are NUL-terminated with their recorded length; lists hold items. */
static inline void fz_assert_value(const struct xlcfg_value *v, unsigned depth)
{
	FZ_ASSERT(v, "NULL value");
	FZ_ASSERT(depth <= XLCFG_MAX_DEPTH + 1, "lists nested %u deep", depth);
	FZ_ASSERT(v->line >= 1 && v->col >= 1, "value at %u:%u", v->line, v->col);
	if (v->type == XLCFG_STRING) {
		FZ_ASSERT(v->str && strlen(v->str) == v->len,
			  "string length %zu recorded as %zu", v->str ? strlen(v->str) : 0,
			  v->len);
		return;
	}
	FZ_ASSERT(v->type == XLCFG_LIST, "value type %d", (int)v->type);
	FZ_ASSERT(v->nitems <= v->cap, "list of %zu items in %zu", v->nitems, v->cap);
	for (size_t i = 0; i < v->nitems; i++)
		fz_assert_value(v->items[i], depth + 1);
}

/*
 * Parse the input as a config.  Returns the model (the caller frees it) or
 * NULL; *rc is the parser's result.  Checks the parser's contract.
 */
static inline struct xlcfg *fz_parse(const uint8_t *data, size_t size,
				     struct ag_diags *d, int *rc_out)
{
	struct xlcfg *cfg = NULL;
	size_t errors_before = ag_diags_count(d, AG_ERROR);
	int rc = xlcfg_parse(FZ_SOURCE, (const char *)data, size, &cfg, d);

	*rc_out = rc;
	FZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -EFBIG || rc == -ENOMEM,
		  "xlcfg_parse returned %d", rc);
	if (rc == 0)
		FZ_ASSERT(ag_diags_count(d, AG_ERROR) == errors_before,
			  "a successful parse reported an error");
	else if (rc != -ENOMEM)
		FZ_ASSERT(ag_diags_count(d, AG_ERROR) > errors_before,
			  "a failed parse (%d) reported no error", rc);
	if (rc == -ENOMEM)
		FZ_ASSERT(!cfg, "a model after ENOMEM");
	if (rc == 0)
		FZ_ASSERT(cfg, "no model after a successful parse");
	fz_assert_diags(d);
	if (cfg) {
		FZ_ASSERT(cfg->source && !strcmp(cfg->source, FZ_SOURCE), "source");
		for (size_t i = 0; i < cfg->n; i++) {
			const struct xlcfg_setting *s = &cfg->v[i];

			FZ_ASSERT(s->key && s->key[0], "setting %zu without a key", i);
			FZ_ASSERT(s->line >= 1 && s->col >= 1, "key at %u:%u",
				  s->line, s->col);
			fz_assert_value(s->value, 0);
		}
	}
	return cfg;
}

/* Xen 4.17's limits, as the CLI passes them (ag_profile_arm_limits). */
static inline const struct ag_arm_limits *fz_limits(void)
{
	static struct ag_arm_limits lim;
	static int filled;

	if (!filled) {
		ag_profile_arm_limits(ag_profile_lookup("4.17"), &lim);
		filled = 1;
	}
	return &lim;
}

#endif
