/* SPDX-License-Identifier: MIT */
/* The provenance recorder (why.h). */
#include <stdlib.h>
#include <string.h>

#include "why.h"

void ag_why_reset(struct ag_fdt_why *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].node);
		free(w->v[i].prop);
	}
	w->n = 0;
	w->oom = false;
}

void ag_why_free(struct ag_fdt_why *w)
{
	ag_why_reset(w);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

void ag_why_add(struct ag_fdt_why *w, const char *node, const char *prop,
		const struct ag_why_src *src)
{
	struct ag_why *e;

	if (!w || w->oom)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct ag_why *v = realloc(w->v, cap * sizeof(*v));

		if (!v) {
			w->oom = true;
			return;
		}
		w->v = v;
		w->cap = cap;
	}
	e = &w->v[w->n];
	e->node = strdup(node);
	e->prop = prop ? strdup(prop) : NULL;
	e->src = *src;
	if (!e->node || (prop && !e->prop)) {
		free(e->node);
		free(e->prop);
		w->oom = true;
		return;
	}
	w->n++;
}

const char *ag_why_kind_name(enum ag_why_kind k)
{
	static const char *const names[] = {
		[AG_WHY_KEY] = "key", [AG_WHY_PROFILE] = "profile", [AG_WHY_LAYOUT] = "layout",
		[AG_WHY_RULE] = "rule", [AG_WHY_HOST] = "host", [AG_WHY_PARTIAL] = "partial",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}
