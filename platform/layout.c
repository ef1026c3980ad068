/* SPDX-License-Identifier: MIT */
/*
 * Where libxenguest 4.17 puts things in an Arm guest (tools/libs/guest/xg_dom_arm.c:
 * meminit, xg_dom_armzimageloader.c: xc_dom_probe_zimage64_kernel, stable-4.17) and
 * which address ranges libxl advertises as extended regions
 * (tools/libs/light/libxl_arm.c: finalise_ext_region, stable-4.17).
 * Arithmetic on numbers and bytes handed in; no I/O.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "layout.h"

/* xg_dom_armzimageloader.c: the two magics of the arm64 Image header. */
#define IMAGE_MAGIC0 0x14000008u        /* offset 0: a branch instruction */
#define IMAGE_MAGIC1 0x644d5241u        /* offset 56: "ARM\x64" */
/* xg_dom_armzimageloader.c: a 32-bit zImage says so at offset 0x24. */
#define ZIMAGE32_MAGIC_OFFSET 0x24
#define ZIMAGE32_MAGIC 0x016f2818u
/* xg_dom_core.c xc_dom_check_gzip: the buffer is ISIZE + 16 bytes. */
#define GUNZIP_SLACK 16u
#define GZIP_MIN_FILE 6u                /* magic + ISIZE */

static uint32_t le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint64_t le64(const uint8_t *b)
{
	return (uint64_t)le32(b) | (uint64_t)le32(b + 4) << 32;
}

static uint64_t round_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/* Inflate the first AG_KERNEL_HEADER_SIZE bytes of a gzip stream. */
static int gunzip_header(const uint8_t *gz, size_t gz_len, int whole_file,
			 uint8_t out[AG_KERNEL_HEADER_SIZE], struct ag_err *err)
{
	z_stream zs;
	size_t got;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, MAX_WBITS + 32) != Z_OK) {
		return ag_err_set(err, ENOMEM, "kernel", "kernel: cannot initialise zlib");
	}
	zs.next_in = (Bytef *)gz;
	zs.avail_in = (uInt)gz_len;
	zs.next_out = out;
	zs.avail_out = AG_KERNEL_HEADER_SIZE;
	rc = inflate(&zs, Z_SYNC_FLUSH);
	got = AG_KERNEL_HEADER_SIZE - zs.avail_out;
	inflateEnd(&zs);
	if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR ||
	    rc == Z_STREAM_ERROR) {
		return ag_err_set(err, EINVAL, "kernel", "kernel: the gzip data is corrupt");
	}
	if (got < AG_KERNEL_HEADER_SIZE && rc != Z_STREAM_END) {
		return ag_err_set(err, EINVAL, "kernel", whole_file ?
				  "kernel: the gzip data is truncated" :
				  "kernel: cannot gunzip the Image header from the first %zu bytes",
				  gz_len);
	}
	/* A shorter stream leaves the rest zero, as libxenguest's buffer. */
	return 0;
}

int ag_kernel_probe(const struct ag_profile *p, const uint8_t *start,
		    size_t start_len, uint64_t file_size, const uint8_t *tail,
		    struct ag_kernel_info *out, struct ag_err *err)
{
	uint8_t unzipped[AG_KERNEL_HEADER_SIZE] = { 0 };
	const uint8_t *hdr = start;
	size_t hdr_len = start_len;
	uint64_t size = file_size, rambase = p->ram_bank[0].base;
	int gzip = 0;

	memset(out, 0, sizeof(*out));
	if (file_size == 0) {
		return ag_err_set(err, ENODATA, "kernel", "kernel is an empty file");
	}
	if (file_size > p->kernel_max_size) {
		return ag_err_set(err, EFBIG, "kernel",
				  "kernel is %" PRIu64 " bytes, more than libxenguest's limit of %" PRIu64,
				  file_size, p->kernel_max_size);
	}
	if (start_len > file_size)
		start_len = hdr_len = (size_t)file_size;

	/* xc_dom_try_gunzip: gunzip only when the claimed size is sane. */
	if (file_size >= GZIP_MIN_FILE && start_len >= 2 && tail &&
	    start[0] == 0x1f && start[1] == 0x8b) {
		uint64_t isize = le32(tail);

		if (isize + GUNZIP_SLACK <= p->kernel_max_size) {
			int rc = gunzip_header(start, start_len,
					       start_len == file_size,
					       unzipped, err);
			if (rc)
				return rc;
			hdr = unzipped;
			hdr_len = AG_KERNEL_HEADER_SIZE;
			size = isize + GUNZIP_SLACK;
			gzip = 1;
		}
	}

