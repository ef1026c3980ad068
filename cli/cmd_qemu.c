/* SPDX-License-Identifier: MIT */
/*
 * armguest qemu [options] CFG...: boot Xen under QEMU and start each guest
 * config in it, for CI (docs/ci-boot.md).
 *
 * This file is the part that needs no QEMU: the command line, the configs
 * read through the same pipeline as check and create (a config that does
 * not parse stops everything before a boot), finding QEMU, the boot rig and
 * the static arm64 armguest, and afterwards the verdicts, the JUnit report
 * and the exit status.  The boot itself is the rig's (tests/boot/qemu-run.sh;
 * LIBEXECDIR/tests/boot/qemu-run.sh after make install-rig): it gets the run
 * as AGQ_* variables and a guest list, and leaves one NAME.VIA.result and
 * NAME.VIA.cons per guest.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "junit.h"
#include "load.h"
#include "qemu_rig.h"

#define QEMU_MAX_CFGS 64
#define QEMU_DOM0_MIB 768 /* the rig's dom0_mem (tests/boot/boot-xen.sh) */
/* a dom0less boot's dom0_mem (tests/boot/qemu-dom0less.sh), and room for Xen and the modules */
#define QEMU_D0L_DOM0_MIB 512
#define QEMU_D0L_SLACK_MIB 512

enum via { VIA_ARMGUEST, VIA_XL, VIA_DOM0LESS, VIA_N };
static const char *const via_names[VIA_N] = { "armguest", "xl", "dom0less" };

struct qemu_opts {
	const struct ag_profile *profile;
	const char *gic, *expect, *junit, *keep, *xen_image, *hook, *loader;
	bool via[VIA_N];
	bool dom0;
	long timeout, memory, smp;
};

struct qemu_guest {
	char *name, *cfg, *kernel, *ramdisk, *dtb;
	uint64_t maxmem_kib;
};

static void usage(FILE *out)
{
	fprintf(out,
	      "usage: armguest qemu [options] CFG...\n"
	      "\n"
	      "Boot Xen under QEMU (qemu-system-aarch64, TCG) with Debian's packages of\n"
	      "the release, start each guest CFG in it with the kernel, ramdisk and\n"
	      "device tree it names on this machine, and say whether each passed.\n"
	      "Each guest's console is printed with its name as prefix.  A guest passes\n"
	      "when --expect matches a line of its console, or without --expect when\n"
	      "it powers off (dom0less: the kernel's power-down line), within --timeout.\n"
	      "\n"
	      "options:\n"
	      "  --xen V          Xen release to boot: %s (default %s)\n"
	      "  --gic v2|v3      the board's GIC (default v3)\n"
	      "  --via LIST       how to start the guests, comma-separated: armguest\n"
	      "                   (armguest create, default), xl (the release's xl create),\n"
	      "                   dom0less (boot-time guests, armguest dom0less, in a boot\n"
	      "                   of their own; each needs vuart = \"sbsa_uart\")\n"
	      "  --dom0, --no-dom0  boot with a dom0 (default) or none (--via dom0less only)\n"
	      "  --loader uboot|qemu  how a dom0less boot is loaded: U-Boot running the\n"
	      "                   boot.scr armguest dom0less writes (default), or QEMU's\n"
	      "                   own -kernel and -device loader\n"
	      "  --expect REGEX   pass when a console line matches REGEX (extended)\n"
	      "  --timeout S      seconds each guest has (default 300)\n"
	      "  --memory MiB     the board's RAM (default: dom0's 768 + the largest\n"
	      "                   guest + 512; a dom0less boot's guests all at once +\n"
	      "                   512 for its dom0 + 512; at least 2048)\n"
	      "  --smp N          the board's CPUs (default 2)\n"
	      "  --junit FILE     write a JUnit XML report, one test case per guest\n"
	      "  --keep DIR       keep the serial log and each guest's console in DIR\n"
	      "  --xen-image FILE boot this Xen build (of release --xen) instead of Debian's\n"
	      "  --dom0-hook DIR  the project's boot test: run DIR/hook.sh in dom0 after\n"
	      "                   the guests (docs/ci-boot.md)\n"
	      "  -h, --help       this text\n"
	      "\n"
	      "Environment: ARMGUEST_CACHE (downloads, default ~/.cache/armguest),\n"
	      "QEMU (the emulator, default qemu-system-aarch64), ARMGUEST_ARM64 (the\n"
	      "static arm64 armguest to run in dom0), ARMGUEST_PROGRESS (1: progress\n"
	      "lines on stderr also when it is not a terminal; 0: never).\n"
	      "\n"
	      "exit status: 0 every guest passed, 1 a guest failed, timed out or was\n"
	      "refused, 2 the test could not run (usage, no QEMU, a download failed,\n"
	      "a config does not parse)\n",
	      ag_profile_versions(), ag_cli_profile(NULL)->version);
}

