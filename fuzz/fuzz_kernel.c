/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the kernel file's reading and the guest layout: the bytes a kernel
 * file starts with (an arm64 Image header, a gzip stream to inflate, or
 * anything else) go to ag_kernel_probe, and a kernel it accepts is placed
 * by ag_layout_compute in RAM of several sizes, with and without a ramdisk.
 *
 * Input: 8 bytes of file size (little-endian, any value: a file may be far
 * larger than what is read of it), then the file's first bytes; the input's
 * last 4 bytes stand for the file's last 4 (a gzip stream's ISIZE).
 *
 * Invariants: a refusal has a documented code and a message; an accepted
 * kernel loads at least its header and no more than libxenguest's limit;
 * a placement puts the kernel, ramdisk and tree inside the guest's first
 * RAM bank, in that order, without overlap, and page-aligned.
 */
#include <errno.h>

#include "fuzz_util.h"

#define FZ_HEADER 8u

static uint64_t get_le64(const uint8_t *b)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

static void check_probe_refusal(int rc, const char *msg)
{
	FZ_ASSERT(rc == -EINVAL || rc == -ENOTSUP || rc == -EFBIG || rc == -ENODATA ||
		  rc == -ENOMEM, "probe returned %d", rc);
	FZ_ASSERT(msg[0] != 0, "probe refusal %d without a message", rc);
}

static void check_layout(const struct ag_profile *p, const struct ag_kernel_info *k,
			 uint64_t ram, int has_rd, uint64_t rd_size, uint32_t dtb_size)
{
	const uint64_t page = UINT64_C(1) << p->page_shift, base = p->ram_bank[0].base;
	struct ag_layout l;
	uint64_t bank0_end, rd_end;
	struct ag_err err = { 0 };
	int rc = ag_layout_compute(p, ram, k, has_rd, rd_size, dtb_size, &l, &err);

	if (rc) {
		FZ_ASSERT(rc == -EINVAL || rc == -ERANGE || rc == -E2BIG || rc == -ENOSPC ||
			  rc == -EFBIG || rc == -ENODATA, "layout returned %d", rc);
		FZ_ASSERT(err.msg[0] != 0, "layout refusal %d without a message", rc);
		return;
	}
	bank0_end = base + l.bank_size[0];
	FZ_ASSERT(l.bank_size[0] + l.bank_size[1] == l.ram_bytes, "banks do not add up");
	FZ_ASSERT(l.bank_size[0] <= p->ram_bank[0].size && l.bank_size[1] <= p->ram_bank[1].size,
		  "a bank is over its size");
	FZ_ASSERT(l.kernel_base == base + k->text_offset, "kernel not at text_offset");
	FZ_ASSERT(l.kernel_end == l.kernel_base + k->load_size, "kernel end");
	FZ_ASSERT(l.kernel_base >= base && l.kernel_end > l.kernel_base &&
		  l.kernel_end <= bank0_end,
		  "kernel %#llx-%#llx outside bank 0's RAM (ends %#llx)",
		  (unsigned long long)l.kernel_base, (unsigned long long)l.kernel_end,
		  (unsigned long long)bank0_end);
	FZ_ASSERT(l.modules_base % page == 0 && l.dtb_addr % page == 0, "unaligned module");
	FZ_ASSERT(l.modules_base >= l.kernel_end, "modules below the kernel's end");
	rd_end = has_rd ? l.initrd_end : l.modules_base;
	if (has_rd)
		FZ_ASSERT(l.initrd_start == l.modules_base &&
			  l.initrd_end - l.initrd_start >= rd_size, "ramdisk placement");
	FZ_ASSERT(l.dtb_addr == rd_end, "tree not right after the ramdisk");
	FZ_ASSERT(l.dtb_addr + dtb_size <= bank0_end && l.dtb_addr + dtb_size > l.dtb_addr,
		  "tree past bank 0's RAM");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t rams[] = { 1u << 20, 64u << 20, 256u << 20, 3072ull << 20,
					 3200ull << 20 };
	const struct ag_profile *p = &ag_profile_417;
	const uint8_t *start, *tail;
	struct ag_kernel_info k;
	uint64_t file_size;
	size_t start_len;
	struct ag_err err = { 0 };
	int rc;

	if (size < FZ_HEADER)
		return 0;
	file_size = get_le64(data);
	start = data + FZ_HEADER;
	start_len = size - FZ_HEADER;
	if (start_len > AG_KERNEL_PROBE_BYTES)
		start_len = AG_KERNEL_PROBE_BYTES;
	/* What a caller reads: no more than the file holds. */
	if (start_len > file_size)
		start_len = (size_t)file_size;
	/*
	 * The file's last 4 bytes: the input's, or those read when the whole
	 * file was read (then they must agree with it).
	 */
	if (start_len == file_size)
		tail = file_size >= 6 ? start + start_len - 4 : NULL;
	else
		tail = size - FZ_HEADER >= 4 && file_size >= 6 ? data + size - 4 : NULL;

	rc = ag_kernel_probe(p, start, start_len, file_size, tail, &k, &err);
	if (rc) {
		check_probe_refusal(rc, err.msg);
		return 0;
	}
	FZ_ASSERT(k.load_size >= AG_KERNEL_HEADER_SIZE, "load size %llu < header",
		  (unsigned long long)k.load_size);
	FZ_ASSERT(k.load_size <= p->kernel_max_size, "load size %llu over the limit",
		  (unsigned long long)k.load_size);
	for (size_t i = 0; i < sizeof(rams) / sizeof(rams[0]); i++) {
		check_layout(p, &k, rams[i], 0, 0, 0x700);
		check_layout(p, &k, rams[i], 1, 987861, 0x700);
	}
	return 0;
}
