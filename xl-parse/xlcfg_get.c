/* SPDX-License-Identifier: MIT */
/*
 * Typed look-ups.  The warning texts are libxlutil 4.17's, word for word,
 * because users grep for them and the differential test compares them.
 */
#include "xlcfg.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void warn_at(const struct xlcfg *cfg, const struct xlcfg_setting *s,
		    bool dont_warn, struct ag_diags *d, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void warn_at(const struct xlcfg *cfg, const struct xlcfg_setting *s,
		    bool dont_warn, struct ag_diags *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (dont_warn || !d)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ag_diag_add(d, AG_WARNING, cfg->source, s->value->line, s->value->col,
		    s->key, "%s", msg);
}

/* A setting whose value must be a single string (libxlutil's find_atom). */
static int find_atom(const struct xlcfg *cfg, const char *key,
		     const struct xlcfg_setting **out, bool dont_warn,
		     struct ag_diags *d)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);

	if (!s)
		return ESRCH;
	if (s->value->type != XLCFG_STRING) {
		warn_at(cfg, s, dont_warn, d,
			"parameter `%s' is a list but should be a single value",
			key);
		return EINVAL;
	}
	*out = s;
	return 0;
}

int xlcfg_get_string(const struct xlcfg *cfg, const char *key,
		     const char **out, bool dont_warn, struct ag_diags *d)
{
	const struct xlcfg_setting *s;
	int e = find_atom(cfg, key, &s, dont_warn, d);

	if (e)
		return e;
	*out = s->value->str;
	return 0;
}

int xlcfg_get_bounded_long(const struct xlcfg *cfg, const char *key,
			   long min, long max, long *out, bool dont_warn,
			   struct ag_diags *d)
{
	const struct xlcfg_setting *s;
	const char *text;
	char *end;
	long l;
	int e = find_atom(cfg, key, &s, dont_warn, d);

	if (e)
		return e;
	if (s->addition) {
		warn_at(cfg, s, dont_warn, d,
			"can't use += with numbers for parameter `%s'", key);
		return EINVAL;
	}
	text = s->value->str;
	errno = 0;
	l = strtol(text, &end, 0);
	if (errno) {
		e = errno;
		warn_at(cfg, s, dont_warn, d,
			"parameter `%s' could not be parsed as a number: %s",
			key, strerror(e));
		return e;
	}
	if (*end || end == text) {
		warn_at(cfg, s, dont_warn, d,
			"parameter `%s' is not a valid number", key);
		return EINVAL;
	}
	if (l < min) {
		warn_at(cfg, s, dont_warn, d,
			"value `%ld' is smaller than minimum bound '%ld'", l, min);
		return EINVAL;
	}
	if (l > max) {
		warn_at(cfg, s, dont_warn, d,
			"value `%ld' is greater than maximum bound '%ld'", l, max);
		return EINVAL;
	}
	*out = l;
	return 0;
}

int xlcfg_get_long(const struct xlcfg *cfg, const char *key, long *out,
		   bool dont_warn, struct ag_diags *d)
{
	return xlcfg_get_bounded_long(cfg, key, LONG_MIN, LONG_MAX, out,
				      dont_warn, d);
}

int xlcfg_get_defbool(const struct xlcfg *cfg, const char *key, bool *out,
		      bool dont_warn, struct ag_diags *d)
{
	long l;
	int e = xlcfg_get_long(cfg, key, &l, dont_warn, d);

	if (e)
		return e;
	*out = l != 0;
	return 0;
}

int xlcfg_get_list(const struct xlcfg *cfg, const char *key,
		   const struct xlcfg_value **out, bool dont_warn,
		   struct ag_diags *d)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, key);

	if (!s)
		return ESRCH;
	if (s->value->type != XLCFG_LIST) {
		warn_at(cfg, s, dont_warn, d,
			"parameter `%s' is a single value but should be a list",
			key);
		return EINVAL;
	}
	*out = s->value;
	return 0;
}

const char *xlcfg_list_string(const struct xlcfg_value *list, size_t i)
{
	if (list->type != XLCFG_LIST || i >= list->nitems)
		return NULL;
	if (list->items[i]->type != XLCFG_STRING)
		return NULL;
	return list->items[i]->str;
}
