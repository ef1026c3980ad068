/* SPDX-License-Identifier: MIT */
/*
 * armguest dom0less --host-dtb HOST.dtb -o OUT.dtb [options] CFG...: the
 * host's device tree with each config as a boot-time guest (a
 * /chosen/domU<N> node Xen builds the domain from at boot), the address of
 * every boot file, and optionally the U-Boot script that loads them.  Each
 * config goes through the same load and plan stage as dtb and create (type
 * policy, limits, the boot files read once), with the host's GIC as its
 * vGIC; what dom0less cannot express is said per key (keys_dom0less.c).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "load.h"
#include "../common/diag.h"
#include "../common/file.h"
#include "../plan/dom0less.h"
#include "../plan/plan.h"
#include "../platform/profile.h"

/* A host tree larger than this is not a tree anyone boots. */
#define HOST_DTB_MAX (16u << 20)
#define SCRIPT_IMAGE_NAME "boot.scr"

struct d0l_cli {
	const char *host_dtb, *out, *xen, *uboot_script;
	struct ag_d0l_opts o;
	bool strict, exact;
	char **cfgs;
	size_t n_cfgs;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: armguest dom0less --host-dtb HOST.dtb -o OUT.dtb [options] CFG...\n"
		"\n"
		"Describe each config as a boot-time (dom0less) guest of Xen: OUT.dtb is the\n"
		"host tree with one /chosen/domU<N> node per config and its modules; the load\n"
		"address of every file is printed (ADDRESS SIZE ROLE FILE).\n"
		"\n"
		"  --host-dtb FILE        the board's device tree (required)\n"
		"  -o, --output FILE      where to write the edited tree (required)\n"
		"  --load-base ADDR       lowest load address (default: 256 MiB above the start\n"
		"                         of RAM)\n"
		"  --xen-image FILE       Xen's image, placed first\n"
		"  --xen-cmdline STR      Xen's command line (/chosen/xen,xen-bootargs)\n"
		"  --dom0-kernel FILE     a dom0 kernel (then every guest gets xen,enhanced)\n"
		"  --dom0-ramdisk FILE    dom0's ramdisk\n"
		"  --dom0-cmdline STR     dom0's command line (/chosen/xen,dom0-bootargs)\n"
		"  --uboot-script FILE    write the U-Boot script (source) to FILE and, beside\n"
		"                         it, " SCRIPT_IMAGE_NAME " (mkimage's form); needs --xen-image\n"
		"  --load-cmd CMD         the script's load command (default \"%s\")\n"
		"  --xen VERSION          Xen release (%s; default %s)\n"
		"  --strict               refuse type = \"pv\" instead of treating it as PVH\n"
		"  --exact                a key dom0less cannot express is an error, not a warning\n"
		"  -h, --help             this text\n"
		"\n"
		"A guest's partial tree (device_tree) is written in dom0less form to\n"
		"OUT-guest<i>.dtb (OUT without .dtb; i the config's place from 1).\n",
		AG_D0L_DEFAULT_LOAD_CMD, ag_profile_versions(), ag_cli_profile(NULL)->version);
}

#define usage_error(...) cli_usage_error("dom0less", __VA_ARGS__)

enum {
	OPT_HOST = 256, OPT_BASE, OPT_XEN_IMAGE, OPT_XEN_CMDLINE, OPT_DOM0_KERNEL,
	OPT_DOM0_RAMDISK, OPT_DOM0_CMDLINE, OPT_SCRIPT, OPT_LOAD_CMD, OPT_XEN, OPT_STRICT,
	OPT_EXACT,
};

static int parse_address(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end || *out == 0 || *out % AG_D0L_ALIGN)
		return -EINVAL;
	return 0;
}

