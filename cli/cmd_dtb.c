/* SPDX-License-Identifier: MIT */
/*
 * armguest dtb CFG -o OUT.dtb: the device tree libxl (of the release --xen
 * names) would give the guest, built offline.  The config is parsed and resolved, the kernel and
 * ramdisk are measured, the partial device tree is read and validated, then
 * fdt/ builds, places and finalises the tree and the result is written
 * atomically.  The facts that only a running Xen knows (its version, the
 * host's GIC, the domain's IPA size, the timer frequency) come from options.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "load.h"
#include "../common/file.h"
#include "../common/random.h"
#include "../common/diag.h"
#include "../fdt/builder.h"
#include "../plan/plan.h"
#include "../platform/layout.h"
#include "../platform/profile.h"
#include "../xl-parse/validate.h"
#include "../xl-parse/xlcfg.h"

#define DEFAULT_GPADDR_BITS AG_PLAN_GPADDR_BITS
#define SEED_HEX_PREFIX "hex:"

enum seed_mode {
	SEED_NOP,       /* the tree the guest sees after Linux consumed the seed */
	SEED_RANDOM,    /* libxl's pre-boot blob: 128 fresh random bytes */
	SEED_NONE,      /* no rng-seed property at all */
	SEED_HEX,       /* a pinned seed, for tests */
};

struct dtb_opts {
	const char *cfg, *out, *xen;
	enum ag_arch arch;
	enum ag_gic gic;                /* --gic; DEFAULT = not given */
	bool strict;
	enum seed_mode seed_mode;
	uint8_t seed[AG_RNG_SEED_SIZE];
	unsigned gpaddr_bits;
	uint32_t clock_frequency;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: armguest dtb CFG -o OUT.dtb [options]\n"
		"\n"
		"Build the device tree Xen's libxl would give the guest of CFG.\n"
		"\n"
		"  -o, --output FILE       where to write the tree (required)\n"
		"  --gic v2|v3             the host's GIC, used when CFG has no gic_version\n"
		"                          (or \"default\"): the vGIC a real host would give\n"
		"  --xen VERSION           Xen release whose guest ABI to use (%s;\n"
		"                          default %s)\n"
		"  --arch ARCH             target architecture: arm64 (default)\n"
		"  --strict                refuse type = \"pv\" instead of building a PVH tree\n"
		"  --rng-seed MODE         /chosen/rng-seed: nop (default: written, then NOPed\n"
		"                          as Linux does at boot, i.e. the tree the guest sees),\n"
		"                          random (128 bytes from /dev/urandom, libxl's\n"
		"                          pre-boot blob), none (no property), hex:<256 hex\n"
		"                          digits> (a pinned seed)\n"
		"  --gpaddr-bits N         the domain's IPA size on the host, 1..64 (default %d);\n"
		"                          bounds the extended regions in /hypervisor\n"
		"  --clock-frequency HZ    the host timer's clock-frequency (default 0: none)\n"
		"  -h, --help              this text\n",
		ag_profile_versions(), ag_cli_profile(NULL)->version, DEFAULT_GPADDR_BITS);
}

#define usage_error(...) cli_usage_error("dtb", __VA_ARGS__)

static int parse_unsigned(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end || *out > max)
		return -EINVAL;
	return 0;
}

static int parse_seed(const char *arg, struct dtb_opts *o)
{
	const char *hex;

	if (!strcmp(arg, "nop"))
		o->seed_mode = SEED_NOP;
	else if (!strcmp(arg, "random"))
		o->seed_mode = SEED_RANDOM;
	else if (!strcmp(arg, "none"))
		o->seed_mode = SEED_NONE;
	else if (!strncmp(arg, SEED_HEX_PREFIX, strlen(SEED_HEX_PREFIX))) {
		hex = arg + strlen(SEED_HEX_PREFIX);
		if (strlen(hex) != 2 * AG_RNG_SEED_SIZE)
			return -EINVAL;
		for (size_t i = 0; i < AG_RNG_SEED_SIZE; i++) {
			unsigned v;

			if (sscanf(hex + 2 * i, "%2x", &v) != 1 ||
			    !strchr("0123456789abcdefABCDEF", hex[2 * i]) ||
			    !strchr("0123456789abcdefABCDEF", hex[2 * i + 1]))
				return -EINVAL;
			o->seed[i] = (uint8_t)v;
		}
		o->seed_mode = SEED_HEX;
	} else {
		return -EINVAL;
	}
	return 0;
}

enum { OPT_GIC = 256, OPT_XEN, OPT_ARCH, OPT_STRICT, OPT_SEED, OPT_GPADDR, OPT_CLOCK };

/* One option that takes a value: 0, or a usage error's exit status. */
static int parse_value(int c, const char *arg, struct dtb_opts *o)
{
	unsigned long long v;

	switch (c) {
	case 'o':
		o->out = arg;
		return 0;
	case OPT_XEN:
		o->xen = arg;
		return 0;
	case OPT_GIC:
		if (strcmp(arg, "v2") && strcmp(arg, "v3"))
			return usage_error("--gic: '%s' is not v2 or v3", arg);
		o->gic = arg[1] == '2' ? AG_GIC_V2 : AG_GIC_V3;
		return 0;
	case OPT_ARCH:
		return ag_arch_parse(arg, &o->arch) ?
		       usage_error("--arch: unknown architecture '%s'", arg) : 0;
	case OPT_SEED:
		return parse_seed(arg, o) ?
		       usage_error("--rng-seed: '%s' is not nop, random, none or "
				   "hex:<256 hex digits>", arg) : 0;
	case OPT_GPADDR:
		if (parse_unsigned(arg, 64, &v) || v == 0)
			return usage_error("--gpaddr-bits: '%s' is not a number from 1 to 64", arg);
		o->gpaddr_bits = (unsigned)v;
		return 0;
	default: /* OPT_CLOCK */
		if (parse_unsigned(arg, UINT32_MAX, &v))
			return usage_error("--clock-frequency: '%s' is not a number of Hz "
					   "below 2^32", arg);
		o->clock_frequency = (uint32_t)v;
		return 0;
	}
}

