/* SPDX-License-Identifier: MIT */
/*
 * armguest explain CFG: where every node and property of the tree `dtb'
 * would build comes from (the builder's own account, fdt/why.h), the keys
 * that produced nothing, and the guest's memory map (text, or SVG with
 * --svg).  With --dom0less: what each key becomes in a dom0less domain
 * node (xl-parse/keys_dom0less.c).  docs/explain.md describes the output.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "explain.h"
#include "json_out.h"
#include "load.h"
#include "../common/diag.h"
#include "../common/file.h"

struct explain_opts {
	const char *cfg, *xen, *svg;
	enum ag_gic gic;
	bool json, dom0less;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: armguest explain CFG [options]\n"
		"\n"
		"Say where every node and property of CFG's device tree comes from: a config\n"
		"key (file:line:col), a constant of the Xen release (the public header and\n"
		"macro it mirrors), the layout (with its inputs) or a rule of libxl's; then\n"
		"the keys that produced nothing, with their status; then the guest's memory\n"
		"map.  The tree is the one `armguest dtb' builds with the same options.\n"
		"\n"
		"  --xen VERSION   Xen release (%s; default %s)\n"
		"  --gic v2|v3     the host's GIC, used when CFG has no gic_version\n"
		"  --json          a JSON array: one object per node and property, then one\n"
		"                  per key that produced nothing\n"
		"  --svg FILE      also draw the memory map into FILE (SVG)\n"
		"  --dom0less      what each key becomes in a dom0less domain node\n"
		"                  (armguest dom0less): the property, or why it is lost\n"
		"  -h, --help      this text\n",
		ag_profile_versions(), ag_cli_profile(NULL)->version);
}

#define usage_error(...) cli_usage_error("explain", __VA_ARGS__)

enum { OPT_XEN = 256, OPT_GIC, OPT_JSON, OPT_SVG, OPT_DOM0LESS };

static int parse_args(int argc, char **argv, struct explain_opts *o)
{
	static const struct option longopts[] = {
		{ "xen", required_argument, NULL, OPT_XEN },
		{ "gic", required_argument, NULL, OPT_GIC },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "dom0less", no_argument, NULL, OPT_DOM0LESS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->gic = AG_GIC_DEFAULT;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return -1;
		case OPT_XEN:
			o->xen = optarg;
			break;
		case OPT_GIC:
			if (strcmp(optarg, "v2") && strcmp(optarg, "v3"))
				return usage_error("--gic: '%s' is not v2 or v3", optarg);
			o->gic = optarg[1] == '2' ? AG_GIC_V2 : AG_GIC_V3;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_SVG:
			o->svg = optarg;
			break;
		case OPT_DOM0LESS:
			o->dom0less = true;
			break;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error(optind >= argc ? "no config file given" : "one config file, please");
	if (o->dom0less && o->svg)
		return usage_error("--svg draws a guest's memory map; not with --dom0less");
	o->cfg = argv[optind];
	return 0;
}

static int write_svg(const char *path, const struct ag_map_region *r, size_t n,
		     const char *title, struct ag_diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;

	if (!m)
		return -ENOMEM;
	rc = ag_explain_map_svg(m, r, n, title);
	if (fclose(m) && !rc)
		rc = -ENOMEM;
	if (!rc)
		rc = ag_write_file_atomic(path, buf, len);
	if (rc)
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "cannot write the memory map: %s",
			    strerror(-rc));
	free(buf);
	return rc;
}

/* Build as `dtb' does by default (seed written, then NOPed), recording the account. */
static int explain_guest(const struct explain_opts *o, const struct ag_guest *g,
			 const struct xlcfg *cfg, const struct ag_profile *p, struct ag_diags *d)
{
	static const uint8_t seed[AG_RNG_SEED_SIZE];
	struct ag_fdt_why why = { 0 };
	struct ag_plan_opts po = { .host = { .gpaddr_bits = AG_PLAN_GPADDR_BITS }, .seed = seed,
				   .why = &why };
	struct ag_plan pl;
	struct ag_explain x = { .g = g, .cfg = cfg, .pl = &pl, .why = &why,
				.gpaddr_bits = AG_PLAN_GPADDR_BITS };
	struct ag_map_region regions[AG_MAP_MAX];
	size_t n_regions = 0;
	char title[160];
	int rc;

	rc = cli_choose_gic(d, g, o->gic, "explain", &po.host.gic);
	if (rc)
		return rc;
	rc = ag_plan_make(g, p, &po, &pl, d);
	if (!rc && !pl.placed)
		rc = ag_guest_error(d, g, "kernel", -ENOTSUP,
				    "a 32-bit zImage: its placement is not modelled, nothing to explain");
	if (!rc && why.oom)
		rc = ag_guest_error(d, g, NULL, -ENOMEM, "out of memory");
	if (!rc && (rc = ag_fdt_nop_rng_seed(pl.dtb)) == -ENOENT)
		rc = 0;   /* acpi = 1: the seed after a subnode stays, as in the guest's tree */
	if (!rc) {
		n_regions = ag_explain_regions(&x, regions, AG_MAP_MAX);
		snprintf(title, sizeof(title), "%.100s: guest memory map (Xen %s, vGIC%s)",
			 g->name ? g->name : g->source, p->version,
			 pl.in.gic == AG_GIC_V2 ? "v2" : "v3");
		if (o->svg)
			rc = write_svg(o->svg, regions, n_regions, title, d);
	}
	if (!rc && o->json) {
		json_t *j = ag_explain_json(&x);

		rc = j ? ag_json_print(stdout, j) : -ENOMEM;
		json_decref(j);
	} else if (!rc) {
		rc = ag_explain_text(stdout, &x);
		if (!rc)
			ag_explain_map_text(stdout, regions, n_regions);
	}
	ag_plan_free(&pl);
	ag_why_free(&why);
	return rc == -ENOMEM || rc == -EIO ? AG_EXIT_USAGE : rc ? AG_EXIT_INVALID : AG_EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_opts o;
	struct ag_load_opts lo = { .devices = AG_DEVICES_WARN, .arch = AG_ARCH_ARM64,
				   .check_files = true };
	struct ag_diags d;
	struct ag_guest g;
	struct xlcfg *cfg = NULL;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? AG_EXIT_OK : rc;
	lo.profile = ag_cli_profile(o.xen);
	if (!lo.profile)
		return usage_error("--xen: Xen %s is not supported (supported: %s)", o.xen,
				   ag_profile_versions());
	if (o.dom0less) {
		/* Judged as `armguest dom0less' judges it, against the host's GIC. */
		lo.dom0less = true;
		lo.host_gic = o.gic == AG_GIC_DEFAULT ? AG_GIC_V3 : o.gic;
	}
	ag_diags_init(&d);
	rc = ag_load_guest(o.cfg, &lo, &cfg, &g, &d);
	if (rc == AG_EXIT_OK && o.dom0less) {
		json_t *j = o.json ? ag_explain_dom0less_json(cfg, lo.profile) : NULL;

		if (o.json)
			rc = j && !ag_json_print(stdout, j) ? AG_EXIT_OK : AG_EXIT_USAGE;
		else
			rc = ag_explain_dom0less_text(stdout, cfg, lo.profile) ? AG_EXIT_USAGE
									       : AG_EXIT_OK;
		json_decref(j);
	} else if (rc == AG_EXIT_OK) {
		rc = explain_guest(&o, &g, cfg, lo.profile, &d);
	}
	ag_guest_free(&g);
	xlcfg_free(cfg);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return rc;
}