	if (size < AG_KERNEL_HEADER_SIZE || hdr_len < AG_KERNEL_HEADER_SIZE) {
		return ag_err_set(err, EINVAL, "kernel",
				  "kernel is not an arm64 Image (%" PRIu64 " bytes, shorter than its %d-byte header)",
				  size, AG_KERNEL_HEADER_SIZE);
	}
	if (le32(hdr + ZIMAGE32_MAGIC_OFFSET) == ZIMAGE32_MAGIC) {
		return ag_err_set(err, ENOTSUP, "kernel", "kernel is a 32-bit Arm zImage%s: armguest does not model "
				  "where libxenguest's zImage32 loader places it", gzip ? " (after gunzip)" : "");
	}
	if (le32(hdr) != IMAGE_MAGIC0 && le32(hdr + 56) != IMAGE_MAGIC1) {
		return ag_err_set(err, EINVAL, "kernel", "kernel is not an arm64 Image%s",
				  gzip ? " (after gunzip)" : "");
	}
	out->text_offset = le64(hdr + 8);
	if (out->text_offset > UINT64_MAX - rambase ||
	    size > UINT64_MAX - (rambase + out->text_offset)) {
		return ag_err_set(err, EINVAL, "kernel",
				  "kernel text offset %#" PRIx64 " is too large",
				  out->text_offset);
	}
	out->load_size = size;
	out->image_size = le64(hdr + 16);
	out->file_size = file_size;
	out->gzip = gzip;
	return 0;
}

const char *ag_layout_error_key(int rc, int has_ramdisk, int maxmem_given)
{
	if (rc == -EFBIG || rc == -ENODATA)
		return "ramdisk";
	if (rc == -E2BIG)
		return has_ramdisk ? "ramdisk" : "kernel";
	if (rc == -ERANGE)
		return "kernel";
	return maxmem_given ? "maxmem" : "memory";
}

uint64_t ag_layout_ram_bytes(uint64_t maxmem_kib, uint64_t videoram_kib)
{
	uint64_t kib = maxmem_kib > videoram_kib ? maxmem_kib - videoram_kib : 0;

	return (kib / 1024) << 20;
}

int ag_layout_compute(const struct ag_profile *p, uint64_t ram_bytes,
		      const struct ag_kernel_info *k, int has_ramdisk,
		      uint64_t ramdisk_size, uint32_t dtb_totalsize,
		      struct ag_layout *out, struct ag_err *err)
{
	const uint64_t page = UINT64_C(1) << p->page_shift;
	const struct ag_region *bank = p->ram_bank;
	uint64_t kernbase, kernend, dtb_size, rd_size, modsize, bank0end, ram128;

	memset(out, 0, sizeof(*out));
	if (has_ramdisk && ramdisk_size == 0) {
		return ag_err_set(err, ENODATA, NULL, "ramdisk is an empty file");
	}
	if (has_ramdisk && ramdisk_size > p->module_max_size) {
		return ag_err_set(err, EFBIG, NULL,
				  "ramdisk is %" PRIu64 " bytes, more than libxenguest's limit of %" PRIu64,
				  ramdisk_size, p->module_max_size);
	}

	/*
	 * A text_offset from a hostile header can put the kernel past the
	 * bank, or make its end wrap (meminit's own arithmetic then passes,
	 * and the build fails once the domain exists): refuse it here.
	 */
	if (k->text_offset >= bank[0].size || k->load_size > bank[0].size - k->text_offset) {
		return ag_err_set(err, ERANGE, NULL,
				  "kernel text offset %#" PRIx64 " and size %#" PRIx64
				  " place it past the %#" PRIx64 "-byte first RAM bank",
				  k->text_offset, k->load_size, bank[0].size);
	}
	ram_bytes &= ~(page - 1);
	kernbase = bank[0].base + k->text_offset;
	kernend = round_up(kernbase + k->load_size,
			   UINT64_C(1) << p->kernel_align_shift);
	dtb_size = round_up(dtb_totalsize, page);
	rd_size = has_ramdisk ? round_up(ramdisk_size, page) : 0;
	modsize = dtb_size + rd_size;

