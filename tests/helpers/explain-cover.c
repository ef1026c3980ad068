/* SPDX-License-Identifier: MIT */
/*
 * explain-cover TREE.dtb EXPLAIN.json: does `armguest explain --json'
 * account for every node and property of TREE (walked tag by tag, so a
 * property after a subnode counts), and is every entry it calls in_tree
 * really there?  Prints each miss; exit 0 (all covered), 1 (misses),
 * 2 (bad input).  Prints "covered N" on success.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/walk.h"

#define MAX_DTB (16u << 20)

struct ctx {
	json_t *entries;
	size_t covered, missing;
};

static bool has_entry(json_t *a, const char *path, const char *prop)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e) {
		json_t *n = json_object_get(e, "node"), *p = json_object_get(e, "property");

		if (!json_is_string(n) || strcmp(json_string_value(n), path))
			continue;
		if (prop ? json_is_string(p) && !strcmp(json_string_value(p), prop) : json_is_null(p))
			return true;
	}
	return false;
}

static int visit(void *vc, const char *path, const char *prop)
{
	struct ctx *c = vc;

	if (has_entry(c->entries, path, prop)) {
		c->covered++;
	} else {
		printf("no entry for %s%s%s\n", path, prop ? " " : "", prop ? prop : " (node)");
		c->missing++;
	}
	return 0;
}

struct back {
	const char *node, *prop;
};

static int is_it(void *vb, const char *path, const char *prop)
{
	const struct back *b = vb;

	return !strcmp(path, b->node) && (prop && b->prop ? !strcmp(prop, b->prop) : !prop && !b->prop);
}

int main(int argc, char **argv)
{
	struct ctx c = { 0 };
	json_error_t jerr;
	FILE *in;
	char *blob;
	size_t len, i;
	json_t *e;

	if (argc != 3) {
		fprintf(stderr, "usage: explain-cover TREE.dtb EXPLAIN.json\n");
		return 2;
	}
	in = fopen(argv[1], "rb");
	blob = malloc(MAX_DTB);
	if (!in || !blob) {
		perror(argv[1]);
		return 2;
	}
	len = fread(blob, 1, MAX_DTB, in);
	fclose(in);
	c.entries = json_load_file(argv[2], 0, &jerr);
	if (!len || !json_is_array(c.entries)) {
		fprintf(stderr, "%s: not a JSON array: %s\n", argv[2], jerr.text);
		return 2;
	}
	if (ag_fdt_walk(blob, visit, &c)) {
		fprintf(stderr, "%s: not a device tree\n", argv[1]);
		return 2;
	}
	json_array_foreach(c.entries, i, e) {
		json_t *n = json_object_get(e, "node"), *p = json_object_get(e, "property");
		struct back b = { json_string_value(n), json_string_value(p) };

		if (!b.node)
			continue;       /* a key that produced nothing */
		if (json_is_true(json_object_get(e, "in_tree")) != (ag_fdt_walk(blob, is_it, &b) == 1)) {
			printf("%s %s: in_tree says %s\n", b.node, b.prop ? b.prop : "(node)",
			       json_is_true(json_object_get(e, "in_tree")) ? "yes, it is not" : "no, it is");
			c.missing++;
		}
	}
	json_decref(c.entries);
	free(blob);
	if (c.missing)
		return 1;
	printf("covered %zu\n", c.covered);
	return 0;
}