static int parse_value(int c, const char *arg, struct d0l_cli *a)
{
	switch (c) {
	case 'o': a->out = arg; break;
	case OPT_HOST: a->host_dtb = arg; break;
	case OPT_BASE:
		if (parse_address(arg, &a->o.load_base))
			return usage_error("--load-base: '%s' is not a non-zero address aligned "
					   "to 2 MiB", arg);
		break;
	case OPT_XEN_IMAGE: a->o.xen_image = arg; break;
	case OPT_XEN_CMDLINE: a->o.xen_cmdline = arg; break;
	case OPT_DOM0_KERNEL: a->o.dom0_kernel = arg; break;
	case OPT_DOM0_RAMDISK: a->o.dom0_ramdisk = arg; break;
	case OPT_DOM0_CMDLINE: a->o.dom0_cmdline = arg; break;
	case OPT_SCRIPT: a->uboot_script = arg; break;
	case OPT_LOAD_CMD: a->o.load_cmd = arg; break;
	default: a->xen = arg; break; /* OPT_XEN */
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* What the options mean together. */
static int check_args(struct d0l_cli *a)
{
	if (!a->host_dtb)
		return usage_error("no host tree given (--host-dtb HOST.dtb)");
	if (!a->out)
		return usage_error("no output file given (-o OUT.dtb)");
	if (!a->n_cfgs)
		return usage_error("no config file given");
	if ((a->o.dom0_ramdisk || a->o.dom0_cmdline) && !a->o.dom0_kernel)
		return usage_error("--dom0-ramdisk and --dom0-cmdline need --dom0-kernel");
	if (a->uboot_script && !a->o.xen_image)
		return usage_error("--uboot-script needs --xen-image: the script boots Xen");
	if (a->uboot_script && !strcmp(base_name(a->uboot_script), SCRIPT_IMAGE_NAME))
		return usage_error("--uboot-script names the script's source; %s is written "
				   "beside it", SCRIPT_IMAGE_NAME);
	if (a->o.load_cmd && (!*a->o.load_cmd || strpbrk(a->o.load_cmd, "\n;")))
		return usage_error("--load-cmd: one U-Boot command, without ';' or a newline");
	return 0;
}

static int parse_args(int argc, char **argv, struct d0l_cli *a)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "host-dtb", required_argument, NULL, OPT_HOST },
		{ "load-base", required_argument, NULL, OPT_BASE },
		{ "xen-image", required_argument, NULL, OPT_XEN_IMAGE },
		{ "xen-cmdline", required_argument, NULL, OPT_XEN_CMDLINE },
		{ "dom0-kernel", required_argument, NULL, OPT_DOM0_KERNEL },
		{ "dom0-ramdisk", required_argument, NULL, OPT_DOM0_RAMDISK },
		{ "dom0-cmdline", required_argument, NULL, OPT_DOM0_CMDLINE },
		{ "uboot-script", required_argument, NULL, OPT_SCRIPT },
		{ "load-cmd", required_argument, NULL, OPT_LOAD_CMD },
		{ "xen", required_argument, NULL, OPT_XEN },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "exact", no_argument, NULL, OPT_EXACT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (c == OPT_STRICT)
			a->strict = true;
		else if (c == OPT_EXACT)
			a->exact = true;
		else if (c == ':')
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		else if (c == '?')
			return usage_error("unknown option '%s'", argv[optind - 1]);
		else if ((rc = parse_value(c, optarg, a)))
			return rc;
	}
	a->cfgs = argv + optind;
	a->n_cfgs = (size_t)(argc - optind);
	return check_args(a);
}

/* The configs, loaded and planned; *n_ok of them. */
struct loaded {
	struct ag_guest *g;
	struct ag_plan *pl;
	struct ag_d0l_guest *d0l;
	size_t n;
};

static int load_all(const struct d0l_cli *a, const struct ag_profile *p, enum ag_gic gic,
		    struct loaded *l, struct ag_diags *d)
{
	struct ag_load_opts lo = {
		.arch = AG_ARCH_ARM64, .strict = a->strict, .check_files = true, .profile = p,
		.devices = AG_DEVICES_WARN, .dom0less = true, .exact = a->exact, .host_gic = gic,
	};
	struct ag_plan_opts po = {
		.host = { .gic = gic, .gpaddr_bits = AG_PLAN_GPADDR_BITS },
	};
	int worst = AG_EXIT_OK;

	l->g = calloc(a->n_cfgs, sizeof(*l->g));
	l->pl = calloc(a->n_cfgs, sizeof(*l->pl));
	l->d0l = calloc(a->n_cfgs, sizeof(*l->d0l));
	if (!l->g || !l->pl || !l->d0l) {
		ag_diag_add(d, AG_ERROR, NULL, 0, 0, NULL, "out of memory");
		return AG_EXIT_USAGE;
	}
	/* Every config is read and reported, even after one failed. */
	for (size_t i = 0; i < a->n_cfgs; i++) {
		int rc = ag_load_guest(a->cfgs[i], &lo, NULL, &l->g[l->n], d);

		if (rc == AG_EXIT_OK && ag_plan_make(&l->g[l->n], p, &po, &l->pl[l->n], d))
			rc = AG_EXIT_INVALID;
		if (rc != AG_EXIT_OK) {
			ag_plan_free(&l->pl[l->n]);
			ag_guest_free(&l->g[l->n]);
			if (rc > worst)
				worst = rc;
			continue;
		}
		l->d0l[l->n] = (struct ag_d0l_guest){ &l->g[l->n], &l->pl[l->n] };
		l->n++;
	}
	return worst;
}

static void free_loaded(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++) {
		ag_plan_free(&l->pl[i]);
		ag_guest_free(&l->g[i]);
	}
	free(l->g);
	free(l->pl);
	free(l->d0l);
}

static int write_or_say(const char *path, const void *buf, size_t len, struct ag_diags *d)
{
	int rc = ag_write_file_atomic(path, buf, len);

	if (rc)
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(-rc));
	return rc;
}

