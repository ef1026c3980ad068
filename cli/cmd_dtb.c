/* SPDX-License-Identifier: MIT */
/*
 * armguest dtb CFG -o OUT.dtb: the device tree libxl 4.17 would give the
 * guest, built offline.  The config is parsed and resolved, the kernel and
 * ramdisk are measured, the partial device tree is read and validated, then
 * fdt/ builds, places and finalises the tree and the result is written
 * atomically.  The facts that only a running Xen knows (its version, the
 * host's GIC, the domain's IPA size, the timer frequency) come from options.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libfdt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "load.h"
#include "common/file.h"
#include "common/random.h"
#include "common/diag.h"
#include "fdt/builder.h"
#include "fdt/layout.h"
#include "fdt/profile.h"
#include "xl-parse/validate.h"
#include "xl-parse/xlcfg.h"

#define DEFAULT_GPADDR_BITS 40
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
		"Build the device tree Xen 4.17's libxl would give the guest of CFG.\n"
		"\n"
		"  -o, --output FILE       where to write the tree (required)\n"
		"  --gic v2|v3             the host's GIC, used when CFG has no gic_version\n"
		"                          (or \"default\"): the vGIC a real host would give\n"
		"  --xen VERSION           Xen release whose guest ABI to use (%s)\n"
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
		ag_profile_versions(), DEFAULT_GPADDR_BITS);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "armguest dtb: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'armguest dtb --help'.\n");
	return AG_EXIT_USAGE;
}

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
	unsigned long long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->arch = AG_ARCH_ARM64;
	o->gic = AG_GIC_DEFAULT;
	o->seed_mode = SEED_NOP;
	o->gpaddr_bits = DEFAULT_GPADDR_BITS;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case OPT_GIC:
			if (!strcmp(optarg, "v2"))
				o->gic = AG_GIC_V2;
			else if (!strcmp(optarg, "v3"))
				o->gic = AG_GIC_V3;
			else
				return usage_error("--gic: '%s' is not v2 or v3", optarg);
			break;
		case OPT_XEN:
			o->xen = optarg;
			break;
		case OPT_ARCH:
			if (ag_arch_parse(optarg, &o->arch))
				return usage_error("--arch: unknown architecture '%s'", optarg);
			break;
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_SEED:
			if (parse_seed(optarg, o))
				return usage_error("--rng-seed: '%s' is not nop, random, none or "
						   "hex:<256 hex digits>", optarg);
			break;
		case OPT_GPADDR:
			if (parse_unsigned(optarg, 64, &v) || v == 0)
				return usage_error("--gpaddr-bits: '%s' is not a number from 1 to 64",
						   optarg);
			o->gpaddr_bits = (unsigned)v;
			break;
		case OPT_CLOCK:
			if (parse_unsigned(optarg, UINT32_MAX, &v))
				return usage_error("--clock-frequency: '%s' is not a number of Hz "
						   "below 2^32", optarg);
			o->clock_frequency = (uint32_t)v;
			break;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error(optind >= argc ? "no config file given"
						  : "one config file, please");
	o->cfg = argv[optind];
	if (!o->out)
		return usage_error("no output file given (-o OUT.dtb)");
	return 0;
}

/* --- reading the boot files (bounded, regular files only) --------------- */

/*
 * Open a regular file without blocking on FIFOs; its size in *size.
 * -EINVAL: not a regular file.
 */
