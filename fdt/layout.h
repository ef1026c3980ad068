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

#include "profile.h"

/* Bytes of the file start ag_kernel_probe needs. */
#define AG_KERNEL_HEADER_SIZE 64

struct ag_kernel_info {
	uint64_t text_offset;   /* Image header offset 8 */
	uint64_t load_size;     /* bytes loaded: file size, or gunzipped size + 16 */
	int gzip;               /* the file was gzip'd */
};

/*
 * Recognise an arm64 Image from its first bytes (or a gzip'd one: then
 * head must hold the decompressed header and gunzip_size the ISIZE).
 * Returns 0, or -EINVAL with msg filled ("kernel is not an arm64 Image").
 */
int ag_kernel_probe(const uint8_t *head, size_t head_len, uint64_t file_size,
		    int gzip, uint64_t gunzip_size, struct ag_kernel_info *out,
		    char *msg, size_t msg_len);

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
 * Place everything as libxenguest 4.17's meminit would.  dtb_totalsize is
 * the built tree's totalsize.  Returns 0, or -EINVAL/-ENOSPC with msg.
 */
int ag_layout_compute(const struct ag_profile *p, uint64_t ram_bytes,
		      const struct ag_kernel_info *k, int has_ramdisk,
		      uint64_t ramdisk_size, uint32_t dtb_totalsize,
		      struct ag_layout *out, char *msg, size_t msg_len);

#define AG_MAX_EXT_REGIONS 2

/*
 * Extended regions (reference §4.5): at most one per bank, 2 MiB-aligned,
 * at least p->ext_region_min_size.  Returns the count (0..2), or -EINVAL
 * if gpaddr_bits > 64.
 */
int ag_ext_regions(const struct ag_profile *p, const uint64_t bank_size[2],
		   unsigned gpaddr_bits, struct ag_region out[AG_MAX_EXT_REGIONS]);

#endif
