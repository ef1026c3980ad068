/* SPDX-License-Identifier: MIT */
/*
 * `armguest explain': what the builder recorded about each node and
 * property of the guest's tree (fdt/why.h), told with the config's
 * positions, the profile's citations and the layout's inputs; the keys
 * that produced nothing; the guest's memory map, as text and as SVG.
 */
#ifndef AG_CLI_EXPLAIN_H
#define AG_CLI_EXPLAIN_H

#include <jansson.h>
#include <stdio.h>

#include "../fdt/why.h"
#include "../plan/plan.h"
#include "../xl-parse/xlcfg.h"

struct ag_explain {
	const struct ag_guest *g;
	const struct xlcfg *cfg;
	const struct ag_plan *pl;      /* built, placed and finalised (rng-seed NOPed) */
	const struct ag_fdt_why *why;  /* the builder's account of pl->dtb */
	unsigned gpaddr_bits;
};

/* The tree, property by property, then the keys that produced nothing. */
int ag_explain_text(FILE *out, const struct ag_explain *x);
/* The same as one JSON array (docs/explain.md); NULL when out of memory. */
json_t *ag_explain_json(const struct ag_explain *x);

/* One region of the guest's physical address space. */
struct ag_map_region {
	char name[48];
	uint64_t base, size;
	const char *from;              /* where it comes from, in a few words */
};
#define AG_MAP_MAX 64

/* The regions, sorted by base (a container before what it contains); returns the count. */
size_t ag_explain_regions(const struct ag_explain *x, struct ag_map_region *r, size_t max);
void ag_explain_map_text(FILE *out, const struct ag_map_region *r, size_t n);
/* The map as an SVG document: 0 or a negative errno. */
int ag_explain_map_svg(FILE *out, const struct ag_map_region *r, size_t n, const char *title);

/* `explain --dom0less': what each key of the config becomes in a dom0less node. */
int ag_explain_dom0less_text(FILE *out, const struct xlcfg *cfg, const struct ag_profile *p);
json_t *ag_explain_dom0less_json(const struct xlcfg *cfg, const struct ag_profile *p);

#endif