static int open_regular(const char *path, uint64_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

static int read_at(int fd, uint8_t *buf, size_t len, off_t off, size_t *got)
{
	*got = 0;
	while (*got < len) {
		ssize_t r = pread(fd, buf + *got, len - *got, off + (off_t)*got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return 0;
}

static const char *file_problem(int e)
{
	return e == EINVAL ? "not a regular file" : strerror(e);
}

struct diag_ctx {
	struct ag_diags *d;
	const struct ag_guest *g;
};

static int guest_error(const struct diag_ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An error about the guest, placed at the config line of `key`. */
static int guest_error(const struct diag_ctx *c, const char *key, const char *fmt, ...)
{
	struct ag_pos pos = ag_guest_key_pos(c->g, key);
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ag_diag_add(c->d, AG_ERROR, c->g->source, pos.line, pos.col, key, "%s", msg);
	return AG_EXIT_INVALID;
}

static int probe_kernel(const struct diag_ctx *c, const struct ag_profile *p,
			struct ag_kernel_info *k)
{
	uint8_t *start = NULL, tail[4];
	uint64_t size = 0;
	size_t got = 0, tail_got = 0;
	char msg[256];
	int fd, rc;

	fd = open_regular(c->g->kernel, &size);
	if (fd < 0)
		return guest_error(c, "kernel", "%s: cannot read the kernel: %s",
				   c->g->kernel, file_problem(-fd));
	start = malloc(AG_KERNEL_PROBE_BYTES);
	if (!start) {
		close(fd);
		return guest_error(c, "kernel", "out of memory");
	}
	rc = read_at(fd, start, AG_KERNEL_PROBE_BYTES, 0, &got);
	if (!rc && size >= sizeof(tail))
		rc = read_at(fd, tail, sizeof(tail), (off_t)(size - sizeof(tail)), &tail_got);
	close(fd);
	if (rc) {
		free(start);
		return guest_error(c, "kernel", "%s: cannot read the kernel: %s",
				   c->g->kernel, strerror(-rc));
	}
	rc = ag_kernel_probe(p, start, got, size,
			     tail_got == sizeof(tail) ? tail : NULL, k, msg, sizeof(msg));
	free(start);
	if (rc)
		return guest_error(c, "kernel", "%s: %s", c->g->kernel, msg);
	return 0;
}

static int ramdisk_size(const struct diag_ctx *c, uint64_t *size)
{
	int fd;

	*size = 0;
	if (!c->g->ramdisk || !c->g->ramdisk[0])
		return 0;
	fd = open_regular(c->g->ramdisk, size);
	if (fd < 0)
		return guest_error(c, "ramdisk", "%s: cannot read the ramdisk: %s",
				   c->g->ramdisk, file_problem(-fd));
	close(fd);
	return 0;
}

/* The partial device tree, whole, at most p->fdt_max_size bytes. */
static int read_partial(const struct diag_ctx *c, const struct ag_profile *p,
			void **buf, size_t *len)
{
	uint64_t size = 0;
	size_t got = 0;
	uint8_t *b;
	int fd, rc;

	*buf = NULL;
	*len = 0;
	if (!c->g->device_tree)
		return 0;
	fd = open_regular(c->g->device_tree, &size);
	if (fd < 0)
		return guest_error(c, "device_tree",
				   "failed to read the partial device file %s: %s",
				   c->g->device_tree, file_problem(-fd));
	if (size > p->fdt_max_size) {
		close(fd);
		return guest_error(c, "device_tree",
				   "%s: partial device tree is %" PRIu64
				   " bytes; at most %zu are accepted",
				   c->g->device_tree, size, p->fdt_max_size);
	}
	b = malloc(size ? (size_t)size : 1);
	if (!b) {
		close(fd);
		return guest_error(c, "device_tree", "out of memory");
	}
	rc = read_at(fd, b, (size_t)size, 0, &got);
	close(fd);
	if (rc) {
		free(b);
		return guest_error(c, "device_tree",
				   "failed to read the partial device file %s: %s",
				   c->g->device_tree, strerror(-rc));
	}
	*buf = b;
	*len = got;
	return 0;
}

/* --- writing ------------------------------------------------------------ */

/* --- the command -------------------------------------------------------- */

/* The vGIC: the config's gic_version, else --gic, else we cannot know it. */
static int choose_gic(const struct diag_ctx *c, const struct dtb_opts *o, enum ag_gic *gic)
{
	if (c->g->gic != AG_GIC_DEFAULT) {
		if (o->gic != AG_GIC_DEFAULT && o->gic != c->g->gic) {
			struct ag_pos pos = c->g->pos_gic_version;

			ag_diag_add(c->d, AG_WARNING, c->g->source, pos.line, pos.col,
				    "gic_version", "gic_version = %s overrides --gic %s",
				    c->g->gic == AG_GIC_V2 ? "v2" : "v3",
				    o->gic == AG_GIC_V2 ? "v2" : "v3");
		}
		*gic = c->g->gic;
		return 0;
	}
	if (o->gic != AG_GIC_DEFAULT) {
		*gic = o->gic;
		return 0;
	}
	return guest_error(c, "gic_version",
			   "%s: Xen gives the guest the host's GIC, which armguest dtb cannot "
			   "see; pass --gic v2 or --gic v3 (the host's GIC), or set "
			   "gic_version = \"v2\" or \"v3\" in the config",
			   c->g->pos_gic_version.line ? "gic_version asks for the host's GIC"
						      : "gic_version is not set");
}

static int build_and_write(const struct diag_ctx *c, const struct dtb_opts *o,
			   const struct ag_profile *p)
{
	const struct ag_guest *g = c->g;
	struct ag_fdt_input in;
	struct ag_fdt_error err;
	struct ag_kernel_info k;
	struct ag_layout layout;
	uint8_t seed[AG_RNG_SEED_SIZE] = { 0 };
	uint64_t rd_size = 0;
	void *partial = NULL, *blob = NULL;
	size_t partial_len = 0, blob_len = 0;
	char msg[256];
	int rc;

	memset(&in, 0, sizeof(in));
	in.guest = g;
	in.profile = p;
	in.xen_major = p->xen_major;
	in.xen_minor = p->xen_minor;
	in.clock_frequency = o->clock_frequency;
	in.gpaddr_bits = o->gpaddr_bits;
	rc = choose_gic(c, o, &in.gic);
	if (rc)
		return rc;
	rc = probe_kernel(c, p, &k);
	if (!rc)
		rc = ramdisk_size(c, &rd_size);
	if (!rc)
		rc = read_partial(c, p, &partial, &partial_len);
	if (rc)
		return rc;

	if (o->seed_mode == SEED_HEX)
		memcpy(seed, o->seed, sizeof(seed));
	if (o->seed_mode == SEED_RANDOM && (rc = ag_random_bytes(seed, sizeof(seed)))) {
		free(partial);
		ag_diag_add(c->d, AG_ERROR, NULL, 0, 0, NULL,
			    "cannot get 128 random bytes for rng-seed: %s", strerror(-rc));
		return AG_EXIT_USAGE;
	}
	in.rng_seed = o->seed_mode == SEED_NONE ? NULL : seed;
	in.partial_fdt = partial;
	in.partial_fdt_size = partial_len;
	if (g->acpi)
		in.acpi_size = ag_acpi_tables_size(p, in.gic == AG_GIC_V3, g->max_vcpus);

	rc = ag_fdt_build(&in, &blob, &blob_len, &err);
	free(partial);
	in.partial_fdt = NULL;
	if (rc) {
		if (err.key && !strcmp(err.key, "device_tree"))
			return guest_error(c, err.key, "%s: %s", g->device_tree, err.msg);
		return guest_error(c, err.key, "%s", err.msg);
	}

	rc = ag_layout_compute(p, ag_layout_ram_bytes(g->maxmem_kib, g->videoram_kib), &k,
			       g->ramdisk && g->ramdisk[0], rd_size, fdt_totalsize(blob),
			       &layout, msg, sizeof(msg));
	if (rc) {
		const char *key = ag_layout_error_key(rc, g->ramdisk && g->ramdisk[0],
						      g->pos_maxmem.line != 0);

		free(blob);
		if (!strcmp(key, "ramdisk"))
			return guest_error(c, key, "%s: %s", g->ramdisk, msg);
		if (!strcmp(key, "kernel"))
			return guest_error(c, key, "%s: %s", g->kernel, msg);
		return guest_error(c, key, "%s", msg);
	}
	rc = ag_fdt_finalise(blob, &in, &layout, &err);
	if (!rc && o->seed_mode == SEED_NOP) {
		rc = ag_fdt_nop_rng_seed(blob);
		/* With acpi = 1 the seed follows a subnode: Linux misses it too. */
		if (rc == -FDT_ERR_NOTFOUND)
			rc = 0;
		if (rc)
			snprintf(err.msg, sizeof(err.msg), "NOPing rng-seed: %s",
				 fdt_strerror(rc));
	}
	if (rc) {
		free(blob);
		return guest_error(c, NULL, "%s", err.msg);
	}

	rc = ag_write_file_atomic(o->out, blob, blob_len);
	free(blob);
	if (rc) {
		ag_diag_add(c->d, AG_ERROR, o->out, 0, 0, NULL, "cannot write the tree: %s",
			    strerror(-rc));
		return AG_EXIT_USAGE;
	}
	return AG_EXIT_OK;
}

int cmd_dtb(int argc, char **argv)
{
	struct dtb_opts o;
	struct ag_diags d;
	struct ag_load_opts lo;
	struct ag_guest g;
	const struct ag_profile *p;
	int rc;

	/* -1: --help was answered. */
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? AG_EXIT_OK : rc;
	p = ag_profile_lookup(o.xen);
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
