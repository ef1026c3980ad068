/* SPDX-License-Identifier: MIT */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

#include "xl-parse/keys.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, min = 0x80, cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, min = 0x800, cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* A JSON string of the bytes s[0..len), bad UTF-8 bytes as U+FFFD. */
static json_t *json_bytes(const char *s, size_t len)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *u = (const unsigned char *)s;
	json_t *j = json_stringn(s, len);
	size_t o = 0;
	char *buf;

	if (j)
		return j;
	/* Each bad byte grows to 3 bytes: bounded by 3 * len. */
	buf = malloc(3 * len + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence(u + i, len - i);

		if (n) {
			memcpy(buf + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(buf + o, replacement, 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

static json_t *json_text(const char *s)
{
	return s ? json_bytes(s, strlen(s)) : json_null();
}

static json_t *value_at_depth(const struct xlcfg_value *v, unsigned depth)
{
	json_t *a;

	if (v->type == XLCFG_STRING)
		return json_bytes(v->str, v->len);
	/* The parser bounds nesting; a config built otherwise is cut here. */
	if (depth >= XLCFG_MAX_DEPTH)
		return NULL;
	a = json_array();
	if (!a)
		return NULL;
	for (size_t i = 0; i < v->nitems; i++) {
		json_t *item = value_at_depth(v->items[i], depth + 1);

		if (!item || json_array_append_new(a, item)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *ag_json_value(const struct xlcfg_value *v)
{
	return value_at_depth(v, 0);
}

json_t *ag_json_settings(const struct xlcfg *cfg)
{
	const struct xlcfg_setting **keys;
	json_t *o = json_object();
	size_t n;

	if (!o)
		return NULL;
	if (ag_keys_distinct(cfg, &keys, &n)) {
		json_decref(o);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *v = ag_json_value(keys[i]->value);

		/* Keys are lowercase IDENTs in a parsed file, hence UTF-8. */
		if (!v || json_object_set_new(o, keys[i]->key, v)) {
			json_decref(o);
			o = NULL;
			break;
		}
	}
	free(keys);
	return o;
}

static json_t *position(unsigned v)
{
	return v ? json_integer(v) : json_null();
}

json_t *ag_json_diags(const struct ag_diags *d, size_t first)
{
	json_t *a = json_array();

	if (!a)
		return NULL;
	for (size_t i = first; i < d->n; i++) {
		const struct ag_diag *g = &d->v[i];
		json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o}",
				      "severity", ag_severity_name(g->sev),
				      "line", position(g->line),
				      "column", position(g->col),
				      "key", json_text(g->key),
				      "message", json_text(g->msg));

		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *ag_json_check_result(const char *file, bool ok, const char *type,
			     const struct xlcfg *cfg,
			     const struct ag_diags *d, size_t first)
{
	json_t *settings = cfg ? ag_json_settings(cfg) : json_null();
	json_t *diags = ag_json_diags(d, first);

	if (!settings || !diags) {
		json_decref(settings);
		json_decref(diags);
		return NULL;
	}
	return json_pack("{s:o, s:b, s:o, s:o, s:o}",
			 "file", json_text(file),
			 "ok", ok,
			 "type", type ? json_string(type) : json_null(),
			 "settings", settings,
			 "diagnostics", diags);
}

int ag_json_print(FILE *out, const json_t *j)
{
	if (json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		return -1;
	return fputc('\n', out) == EOF ? -1 : 0;
}
