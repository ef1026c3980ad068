/* SPDX-License-Identifier: MIT */
#include "xlcfg.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct xlcfg *xlcfg_new(const char *source)
{
	struct xlcfg *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->source = strdup(source ? source : "<config>");
	if (!cfg->source) {
		free(cfg);
		return NULL;
	}
	return cfg;
}

void xlcfg_value_free(struct xlcfg_value *v)
{
	if (!v)
		return;
	free(v->str);
	for (size_t i = 0; i < v->nitems; i++)
		xlcfg_value_free(v->items[i]);
	free(v->items);
	free(v);
}

void xlcfg_free(struct xlcfg *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n; i++) {
		free(cfg->v[i].key);
		xlcfg_value_free(cfg->v[i].value);
	}
	free(cfg->v);
	free(cfg->index);
	free(cfg->source);
	free(cfg);
}

struct xlcfg_value *xlcfg_value_string(const char *s, size_t len,
				       unsigned line, unsigned col)
{
	struct xlcfg_value *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->type = XLCFG_STRING;
	v->line = line;
	v->col = col;
	v->str = malloc(len + 1);
	if (!v->str) {
		free(v);
		return NULL;
	}
	memcpy(v->str, s, len);
	v->str[len] = '\0';
	v->len = len;
	v->cap = len + 1;
	return v;
}

struct xlcfg_value *xlcfg_value_list(unsigned line, unsigned col)
{
	struct xlcfg_value *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->type = XLCFG_LIST;
	v->line = line;
	v->col = col;
	return v;
}

int xlcfg_list_append(struct xlcfg_value *list, struct xlcfg_value *item)
{
	if (list->nitems == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 4;
		struct xlcfg_value **items = realloc(list->items, cap * sizeof(*items));

		if (!items)
			return -ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	list->items[list->nitems++] = item;
	return 0;
}

struct xlcfg_value *xlcfg_value_dup(const struct xlcfg_value *v)
{
	struct xlcfg_value *copy;

	if (v->type == XLCFG_STRING)
		return xlcfg_value_string(v->str, v->len, v->line, v->col);
	copy = xlcfg_value_list(v->line, v->col);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < v->nitems; i++) {
		struct xlcfg_value *item = xlcfg_value_dup(v->items[i]);

		if (!item || xlcfg_list_append(copy, item)) {
			xlcfg_value_free(item);
			xlcfg_value_free(copy);
			return NULL;
		}
	}
	return copy;
}

/* --- key index: open addressing, linear probing ---------------------- */

static size_t hash_key(const char *key)
{
	uint64_t h = 14695981039346656037ull;   /* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ull;
	return (size_t)h;
}

/* The slot holding key, or the free slot where it would go. */
static size_t *index_slot(const struct xlcfg *cfg, const char *key)
{
	size_t mask = cfg->index_cap - 1;

	for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
		size_t at = cfg->index[i];

		if (!at || !strcmp(cfg->v[at - 1].key, key))
			return &cfg->index[i];
	}
}

/* Keep the index at most half full, so probing always ends. */
static int index_reserve(struct xlcfg *cfg)
{
	size_t *old = cfg->index, old_cap = cfg->index_cap;
	size_t cap = old_cap ? old_cap * 2 : 32;

	if ((cfg->nkeys + 1) * 2 <= old_cap)
		return 0;
	cfg->index = calloc(cap, sizeof(*cfg->index));
	if (!cfg->index) {
		cfg->index = old;
		return -ENOMEM;
	}
	cfg->index_cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			*index_slot(cfg, cfg->v[old[i] - 1].key) = old[i];
	free(old);
	return 0;
}

/* Index of the last setting of key in cfg->v, or -1. */
static ptrdiff_t find_index(const struct xlcfg *cfg, const char *key)
{
	size_t at;

	if (!cfg->index_cap)
		return -1;
	at = *index_slot(cfg, key);
	return at ? (ptrdiff_t)at - 1 : -1;
}

int xlcfg_set(struct xlcfg *cfg, const char *key, unsigned line, unsigned col,
	      bool addition, struct xlcfg_value *value)
{
	struct xlcfg_setting *s;
	size_t *slot;
	char *k;

	if (index_reserve(cfg))
		return -ENOMEM;
	if (cfg->n == cfg->cap) {
		size_t cap = cfg->cap ? cfg->cap * 2 : 16;
		struct xlcfg_setting *v = realloc(cfg->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		cfg->v = v;
		cfg->cap = cap;
	}
	k = strdup(key);
	if (!k)
		return -ENOMEM;
	s = &cfg->v[cfg->n++];
	s->key = k;
	s->line = line;
	s->col = col;
	s->addition = addition;
	s->value = value;
	slot = index_slot(cfg, k);
	if (!*slot)
		cfg->nkeys++;
	*slot = cfg->n;
	return 0;
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg, const char *key)
{
	ptrdiff_t i = find_index(cfg, key);

	return i < 0 ? NULL : &cfg->v[i];
}

/* An empty value of v's type at v's position. */
static struct xlcfg_value *empty_like(const struct xlcfg_value *v)
{
	if (v->type == XLCFG_STRING)
		return xlcfg_value_string("", 0, v->line, v->col);
	return xlcfg_value_list(v->line, v->col);
}

/* Make room for extra more bytes (strings) or items (lists), doubling. */
static int reserve(struct xlcfg_value *v, size_t extra)
{
	bool str = v->type == XLCFG_STRING;
	size_t need = str ? v->len + extra + 1 : v->nitems + extra;
	size_t cap = v->cap * 2 > need ? v->cap * 2 : need;
	void *mem;

	if (need <= v->cap)
		return 0;
	if (str)
		mem = realloc(v->str, cap);
	else
		mem = realloc(v->items, cap * sizeof(*v->items));
	if (!mem)
		return -ENOMEM;
	if (str)
		v->str = mem;
	else
		v->items = mem;
	v->cap = cap;
	return 0;
}

int xlcfg_set_addition(struct xlcfg *cfg, const char *key, unsigned line,
		       unsigned col, struct xlcfg_value *value)
{
	ptrdiff_t i = find_index(cfg, key);
	struct xlcfg_value *joined, *empty;
	size_t extra;
	int e;

	if (i < 0)
		return xlcfg_set(cfg, key, line, col, true, value);
	if (cfg->v[i].value->type != value->type)
		return -EINVAL;

	/*
	 * Move the earlier contents instead of copying them, so that a chain
	 * of += costs linear time; every allocation happens before anything
	 * is moved, so a failure leaves the model unchanged.
	 */
	joined = cfg->v[i].value;
	extra = value->type == XLCFG_STRING ? value->len : value->nitems;
	empty = empty_like(joined);
	if (!empty)
		return -ENOMEM;
	e = reserve(joined, extra);
	if (!e)
		e = xlcfg_set(cfg, key, line, col, true, joined);
	if (e) {
		xlcfg_value_free(empty);
		return e;
	}
	/* xlcfg_set may have moved cfg->v */
	cfg->v[i].value = empty;
	if (value->type == XLCFG_STRING) {
		memcpy(joined->str + joined->len, value->str, value->len + 1);
		joined->len += value->len;
	} else {
		if (value->nitems)
			memcpy(joined->items + joined->nitems, value->items,
			       value->nitems * sizeof(*value->items));
		joined->nitems += value->nitems;
		value->nitems = 0;
	}
	joined->line = value->line;
	joined->col = value->col;
	xlcfg_value_free(value);
	return 0;
}
