/* SPDX-License-Identifier: MIT */
/*
 * armguest check FILE... [--arch A] [--xen VERSION] [--strict] [--json]
 *
 * Parse each config, resolve its guest type and validate it, without
 * touching Xen.  Diagnostics go to stderr as "file:line:col: severity: msg",
 * or with --json a JSON document goes to stdout (docs/check.md).
 * Exit: 0 all valid, 1 some config invalid, 2 usage or I/O error (which
 * wins over 1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "load.h"
#include "json_out.h"
#include "xl-parse/policy.h"
#include "xl-parse/validate.h"

struct check_opts {
	enum ag_arch arch;
	const struct ag_profile *profile;    /* --xen: whose limits */
	bool strict;
	bool json;
	bool no_files;
};

static void usage(FILE *out)
{
	fprintf(out,
	      "usage: armguest check FILE... [--arch A] [--xen VERSION] [--strict] [--json] [--no-files]\n"
	      "\n"
	      "Read each xl.cfg FILE as xl does, decide the guest type and check\n"
	      "every key an Arm guest uses against a Xen release, without touching Xen.\n"
	      "The kernel, ramdisk and device_tree files must exist (relative\n"
	      "paths are taken from the config's directory) unless --no-files.\n"
	      "\n"
	      "options:\n"
	      "  --arch A   target architecture: arm64 (default), arm32, x86_64\n"
	      "  --xen V    Xen release whose limits to check against (%s;\n"
	      "             default %s)\n"
	      "  --strict   refuse type = \"pv\" on Arm instead of building PVH\n"
	      "  --json     print one JSON object per file (an array for several)\n"
	      "             on stdout instead of diagnostics on stderr\n"
	      "  --no-files do not look at the kernel, ramdisk and device_tree\n"
	      "             files (checking configs away from the guest's host)\n"
	      "  -h, --help this text\n"
	      "\n"
	      "exit status: 0 valid, 1 invalid config, 2 usage or I/O error\n",
	      ag_profile_versions(), ag_cli_profile(NULL)->version);
}

static int parse_args(int argc, char **argv, struct check_opts *o)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "xen", required_argument, NULL, 'x' },
		{ "strict", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-files", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->arch = AG_ARCH_ARM64;
	o->profile = ag_cli_profile(NULL);
	optind = 0; /* glibc: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (ag_arch_parse(optarg, &o->arch)) {
				fprintf(stderr, "armguest check: unknown architecture "
					"'%s' (use arm64, arm32 or x86_64)\n", optarg);
				return AG_EXIT_USAGE;
			}
			break;
		case 'x':
			o->profile = ag_cli_profile(optarg);
			if (!o->profile) {
				fprintf(stderr, "armguest check: --xen: Xen %s is not supported "
					"(supported: %s)\n", optarg, ag_profile_versions());
				return AG_EXIT_USAGE;
			}
			break;
		case 's':
			o->strict = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'n':
			o->no_files = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case ':':
			fprintf(stderr, "armguest check: option '%s' needs an "
				"argument\n", argv[optind - 1]);
			usage(stderr);
			return AG_EXIT_USAGE;
		default:
			fprintf(stderr, "armguest check: unknown option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return AG_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "armguest check: no config file given\n");
		usage(stderr);
		return AG_EXIT_USAGE;
	}
	return 0;
}

struct file_result {
	int exit;              /* AG_EXIT_* for this file */
	const char *type;      /* resolved type name, or NULL */
	struct xlcfg *cfg;     /* NULL: unreadable or unparsable */
};

/* The resolved type alone, for the report: its diagnostics are discarded
 * (ag_guest_resolve reports the same ones). */
static const char *resolved_type(const struct xlcfg *cfg,
				 const struct check_opts *o)
{
	struct ag_diags scratch;
	enum ag_guest_type t;
	int rc;

	ag_diags_init(&scratch);
	rc = ag_type_resolve(cfg, o->arch, o->profile->xen_minor, o->strict, &t, NULL, &scratch);
	ag_diags_free(&scratch);
	return rc ? NULL : ag_guest_type_name(t);
}

static void check_one(const char *path, const struct check_opts *o,
		      struct ag_diags *d, struct file_result *r)
{
	const struct ag_load_opts lo = {
		.arch = o->arch, .strict = o->strict,
		.check_files = !o->no_files,
		.profile = o->profile,
	};
	struct ag_guest g;

	memset(r, 0, sizeof(*r));
	r->exit = ag_load_guest(path, &lo, &r->cfg, &g, d);
	if (r->cfg)
		r->type = resolved_type(r->cfg, o);
	if (r->exit == AG_EXIT_OK)
		ag_guest_free(&g);
}

static int worse(int a, int b)
{
	/* 2 (usage/I-O) > 1 (invalid) > 0 */
	return a > b ? a : b;
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	json_t *results = NULL;
	int status = AG_EXIT_OK;
	int rc = parse_args(argc, argv, &o);
	bool many;

	if (rc < 0)
		return AG_EXIT_OK; /* --help */
	if (rc)
		return rc;
	many = argc - optind > 1;
	if (o.json) {
		results = json_array();
		if (!results) {
			fprintf(stderr, "armguest check: out of memory\n");
			return AG_EXIT_USAGE;
		}
	}

	for (int i = optind; i < argc; i++) {
		struct file_result r;
		struct ag_diags d;

		ag_diags_init(&d);
		check_one(argv[i], &o, &d, &r);
		status = worse(status, r.exit);
		if (o.json) {
			json_t *j = ag_json_check_result(argv[i], r.exit == AG_EXIT_OK,
							 r.type, r.cfg, &d, 0);

			if (!j || json_array_append_new(results, j)) {
				fprintf(stderr, "armguest check: out of memory\n");
				status = AG_EXIT_USAGE;
			}
		} else {
			ag_diags_print(stderr, &d);
		}
		xlcfg_free(r.cfg);
		ag_diags_free(&d);
	}

	if (o.json) {
		const json_t *doc = many ? results : json_array_get(results, 0);

		if (!doc || ag_json_print(stdout, doc)) {
			fprintf(stderr, "armguest check: cannot write the JSON output\n");
			status = AG_EXIT_USAGE;
		}
		json_decref(results);
	}
	if (fflush(stdout)) {
		fprintf(stderr, "armguest check: cannot write to stdout: %s\n",
			strerror(errno));
		status = AG_EXIT_USAGE;
	}
	return status;
}
