/* SPDX-License-Identifier: MIT */
#include "xlcfg.h"

#include <errno.h>
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

int xlcfg_set(struct xlcfg *cfg, const char *key, unsigned line, unsigned col,
	      bool addition, struct xlcfg_value *value)
{
	struct xlcfg_setting *s;
	char *k;

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
	return 0;
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg, const char *key)
{
	for (size_t i = cfg->n; i-- > 0;)
		if (!strcmp(cfg->v[i].key, key))
			return &cfg->v[i];
	return NULL;
}
