/* SPDX-License-Identifier: MIT */
/*
 * A scratch world for the creation tests: a temporary directory with a
 * kernel file made from the golden kernel's recorded header (sparse, the
 * real size) and a sparse ramdisk, a run directory for state files, the
 * recording fake, and a guest like the goldens'.  Include after <cmocka.h>.
 */
#ifndef AG_TEST_CREATE_ENV_H
#define AG_TEST_CREATE_ENV_H

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arm/create.h"
#include "arm/state.h"
#include "fake_xenops.c"
#include "test_fdt_util.h"

struct create_env {
	char dir[64];
	char kernel[128], ramdisk[128], run_dir[128], dtb_out[128], xl_lock[128];
	struct fake f;
	struct ag_xenops ops;
	const struct ag_profile *profile;   /* the release created for (default 4.17) */
	struct ag_guest g;
	uint32_t irqs[2];
	struct ag_iomem iomem[1];
	char *dtdevs[1];
	struct ag_cpumap cpus[2];
	struct ag_diags d;
	struct ag_create_opts opts;
	struct ag_create_result res;
};

/*
 * The signal tests raise SIGINT, SIGTERM, SIGHUP and SIGPIPE and expect them
 * caught; armguest leaves a signal its caller ignores ignored (as a shell
 * does), so a test run under nohup (SIGHUP ignored) or from a background job
 * would test that instead.  Each test binary's main starts from the defaults.
 */
static inline void env_default_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
}

static inline void env_write_sparse(const char *path, const uint8_t *head, size_t head_len,
				    uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	if (head_len)
		assert_int_equal(write(fd, head, head_len), (ssize_t)head_len);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

/* 256 MiB, 2 vCPUs, the golden kernel and ramdisk sizes, host GIC, no devices. */
static inline struct create_env *env_new(void)
{
	struct create_env *e = calloc(1, sizeof(*e));
	uint8_t head[AG_KERNEL_HEADER_SIZE];
	uint64_t ksize;

	assert_non_null(e);
	strcpy(e->dir, "/tmp/ag-create-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->kernel, sizeof(e->kernel), "%s/Image", e->dir);
	snprintf(e->ramdisk, sizeof(e->ramdisk), "%s/initrd", e->dir);
	snprintf(e->run_dir, sizeof(e->run_dir), "%s/run", e->dir);
	snprintf(e->dtb_out, sizeof(e->dtb_out), "%s/guest.dtb", e->dir);
	snprintf(e->xl_lock, sizeof(e->xl_lock), "%s/xl.lock", e->dir);
	tu_read_fixture("linux-6.1.0-56-arm64.image", head, &ksize);
	env_write_sparse(e->kernel, head, sizeof(head), ksize);
	env_write_sparse(e->ramdisk, NULL, 0, GOLDEN_RAMDISK_SIZE);

	fake_init(&e->f);
	e->ops = fake_ops(&e->f);
	e->g = tu_guest();
	e->g.source = "guest.cfg";
	e->g.name = "guest";
	e->g.gic = AG_GIC_DEFAULT;
	e->g.kernel = e->kernel;
	e->g.ramdisk = e->ramdisk;
	e->g.shadow_kib = 4 * (256 * 2 + 256 + 128);
	ag_diags_init(&e->d);
	e->opts.run_dir = e->run_dir;
	e->opts.target_version = "4.17";
	e->profile = &ag_profile_417;
	e->opts.dtb_out = e->dtb_out;
	e->opts.xl_lockfile = e->xl_lock;
	return e;
}

/* Every optional stage on: vuart, an iomem range, an IRQ, a DT device, xenstored. */
static inline void env_full(struct create_env *e)
{
	e->g.vuart = true;
	e->irqs[0] = 40;
	e->g.irqs = e->irqs;
	e->g.n_irqs = 1;
	e->iomem[0] = (struct ag_iomem){ .start_pfn = 0x9000, .nr_pfns = 2, .gfn = 0x9100 };
	e->g.iomem = e->iomem;
	e->g.n_iomem = 1;
	e->dtdevs[0] = "/soc/ethernet@ff000000";
	e->g.dtdevs = e->dtdevs;
	e->g.n_dtdevs = 1;
	e->g.passthrough = AG_PT_ENABLED; /* what validation resolves "default" to */
	e->cpus[0].w[0] = 0x2;            /* vCPU 0 on CPU 1 */
	e->g.cpus_hard = e->cpus;
	e->g.n_cpus_hard = 1;
	e->g.sched_weight = 512;
	e->f.xs = true;
}

static inline int env_create(struct create_env *e)
{
	return ag_create_domain(&e->ops, &e->g, e->profile, &e->opts, &e->res, &e->d);
}

static inline void env_free(struct create_env *e)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	ag_diags_free(&e->d);
	fake_fini(&e->f);
	free(e);
}

#endif