static int parse_args(int argc, char **argv, struct dtb_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "gic", required_argument, NULL, OPT_GIC },
		{ "xen", required_argument, NULL, OPT_XEN },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "rng-seed", required_argument, NULL, OPT_SEED },
		{ "gpaddr-bits", required_argument, NULL, OPT_GPADDR },
		{ "clock-frequency", required_argument, NULL, OPT_CLOCK },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->arch = AG_ARCH_ARM64;
	o->gic = AG_GIC_DEFAULT;
	o->seed_mode = SEED_NOP;
	o->gpaddr_bits = DEFAULT_GPADDR_BITS;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (c == OPT_STRICT)
			o->strict = true;
		else if (c == ':')
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		else if (c == '?')
			return usage_error("unknown option '%s'", argv[optind - 1]);
		else if ((rc = parse_value(c, optarg, o)))
			return rc;
	}
	if (optind != argc - 1)
		return usage_error(optind >= argc ? "no config file given"
						  : "one config file, please");
	o->cfg = argv[optind];
	if (!o->out)
		return usage_error("no output file given (-o OUT.dtb)");
	return 0;
}

struct diag_ctx {
	struct ag_diags *d;
	const struct ag_guest *g;
};

/* The rng-seed the options ask for: 0, or an exit status with a diagnostic. */
static int pick_seed(const struct diag_ctx *c, const struct dtb_opts *o,
		     uint8_t seed[AG_RNG_SEED_SIZE])
{
	int rc;

	memset(seed, 0, AG_RNG_SEED_SIZE);
	if (o->seed_mode == SEED_HEX)
		memcpy(seed, o->seed, AG_RNG_SEED_SIZE);
	if (o->seed_mode == SEED_RANDOM && (rc = ag_random_bytes(seed, AG_RNG_SEED_SIZE))) {
		ag_diag_add(c->d, AG_ERROR, NULL, 0, 0, NULL,
			    "cannot get 128 random bytes for rng-seed: %s", strerror(-rc));
		return AG_EXIT_USAGE;
	}
	return 0;
}

static int build_and_write(const struct diag_ctx *c, const struct dtb_opts *o,
			   const struct ag_profile *p)
{
	struct ag_plan_opts po = {
		.host = { .gpaddr_bits = o->gpaddr_bits, .clock_frequency = o->clock_frequency },
	};
	uint8_t seed[AG_RNG_SEED_SIZE];
	struct ag_plan pl;
	int rc;

	rc = cli_choose_gic(c->d, c->g, o->gic, "dtb", &po.host.gic);
	if (!rc)
		rc = pick_seed(c, o, seed);
	if (rc)
		return rc;
	po.seed = o->seed_mode == SEED_NONE ? NULL : seed;
	rc = ag_plan_make(c->g, p, &po, &pl, c->d);
	if (!rc && o->seed_mode == SEED_NOP) {
		/* With acpi = 1 the seed follows a subnode: Linux misses it too. */
		rc = ag_fdt_nop_rng_seed(pl.dtb);
		if (rc == -ENOENT)
			rc = 0;
		else if (rc)
			ag_guest_error(c->d, c->g, NULL, rc, "NOPing rng-seed: %s", strerror(-rc));
	}
	if (!rc && (rc = ag_write_file_atomic(o->out, pl.dtb, pl.dtb_size))) {
		ag_diag_add(c->d, AG_ERROR, o->out, 0, 0, NULL, "cannot write the tree: %s",
			    strerror(-rc));
		ag_plan_free(&pl);
		return AG_EXIT_USAGE;
	}
	ag_plan_free(&pl);
	return rc ? AG_EXIT_INVALID : AG_EXIT_OK;
}

int cmd_dtb(int argc, char **argv)
{
	struct dtb_opts o;
	struct ag_diags d;
	struct ag_load_opts lo = { .devices = AG_DEVICES_WARN };
	struct ag_guest g;
	const struct ag_profile *p;
	int rc;

	/* -1: --help was answered. */
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? AG_EXIT_OK : rc;
	p = ag_cli_profile(o.xen);
	if (!p)
		return usage_error("--xen: Xen %s is not supported (supported: %s)", o.xen,
				   ag_profile_versions());
	if (o.arch != AG_ARCH_ARM64)
		return usage_error("--arch %s: armguest dtb builds arm64 guests' trees only",
				   ag_arch_name(o.arch));

	ag_diags_init(&d);
	lo.arch = o.arch;
	lo.strict = o.strict;
	lo.check_files = true;
	lo.profile = p;
	rc = ag_load_guest(o.cfg, &lo, NULL, &g, &d);
	if (rc == AG_EXIT_OK) {
		const struct diag_ctx c = { &d, &g };

		rc = build_and_write(&c, &o, p);
		ag_guest_free(&g);
	}
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return rc;
}
