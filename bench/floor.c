/* SPDX-License-Identifier: MIT */
/*
 * The floor of a create (docs/performance.md): only what any toolstack must do to start an Arm
 * guest, through the same libxenctrl/libxenguest calls libxl and armguest make
 * (tools/libs/light/libxl_dom.c: libxl__build_dom, stable-4.17): create the domain, size it,
 * load kernel, ramdisk and device tree, populate its memory, unpause.  No config, no checks, no
 * xenstore, no console: a lower bound to measure armguest and xl against, in the same boot.
 *
 *   floor -k KERNEL [-r RAMDISK] -d DTB -m MEM_MIB -c VCPUS -g 2|3 -P PAGING_BYTES [-p]
 *
 * The tree must be the one laid out for this kernel, ramdisk and memory (armguest create -n
 * --dtb-out writes it); -p leaves the domain paused.  Prints "domid N" on stdout and, like
 * `armguest create --timings`, one "timing STEP MS" line per step on stderr, then the total.
 * Exit 0, or 1 with the step that failed; a domain made before the failure is destroyed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenguest.h>

#define MAX_STEPS 20

static struct step {
	const char *name;
	uint64_t ns;
} steps[MAX_STEPS];
static unsigned nsteps;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void print_steps(uint64_t total)
{
	for (unsigned i = 0; i < nsteps; i++)
		fprintf(stderr, "timing %s %" PRIu64 ".%03" PRIu64 "\n", steps[i].name,
			steps[i].ns / 1000000u, steps[i].ns / 1000u % 1000u);
	fprintf(stderr, "timing total %" PRIu64 ".%03" PRIu64 "\n", total / 1000000u,
		total / 1000u % 1000u);
}

/* Run one call as a named step: timed, and on failure the step is named. */
#define STEP(name, call)                                                                   \
	do {                                                                                \
		uint64_t t0_ = now_ns();                                                    \
		int rc_ = (call);                                                           \
		if (nsteps < MAX_STEPS)                                                     \
			steps[nsteps++] = (struct step){ name, now_ns() - t0_ };            \
		if (rc_) {                                                                  \
			fprintf(stderr, "floor: %s failed: %s\n", name, strerror(errno));  \
			goto fail;                                                          \
		}                                                                           \
	} while (0)

static void usage(void)
{
	fprintf(stderr, "usage: floor -k KERNEL [-r RAMDISK] -d DTB -m MEM_MIB -c VCPUS -g 2|3 "
			"-P PAGING_BYTES [-p]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *kernel = NULL, *ramdisk = NULL, *dtb = NULL;
	unsigned long mem_mib = 0, vcpus = 0, gic = 3, paging = 0;
	uint64_t t_start = now_ns();
	struct xc_dom_image *dom = NULL;
	xc_interface *xch = NULL;
	uint32_t domid = 0;
	int have_domain = 0, paused = 0, opt;

	while ((opt = getopt(argc, argv, "k:r:d:m:c:g:P:p")) != -1) {
		switch (opt) {
		case 'k': kernel = optarg; break;
		case 'r': ramdisk = optarg; break;
		case 'd': dtb = optarg; break;
		case 'm': mem_mib = strtoul(optarg, NULL, 0); break;
		case 'c': vcpus = strtoul(optarg, NULL, 0); break;
		case 'g': gic = strtoul(optarg, NULL, 0); break;
		case 'P': paging = strtoul(optarg, NULL, 0); break;
		case 'p': paused = 1; break;
		default: usage();
		}
	}
	if (!kernel || !dtb || !mem_mib || !vcpus || (gic != 2 && gic != 3) || optind != argc)
		usage();

	STEP("open", (xch = xc_interface_open(NULL, NULL, 0)) ? 0 : -1);
	/* libxl__domain_make's createdomain for a PVH Arm guest, without the optional settings. */
	struct xen_domctl_createdomain cfg = {
		.ssidref = 0,
		.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
		.max_vcpus = (uint32_t)vcpus,
		.max_evtchn_port = 1023,
		.max_grant_frames = -1,
		.max_maptrack_frames = -1,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
		.arch = { .gic_version = gic == 2 ? XEN_DOMCTL_CONFIG_GIC_V2
						  : XEN_DOMCTL_CONFIG_GIC_V3 },
	};
	STEP("createdomain", xc_domain_create(xch, &domid, &cfg));
	have_domain = 1;
	STEP("max_vcpus", xc_domain_max_vcpus(xch, domid, (unsigned)vcpus));
	STEP("setmaxmem", xc_domain_setmaxmem(xch, domid, (mem_mib << 10) + 1024));
	STEP("paging_pool", xc_set_paging_mempool_size(xch, domid, paging));
	STEP("dom_allocate", (dom = xc_dom_allocate(xch, NULL, NULL)) ? 0 : -1);
	dom->container_type = XC_DOM_HVM_CONTAINER;
	dom->max_vcpus = (unsigned)vcpus;
	STEP("kernel_load", xc_dom_kernel_file(dom, kernel));
	if (ramdisk)
		STEP("ramdisk_load", xc_dom_module_file(dom, ramdisk, NULL));
	STEP("dtb_load", xc_dom_devicetree_file(dom, dtb));
	STEP("xen_init", xc_dom_boot_xen_init(dom, xch, domid));
	STEP("rambase_init", xc_dom_rambase_init(dom, GUEST_RAM0_BASE));
	STEP("parse_image", xc_dom_parse_image(dom));
	STEP("mem_init", xc_dom_mem_init(dom, (unsigned)mem_mib));
	STEP("boot_mem_init", xc_dom_boot_mem_init(dom));
	STEP("build_image", xc_dom_build_image(dom));
	STEP("boot_image", xc_dom_boot_image(dom));
	STEP("gnttab", xc_dom_gnttab_init(dom));
	if (!paused)
		STEP("unpause", xc_domain_unpause(xch, domid));
	print_steps(now_ns() - t_start);
	printf("domid %" PRIu32 "\n", domid);
	xc_dom_release(dom);
	xc_interface_close(xch);
	return 0;

fail:
	if (dom)
		xc_dom_release(dom);
	if (have_domain)
		xc_domain_destroy(xch, domid);
	if (xch)
		xc_interface_close(xch);
	return 1;
}