static int parse_long(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		return cli_usage_error("qemu", "%s '%s': a number from %ld to %ld", opt, arg,
				       min, max);
	*out = v;
	return 0;
}

static int parse_via(const char *arg, bool via[VIA_N])
{
	char *list = strdup(arg), *save = NULL;

	if (!list)
		return cli_usage_error("qemu", "out of memory");
	memset(via, 0, sizeof(bool) * VIA_N);
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < VIA_N && strcmp(t, via_names[k]); k++)
			;
		if (k == VIA_N) {
			cli_usage_error("qemu", "--via '%s': use armguest, xl or dom0less", t);
			free(list);
			return AG_EXIT_USAGE;
		}
		via[k] = true;
	}
	free(list);
	if (!via[VIA_ARMGUEST] && !via[VIA_XL] && !via[VIA_DOM0LESS])
		return cli_usage_error("qemu", "--via: name at least one of armguest, xl, dom0less");
	return 0;
}

/* Returns 0, -1 for --help, or an exit status. */
static int parse_args(int argc, char **argv, struct qemu_opts *o)
{
	enum { O_XEN = 256, O_GIC, O_VIA, O_DOM0, O_NO_DOM0, O_EXPECT, O_TIMEOUT, O_MEMORY,
	       O_SMP, O_JUNIT, O_KEEP, O_XEN_IMAGE, O_HOOK, O_LOADER };
	static const struct option longopts[] = {
		{ "xen", required_argument, NULL, O_XEN },
		{ "gic", required_argument, NULL, O_GIC },
		{ "via", required_argument, NULL, O_VIA },
		{ "dom0", no_argument, NULL, O_DOM0 },
		{ "no-dom0", no_argument, NULL, O_NO_DOM0 },
		{ "expect", required_argument, NULL, O_EXPECT },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "memory", required_argument, NULL, O_MEMORY },
		{ "smp", required_argument, NULL, O_SMP },
		{ "junit", required_argument, NULL, O_JUNIT },
		{ "keep", required_argument, NULL, O_KEEP },
		{ "xen-image", required_argument, NULL, O_XEN_IMAGE },
		{ "dom0-hook", required_argument, NULL, O_HOOK },
		{ "loader", required_argument, NULL, O_LOADER },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	o->profile = ag_cli_profile(NULL);
	o->gic = "v3";
	o->via[VIA_ARMGUEST] = true;
	o->dom0 = true;
	o->timeout = 300;
	o->smp = 2;
	optind = 0; /* glibc: full re-initialisation */
	opterr = 0;
	while (!rc && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case O_XEN:
			o->profile = ag_cli_profile(optarg);
			if (!o->profile)
				rc = cli_usage_error("qemu", "--xen %s: the rig boots Xen %s", optarg,
						     ag_profile_versions());
			break;
		case O_GIC:
			if (strcmp(optarg, "v2") && strcmp(optarg, "v3"))
				rc = cli_usage_error("qemu", "--gic '%s': v2 or v3", optarg);
			o->gic = optarg;
			break;
		case O_VIA: rc = parse_via(optarg, o->via); break;
		case O_DOM0: o->dom0 = true; break;
		case O_NO_DOM0: o->dom0 = false; break;
		case O_EXPECT:
			if (!*optarg)
				rc = cli_usage_error("qemu", "--expect: an empty pattern matches anything");
			o->expect = optarg;
			break;
		case O_TIMEOUT: rc = parse_long("--timeout", optarg, 1, 86400, &o->timeout); break;
		case O_MEMORY: rc = parse_long("--memory", optarg, 1024, 65536, &o->memory); break;
		case O_SMP: rc = parse_long("--smp", optarg, 1, 8, &o->smp); break;
		case O_JUNIT: o->junit = optarg; break;
		case O_KEEP: o->keep = optarg; break;
		case O_XEN_IMAGE: o->xen_image = optarg; break;
		case O_HOOK: o->hook = optarg; break;
		case O_LOADER:
			if (strcmp(optarg, "uboot") && strcmp(optarg, "qemu"))
				rc = cli_usage_error("qemu", "--loader '%s': uboot or qemu", optarg);
			o->loader = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case ':':
			return cli_usage_error("qemu", "option '%s' needs an argument", argv[optind - 1]);
		default:
			return cli_usage_error("qemu", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error("qemu", "no config file given");
	if (argc - optind > QEMU_MAX_CFGS)
		return cli_usage_error("qemu", "at most %d configs in one boot", QEMU_MAX_CFGS);
	if (!o->dom0 && (o->via[VIA_ARMGUEST] || o->via[VIA_XL]))
		return cli_usage_error("qemu", "--no-dom0: armguest and xl run in dom0; "
				       "--via dom0less alone boots without one");
	if (o->hook && !o->dom0)
		return cli_usage_error("qemu", "--dom0-hook runs in dom0: not with --no-dom0");
	if (o->hook && o->via[VIA_DOM0LESS])
		return cli_usage_error("qemu", "--dom0-hook runs in the boot of armguest and xl, "
				       "not with --via dom0less");
	if (o->loader && !o->via[VIA_DOM0LESS])
		return cli_usage_error("qemu", "--loader is how a dom0less boot is loaded: "
				       "only with --via dom0less");
	if (!o->loader)
		o->loader = "uboot";
	if (o->xen_image && access(o->xen_image, R_OK))
		return cli_usage_error("qemu", "--xen-image %s: %s", o->xen_image, strerror(errno));
	return 0;
}

/* path made absolute (it exists), or NULL for NULL. */
static char *absolute(const char *path, int *rc)
{
	char *abs;

	if (!path)
		return NULL;
	abs = realpath(path, NULL);
	if (!abs) {
		fprintf(stderr, "armguest qemu: %s: %s\n", path, strerror(errno));
		*rc = AG_EXIT_USAGE;
	}
	return abs;
}

/*
 * Reads the config as create (and dom0less, when it is one of the ways)
 * would, before anything boots.  Returns an exit status.
 */
static int load_one(const char *path, const struct qemu_opts *o, struct qemu_guest *q)
{
	struct ag_load_opts lo = {
		.arch = AG_ARCH_ARM64, .check_files = true, .profile = o->profile,
	};
	struct ag_guest g;
	struct ag_diags d;
	int rc = AG_EXIT_OK;

	ag_diags_init(&d);
	for (int pass = 0; pass < 2 && rc == AG_EXIT_OK; pass++) {
		/* pass 0: as create reads it; pass 1: as a boot-time guest */
		if (pass == 0 && !o->via[VIA_ARMGUEST] && !o->via[VIA_XL])
			continue;
		if (pass == 1) {
			if (!o->via[VIA_DOM0LESS])
				break;
			lo.dom0less = true;
			lo.host_gic = strcmp(o->gic, "v2") ? AG_GIC_V3 : AG_GIC_V2;
		}
		rc = ag_load_guest(path, &lo, NULL, &g, &d);
		if (rc != AG_EXIT_OK)
			break;
		if (pass == 1 && !g.vuart) {
			ag_diag_add(&d, AG_ERROR, path, 0, 0, NULL,
				    "--via dom0less: the guest has no vuart = \"sbsa_uart\": a "
				    "boot-time guest's console is its vpl011, and without one "
				    "nothing of it can be seen (docs/ci-boot.md)");
			rc = AG_EXIT_INVALID;
		}
		if (!q->name && rc == AG_EXIT_OK) {
			q->name = strdup(g.name);
			q->maxmem_kib = g.maxmem_kib;
			q->cfg = absolute(path, &rc);
			q->kernel = absolute(g.kernel, &rc);
			q->ramdisk = absolute(g.ramdisk, &rc);
			q->dtb = absolute(g.device_tree, &rc);
			if (!q->name)
				rc = AG_EXIT_USAGE;
		}
		ag_guest_free(&g);
	}
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	if (rc != AG_EXIT_OK)
		fprintf(stderr, "armguest qemu: %s: not booting anything for a config that "
			"does not load\n", path);
	return rc == AG_EXIT_OK ? rc : AG_EXIT_USAGE;
}

static void free_guest(struct qemu_guest *q)
{
	free(q->name);
	free(q->cfg);
	free(q->kernel);
	free(q->ramdisk);
	free(q->dtb);
}

/* The guest list the rig reads: NAME CFG KERNEL RAMDISK DTB, tab-separated, "-" for none. */
static int write_guest_list(const char *path, const struct qemu_guest *q, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\t%s\t%s\t%s\t%s\n", q[i].name, q[i].cfg, q[i].kernel,
			q[i].ramdisk ? q[i].ramdisk : "-", q[i].dtb ? q[i].dtb : "-");
	return fclose(f) ? -errno : 0;
}

/* Runs the rig on this run. */
static int run(const char *rig, const char *work, const struct qemu_opts *o, const char *qemu,
	       const char *arm64, long memory)
{
	struct qemu_rig_run r = {
		.rig = rig, .work = work, .qemu = qemu, .arm64 = arm64,
		.xen = o->profile->version, .gic = o->gic + 1, .expect = o->expect,
		.xen_image = o->xen_image, .hook = o->hook, .dom0 = o->dom0,
		.loader = o->loader,
		.timeout = o->timeout, .memory = memory, .smp = o->smp,
	};
	char vias[64] = "", *image = o->xen_image ? realpath(o->xen_image, NULL) : NULL;
	int rc;

	for (int k = 0; k < VIA_N; k++) {
		if (!o->via[k])
			continue;
		if (*vias)
			strcat(vias, ",");
		strcat(vias, via_names[k]);
	}
	r.vias = vias;
	if (image)
		r.xen_image = image; /* the rig's own record names it wherever it ran */
	rc = qemu_run_rig(&r);
	free(image);
	return rc;
}

/*
 * One guest's verdict from the rig: WORK/guests/NAME.VIA.result holds
 * "STATUS SECONDS MESSAGE" (STATUS: pass, fail, timeout, refused).
 */
static void read_result(const char *work, const char *name, const char *via,
			struct ag_junit_case *c, char *msg, size_t msgsize, char *cons, size_t conssize)
{
	char path[PATH_MAX], status[16] = "", line[1024] = "";
	FILE *f;

	int np = snprintf(path, sizeof(path), "%s/guests/%s.%s.result", work, name, via);
	int nc = snprintf(cons, conssize, "%s/guests/%s.%s.cons", work, name, via);

	c->name = name;
	c->classname = via;
	c->console = cons;
	c->passed = false;
	c->seconds = 0;
	c->message = msg;
	snprintf(msg, msgsize, "no result: the boot did not get to this guest");
	f = np > 0 && (size_t)np < sizeof(path) && nc > 0 && (size_t)nc < conssize ?
		fopen(path, "r") : NULL;
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%15s %lf %n", status, &c->seconds, &off) >= 2) {
			c->passed = !strcmp(status, "pass");
			snprintf(msg, msgsize, "%s: %s", status, line + off);
		}
	}
	fclose(f);
}