/* The script's mkimage'd form goes beside its source. */
static char *script_image_path(const char *source)
{
	const char *slash = strrchr(source, '/');
	size_t dir = slash ? (size_t)(slash - source + 1) : 0;
	char *p = malloc(dir + sizeof(SCRIPT_IMAGE_NAME));

	if (p) {
		memcpy(p, source, dir);
		memcpy(p + dir, SCRIPT_IMAGE_NAME, sizeof(SCRIPT_IMAGE_NAME));
	}
	return p;
}

/* mkimage's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static uint32_t script_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long v;

	if (s && *s) {
		errno = 0;
		v = strtoull(s, &end, 10);
		if (!errno && !*end && v <= UINT32_MAX)
			return (uint32_t)v;
	}
	return (uint32_t)time(NULL);
}

static int write_script(const struct d0l_cli *a, const struct ag_d0l_result *r,
			struct ag_diags *d)
{
	char *text = NULL, *img_path = NULL;
	void *img = NULL;
	size_t img_size = 0;
	int rc = ag_d0l_uboot_script(r, &a->o, &text);

	if (rc == -EEXIST) {
		ag_diag_add(d, AG_ERROR, a->uboot_script, 0, 0, NULL,
			    "two different boot files have the same base name, which the "
			    "script loads them by");
		return rc;
	}
	if (!rc)
		rc = ag_d0l_uboot_image(text, script_time(), &img, &img_size);
	if (!rc && !(img_path = script_image_path(a->uboot_script)))
		rc = -ENOMEM;
	if (rc == -ENOMEM)
		ag_diag_add(d, AG_ERROR, NULL, 0, 0, NULL, "out of memory");
	if (!rc)
		rc = write_or_say(a->uboot_script, text, strlen(text), d);
	if (!rc)
		rc = write_or_say(img_path, img, img_size, d);
	free(text);
	free(img);
	free(img_path);
	return rc;
}

static int write_outputs(const struct d0l_cli *a, const struct ag_d0l_result *r,
			 struct ag_diags *d)
{
	int rc = write_or_say(a->out, r->dtb, r->dtb_size, d);

	for (size_t i = 0; !rc && i < r->n_guests; i++)
		if (r->partials[i])
			rc = write_or_say(r->partial_paths[i], r->partials[i],
					  r->partial_sizes[i], d);
	if (!rc && a->uboot_script)
		rc = write_script(a, r, d);
	if (rc)
		return AG_EXIT_USAGE;
	for (size_t i = 0; i < r->n_files; i++)
		printf("0x%08" PRIx64 " 0x%08" PRIx64 " %-20s %s\n", r->files[i].addr,
		       r->files[i].size, r->files[i].what, r->files[i].path);
	return AG_EXIT_OK;
}

/* The partial trees' stem: OUT without its .dtb. */
static char *out_stem(const char *out)
{
	size_t n = strlen(out);

	if (n > 4 && !strcmp(out + n - 4, ".dtb"))
		n -= 4;
	return strndup(out, n);
}

static int run(struct d0l_cli *a, const struct ag_profile *p, struct ag_diags *d)
{
	struct ag_d0l_host host;
	struct ag_d0l_result r;
	struct loaded l = { 0 };
	void *dtb = NULL;
	size_t dtb_len = 0;
	char *stem = out_stem(a->out);
	int rc = stem ? ag_read_file(a->host_dtb, HOST_DTB_MAX, &dtb, &dtb_len, NULL) : -ENOMEM;

	if (rc) {
		ag_diag_add(d, AG_ERROR, a->host_dtb, 0, 0, NULL, "cannot read the host tree: %s",
			    ag_file_strerror(rc));
		free(stem);
		return AG_EXIT_USAGE;
	}
	a->o.host = dtb;
	a->o.host_size = dtb_len;
	a->o.host_name = a->host_dtb;
	a->o.dtb_name = a->out;
	a->o.partial_stem = stem;
	rc = ag_d0l_read_host(&a->o, &host, d) ? AG_EXIT_INVALID : AG_EXIT_OK;
	if (rc == AG_EXIT_OK)
		rc = load_all(a, p, host.gic, &l, d);
	if (rc == AG_EXIT_OK) {
		rc = ag_d0l_make(l.d0l, l.n, &a->o, &r, d) ? AG_EXIT_INVALID : AG_EXIT_OK;
		if (rc == AG_EXIT_OK)
			rc = write_outputs(a, &r, d);
		ag_d0l_result_free(&r);
	}
	free_loaded(&l);
	free(dtb);
	free(stem);
	return rc;
}

int cmd_dom0less(int argc, char **argv)
{
	struct d0l_cli a;
	struct ag_diags d;
	const struct ag_profile *p;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc < 0 ? AG_EXIT_OK : rc;
	p = ag_cli_profile(a.xen);
	if (!p)
		return usage_error("--xen: Xen %s is not supported (supported: %s)", a.xen,
				   ag_profile_versions());
	ag_diags_init(&d);
	rc = run(&a, p, &d);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return rc;
}
