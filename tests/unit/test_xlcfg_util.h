/* SPDX-License-Identifier: MIT */
/* Helpers shared by the xl.cfg unit tests (test_xlcfg_*.c). */
#ifndef TEST_XLCFG_UTIL_H
#define TEST_XLCFG_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl-parse/xlcfg.h"

struct parsed {
	struct xlcfg *cfg;
	struct ag_diags d;
	int rc;
};

/* Parse text as file "t.cfg" (text may hold NUL bytes when len is given). */
static inline void parse_len(struct parsed *p, const char *text, size_t len)
{
	ag_diags_init(&p->d);
	p->cfg = NULL;
	p->rc = xlcfg_parse("t.cfg", text, len, &p->cfg, &p->d);
}

static inline void parse(struct parsed *p, const char *text)
{
	parse_len(p, text, strlen(text));
}

static inline void parsed_free(struct parsed *p)
{
	xlcfg_free(p->cfg);
	ag_diags_free(&p->d);
}

/* Diagnostic i is exactly this (key NULL: no key). */
static inline void assert_diag(const struct ag_diags *d, size_t i,
			       enum ag_severity sev, unsigned line,
			       unsigned col, const char *key, const char *msg)
{
	assert_true(i < d->n);
	assert_string_equal(d->v[i].msg, msg);
	assert_int_equal(d->v[i].sev, sev);
	assert_string_equal(d->v[i].file, "t.cfg");
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
	if (key)
		assert_string_equal(d->v[i].key, key);
	else
		assert_null(d->v[i].key);
}

/* The winning value of key, which must be a string. */
static inline const char *str_of(const struct xlcfg *cfg, const char *key)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);

	assert_non_null(s);
	assert_int_equal(s->value->type, XLCFG_STRING);
	return s->value->str;
}

/* The winning value of key, which must be a list. */
static inline const struct xlcfg_value *list_of(const struct xlcfg *cfg,
						const char *key)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);

	assert_non_null(s);
	assert_int_equal(s->value->type, XLCFG_LIST);
	return s->value;
}

#endif
