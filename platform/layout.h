/* SPDX-License-Identifier: MIT */
/*
 * Guest layout arithmetic, as libxenguest 4.17 does it (no I/O):
 * the arm64 Image header, RAM banks, where the kernel, ramdisk and DTB go,
 * and the extended regions the `hypervisor` node advertises.
 */
#ifndef AG_LAYOUT_H
#define AG_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "profile.h"

/* Bytes of the (decompressed) file start the Image header occupies. */
#define AG_KERNEL_HEADER_SIZE 64
/*
 * Bytes of the file start a caller should pass to ag_kernel_probe: enough
 * to gunzip the header of a gzip'd Image (the deflate stream's first block
 * header plus the first 64 output bytes).
 */
#define AG_KERNEL_PROBE_BYTES (64u * 1024u)

struct ag_kernel_info {
	uint64_t text_offset;   /* Image header offset 8 */
	uint64_t load_size;     /* bytes loaded: file size, or gunzipped size + 16 */
	uint64_t file_size;     /* the file's own size (what a bootloader loads) */
	uint64_t image_size;    /* Image header offset 16: the memory the kernel needs from
				 * its load address (0: an old kernel that does not say) */
	int gzip;               /* the file was gzip'd */
};

/*
 * Recognise the kernel as libxenguest 4.17 would (xc_dom_kernel_file,
 * xc_dom_try_gunzip, the zimage64 probe).  start holds the first
 * min(file_size, AG_KERNEL_PROBE_BYTES) bytes of the file, tail its last 4
 * bytes (the gzip ISIZE; may be NULL when file_size < 6).  A file starting
 * with the gzip magic is taken as gzip'd when libxenguest would gunzip it;
 * its header is then inflated from start.
 * Returns 0, or a negative errno with err filled (key "kernel"):
 *   -EINVAL "kernel is not an arm64 Image" (and variants saying why),
 *   -ENOTSUP a 32-bit zImage (libxenguest boots it; its placement is not modelled),
 *   -EFBIG  the file (or its gunzipped size) exceeds p->kernel_max_size,
 *   -ENODATA an empty file.
 */
int ag_kernel_probe(const struct ag_profile *p, const uint8_t *start,
		    size_t start_len, uint64_t file_size, const uint8_t *tail,
		    struct ag_kernel_info *out, struct ag_err *err);

struct ag_layout {
	uint64_t ram_bytes;
	uint64_t bank_size[2];          /* RAM placed in each bank */
	uint64_t kernel_base, kernel_end;
	uint64_t modules_base;
	uint64_t initrd_start, initrd_end; /* end page-rounded, as libxl writes it */
	int has_ramdisk;
	uint64_t dtb_addr;
};

/*
 * The RAM an Arm guest gets, as libxl computes it for xc_dom_mem_init:
 * (maxmem - videoram) in whole MiB, in bytes.
 */
uint64_t ag_layout_ram_bytes(uint64_t maxmem_kib, uint64_t videoram_kib);

/*
 * Place everything as libxenguest 4.17's meminit would.  dtb_totalsize is
 * the built tree's totalsize.  Returns 0, or with err filled (its key is
 * ag_layout_error_key's, which needs the config):
 *   -ERANGE  the kernel's text_offset and size put it past the first RAM bank,
 *   -EINVAL  RAM size 0 or larger than the guest address space,
 *   -E2BIG   kernel + modules are larger than the first RAM bank, whatever the RAM,
 *   -ENOSPC  kernel + modules do not fit in the guest's RAM (libxenguest would fail),
 *   -EFBIG   ramdisk larger than p->module_max_size,
 *   -ENODATA an empty ramdisk file.
 */
int ag_layout_compute(const struct ag_profile *p, uint64_t ram_bytes,
		      const struct ag_kernel_info *k, int has_ramdisk,
		      uint64_t ramdisk_size, uint32_t dtb_totalsize,
		      struct ag_layout *out, struct ag_err *err);

/*
 * The config key an ag_layout_compute error belongs to: "ramdisk" for an
 * empty or oversized ramdisk, "kernel" for a kernel placed past the first
 * bank, the ramdisk (else the kernel) for modules larger than the first
 * bank, else the key that sized the RAM ("maxmem" when the config gives
 * it, "memory").
 */
const char *ag_layout_error_key(int rc, int has_ramdisk, int maxmem_given);

/*
 * Length of the ACPI tables libxl 4.17 builds for acpi = 1 (the size in
 * /chosen/module@20000000's reg): RSDP, XSDT, GTDT, MADT (one GICC per
 * possible vCPU, the GICD, and on vGICv3 one GICR), FADT and DSDT, each
 * rounded up to 8 bytes.
 */
uint64_t ag_acpi_tables_size(const struct ag_profile *p, int gic_v3,
			     unsigned max_vcpus);

#define AG_MAX_EXT_REGIONS 2

/*
 * Extended regions (tools/libs/light/libxl_arm.c: finalise_ext_region, stable-4.17): at most one per bank, 2 MiB-aligned,
 * at least p->ext_region_min_size.  Returns the count (0..2), or -EINVAL
 * if gpaddr_bits is 0 or > 64.
 */
int ag_ext_regions(const struct ag_profile *p, const uint64_t bank_size[2],
		   unsigned gpaddr_bits, struct ag_region out[AG_MAX_EXT_REGIONS]);

#endif