/* The verdicts, the report and the exit status, after the rig ran. */
static int report(const char *work, const struct qemu_opts *o, const struct qemu_guest *q,
		  size_t n)
{
	size_t ncase = 0, failed = 0;
	struct ag_junit_case cases[QEMU_MAX_CFGS * VIA_N];
	static char msgs[QEMU_MAX_CFGS * VIA_N][512], cons[QEMU_MAX_CFGS * VIA_N][PATH_MAX];
	int status = AG_EXIT_OK;

	for (int k = 0; k < VIA_N; k++) {
		for (size_t i = 0; o->via[k] && i < n; i++, ncase++) {
			struct ag_junit_case *c = &cases[ncase];

			read_result(work, q[i].name, via_names[k], c, msgs[ncase],
				    sizeof(msgs[0]), cons[ncase], sizeof(cons[0]));
			printf("armguest qemu: %s %s (via %s, %.1f s)%s%s\n",
			       c->passed ? "PASS" : "FAIL", c->name, c->classname, c->seconds,
			       c->passed ? "" : ": ", c->passed ? "" : c->message);
			failed += !c->passed;
		}
	}
	printf("armguest qemu: %zu of %zu guests passed on Xen %s\n", ncase - failed, ncase,
	       o->profile->version);
	if (failed)
		status = AG_EXIT_INVALID;
	if (o->junit) {
		FILE *f = fopen(o->junit, "w");
		char suite[64];

		snprintf(suite, sizeof(suite), "armguest qemu Xen %s GICv%s", o->profile->version,
			 o->gic + 1);
		if (!f || ag_junit_write(f, suite, cases, ncase) || fclose(f)) {
			fprintf(stderr, "armguest qemu: cannot write %s: %s\n", o->junit,
				strerror(errno));
			status = AG_EXIT_USAGE;
		}
	}
	return status;
}

