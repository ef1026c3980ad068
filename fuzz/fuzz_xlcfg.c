/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the config parser: arbitrary bytes are a config file.  The parser
 * must keep its contract (fuzz_cfg_util.h), and every typed look-up, run on
 * every key the parse stored, must answer with one of its documented codes
 * and keep its promises about what it hands back.
 */
#include <limits.h>

#include "fuzz_cfg_util.h"

static void assert_code(int e, const char *what)
{
	FZ_ASSERT(e == 0 || e == ESRCH || e == EINVAL || e == ERANGE,
		  "%s returned %d", what, e);
}

static void exercise_key(const struct xlcfg *cfg, const char *key, struct ag_diags *d)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);
	const struct xlcfg_value *list = NULL;
	const char *str = NULL;
	long l = 0;
	bool b;
	int e;

	FZ_ASSERT(s && !strcmp(s->key, key), "xlcfg_find lost %s", key);
	e = xlcfg_get_string(cfg, key, &str, false, d);
	assert_code(e, "get_string");
	FZ_ASSERT(e != ESRCH, "get_string: %s is present", key);
	if (e == 0)
		FZ_ASSERT(str == s->value->str, "get_string gave another string");
	FZ_ASSERT((e == 0) == (s->value->type == XLCFG_STRING),
		  "get_string %d on a value of type %d", e, (int)s->value->type);

	e = xlcfg_get_long(cfg, key, &l, false, d);
	assert_code(e, "get_long");
	e = xlcfg_get_bounded_long(cfg, key, -1, 4096, &l, false, d);
	assert_code(e, "get_bounded_long");
	if (e == 0)
		FZ_ASSERT(l >= -1 && l <= 4096, "bounded long %ld", l);
	e = xlcfg_get_bounded_long(cfg, key, LONG_MIN, LONG_MAX, &l, true, d);
	assert_code(e, "get_bounded_long (dont_warn)");
	e = xlcfg_get_defbool(cfg, key, &b, false, d);
	assert_code(e, "get_defbool");

	e = xlcfg_get_list(cfg, key, &list, false, d);
	assert_code(e, "get_list");
	FZ_ASSERT((e == 0) == (s->value->type == XLCFG_LIST),
		  "get_list %d on a value of type %d", e, (int)s->value->type);
	if (e == 0) {
		FZ_ASSERT(list == s->value, "get_list gave another list");
		for (size_t i = 0; i <= list->nitems; i++) {
			const char *item = xlcfg_list_string(list, i);

			if (i == list->nitems)
				FZ_ASSERT(!item, "an item past the end");
			else
				FZ_ASSERT((item != NULL) ==
					  (list->items[i]->type == XLCFG_STRING),
					  "list item %zu", i);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ag_diags d;
	struct xlcfg *cfg;
	char *text = NULL;
	size_t text_len = 0;
	FILE *out;
	int rc;

	ag_diags_init(&d);
	cfg = fz_parse(data, size, &d, &rc);
	if (cfg) {
		/* A key absent from the file is ESRCH for every look-up. */
		const char *s;

		FZ_ASSERT(xlcfg_get_string(cfg, "no-such-key!", &s, false, &d) == ESRCH,
			  "absent key");
		for (size_t i = 0; i < cfg->n; i++)
			exercise_key(cfg, cfg->v[i].key, &d);
	}
	fz_assert_diags(&d);
	/* Printing the diagnostics (to memory: harnesses write no files). */
	out = open_memstream(&text, &text_len);
	if (out) {
		ag_diags_print(out, &d);
		fclose(out);
	}
	free(text);
	xlcfg_free(cfg);
	ag_diags_free(&d);
	return 0;
}