	/* meminit's checks, in its order. */
	if (modsize + (kernend - kernbase) > bank[0].size) {
		return ag_err_set(err, E2BIG, NULL,
				  "Not enough memory for the kernel+dtb+initrd: %#" PRIx64
				  " bytes do not fit in the %#" PRIx64 "-byte first RAM bank",
				  modsize + (kernend - kernbase), bank[0].size);
	}
	if (ram_bytes == 0) {
		return ag_err_set(err, EINVAL, NULL, "ram size is 0");
	}
	if (ram_bytes > p->ram_max) {
		return ag_err_set(err, EINVAL, NULL,
				  "ram size is too large for guest address space: %#" PRIx64 " > %#" PRIx64,
				  ram_bytes, p->ram_max);
	}

	out->ram_bytes = ram_bytes;
	out->bank_size[0] = ram_bytes < bank[0].size ? ram_bytes : bank[0].size;
	out->bank_size[1] = ram_bytes - out->bank_size[0];
	out->kernel_base = kernbase;
	out->kernel_end = kernbase + k->load_size;
	out->has_ramdisk = has_ramdisk;

	/* Modules at 128 MiB, else at the top of bank 0, else below the kernel. */
	bank0end = bank[0].base + out->bank_size[0];
	ram128 = bank[0].base + p->modules_offset;
	if (bank0end >= ram128 + modsize && kernend < ram128) {
		out->modules_base = ram128;
	} else if (bank0end > modsize && bank0end - modsize > kernend) {
		out->modules_base = bank0end - modsize;
	} else if (kernbase - bank[0].base > modsize) {
		/*
		 * meminit accepts this, but xc_dom_build_image allocates the
		 * kernel segment first and then refuses a module below it
		 * ("segment boundary too low"): the guest cannot be built.
		 */
		memset(out, 0, sizeof(*out));
		return ag_err_set(err, ENOSPC, NULL,
				  "not enough RAM above the kernel for the ramdisk and device tree "
				  "(%#" PRIx64 " bytes); libxenguest 4.17 cannot place them below it",
				  modsize);
	} else {
		memset(out, 0, sizeof(*out));
		return ag_err_set(err, ENOSPC, NULL,
				  "not enough RAM for the kernel (%#" PRIx64 "-%#" PRIx64
				  ") and the ramdisk and device tree (%#" PRIx64 " bytes) in %" PRIu64 " MiB",
				  kernbase, kernend, modsize, ram_bytes >> 20);
	}

	if (has_ramdisk) {
		out->initrd_start = out->modules_base;
		out->initrd_end = out->modules_base + rd_size;
	}
	out->dtb_addr = out->modules_base + rd_size;
	return 0;
}

uint64_t ag_acpi_tables_size(const struct ag_profile *p, int gic_v3,
			     unsigned max_vcpus)
{
	const uint64_t align = UINT64_C(1) << p->acpi_align_shift;
	uint64_t madt = p->acpi_madt_size +
			(uint64_t)p->acpi_madt_gicc_size * max_vcpus +
			p->acpi_madt_gicd_size + (gic_v3 ? p->acpi_madt_gicr_size : 0);

	return round_up(p->acpi_rsdp_size, align) + round_up(p->acpi_xsdt_size, align) +
	       round_up(p->acpi_gtdt_size, align) + round_up(madt, align) +
	       round_up(p->acpi_fadt_size, align) + round_up(p->acpi_dsdt_size, align);
}

int ag_ext_regions(const struct ag_profile *p, const uint64_t bank_size[2],
		   unsigned gpaddr_bits, struct ag_region out[AG_MAX_EXT_REGIONS])
{
	uint64_t limit;
	int n = 0;

	if (gpaddr_bits == 0 || gpaddr_bits > 64)
		return -EINVAL;
	limit = UINT64_MAX >> (64 - gpaddr_bits);

	for (unsigned i = 0; i < AG_MAX_EXT_REGIONS; i++) {
		const struct ag_region *bank = &p->ram_bank[i];
		uint64_t start = bank->base + round_up(bank_size[i], p->ext_region_align);
		uint64_t end = bank->base + bank->size - 1; /* inclusive */
		uint64_t size;

		if (end > limit)
			end = limit;
		size = end > start ? end - start + 1 : 0;
		if (size < p->ext_region_min_size)
			continue;
		out[n].base = start;
		out[n].size = size;
		n++;
	}
	return n;
}