int cmd_qemu(int argc, char **argv)
{
	struct qemu_opts o = { 0 };
	struct qemu_guest q[QEMU_MAX_CFGS] = { 0 };
	/* work leaves room for the names the rig puts in it */
	char qemu[PATH_MAX], rig[PATH_MAX], arm64[PATH_MAX] = "", work[PATH_MAX - 512];
	char list[PATH_MAX];
	size_t n = 0;
	long memory;
	uint64_t largest = 0, all = 0;
	int rc = parse_args(argc, argv, &o);

	if (rc < 0)
		return AG_EXIT_OK; /* --help */
	if (rc)
		return rc;
	for (int i = optind; i < argc && !rc; i++, n++) {
		rc = load_one(argv[i], &o, &q[n]);
		for (size_t j = 0; !rc && j < n; j++)
			if (!strcmp(q[j].name, q[n].name))
				rc = cli_usage_error("qemu", "%s and %s both name the guest '%s'",
						     q[j].cfg, q[n].cfg, q[n].name);
		if (q[n].maxmem_kib > largest)
			largest = q[n].maxmem_kib;
		all += q[n].maxmem_kib;
	}
	if (!rc && qemu_find_emulator(qemu, sizeof(qemu))) {
		fprintf(stderr, "armguest qemu: %s not found: install Debian's qemu-system-arm "
			"(apt-get install qemu-system-arm)\n", qemu);
		rc = AG_EXIT_USAGE;
	}
	if (!rc && qemu_find_piece("ARMGUEST_QEMU_RIG", "../tests/boot/qemu-run.sh",
			      "tests/boot/qemu-run.sh", rig, sizeof(rig))) {
		fprintf(stderr, "armguest qemu: the boot rig (tests/boot/qemu-run.sh) is neither in "
			"this armguest's source tree nor in %s (make install-rig)\n", AG_LIBEXECDIR);
		rc = AG_EXIT_USAGE;
	}
	if (!rc && o.via[VIA_ARMGUEST]) {
		char rel[64];

		snprintf(rel, sizeof(rel), "aarch64-xen%s/armguest", o.profile->version);
		if (qemu_find_piece("ARMGUEST_ARM64", rel, rel, arm64, sizeof(arm64))) {
			fprintf(stderr, "armguest qemu: no static arm64 armguest for Xen %s beside "
				"this one nor in %s (make cross XEN=%s)\n", o.profile->version,
				AG_LIBEXECDIR, o.profile->version);
			rc = AG_EXIT_USAGE;
		}
	}
	/* armguest and xl start the guests one at a time; a dom0less boot starts them all */
	memory = o.via[VIA_ARMGUEST] || o.via[VIA_XL] ?
		 (long)(largest >> 10) + QEMU_DOM0_MIB + 512 : 0;
	if (o.via[VIA_DOM0LESS] &&
	    (long)(all >> 10) + (o.dom0 ? QEMU_D0L_DOM0_MIB : 0) + QEMU_D0L_SLACK_MIB > memory)
		memory = (long)(all >> 10) + (o.dom0 ? QEMU_D0L_DOM0_MIB : 0) + QEMU_D0L_SLACK_MIB;
	if (memory < 2048)
		memory = 2048;
	if (o.memory)
		memory = o.memory;
	if (!rc) {
		if (o.keep) {
			snprintf(work, sizeof(work), "%s", o.keep);
			if (mkdir(work, 0755) && errno != EEXIST) {
				fprintf(stderr, "armguest qemu: --keep %s: %s\n", work, strerror(errno));
				rc = AG_EXIT_USAGE;
			}
		} else {
			const char *tmp = getenv("TMPDIR");

			snprintf(work, sizeof(work), "%s/armguest-qemu.XXXXXX", tmp && *tmp ? tmp : "/tmp");
			if (!mkdtemp(work)) {
				fprintf(stderr, "armguest qemu: %s: %s\n", work, strerror(errno));
				rc = AG_EXIT_USAGE;
			}
		}
	}
	if (!rc) {
		snprintf(list, sizeof(list), "%s/guests.tsv", work);
		if (write_guest_list(list, q, n)) {
			fprintf(stderr, "armguest qemu: cannot write %s\n", list);
			rc = AG_EXIT_USAGE;
		}
		if (!rc)
			rc = run(rig, work, &o, qemu, arm64, memory);
		if (rc != AG_EXIT_USAGE)
			rc = report(work, &o, q, n);
		if (!o.keep)
			qemu_remove_tree(work);
	}
	for (size_t i = 0; i <= n && i < QEMU_MAX_CFGS; i++)
		free_guest(&q[i]);
	return rc;
}
