/* SPDX-License-Identifier: MIT */
/*
 * fdt-nop-seed IN.dtb OUT.dtb: what Linux does to the tree at boot, nothing
 * more: /chosen/rng-seed (header and value) becomes FDT_NOP tokens in place
 * (libfdt's fdt_nop_property).  When the seed is not visible to libfdt's
 * look-up (acpi = 1 writes it after a subnode) the tree is copied unchanged,
 * as the guest would leave it.  Exit 0 on success, 1 on a bad tree, 2 on I/O.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_DTB (16u << 20)

int main(int argc, char **argv)
{
	FILE *in, *out;
	size_t len;
	char *blob;
	int chosen, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: fdt-nop-seed IN.dtb OUT.dtb\n");
		return 2;
	}
	in = fopen(argv[1], "rb");
	if (!in) {
		perror(argv[1]);
		return 2;
	}
	blob = malloc(MAX_DTB + 1);
	if (!blob)
		return 2;
	len = fread(blob, 1, MAX_DTB + 1, in);
	fclose(in);
	if (len > MAX_DTB || fdt_check_full(blob, len)) {
		fprintf(stderr, "fdt-nop-seed: %s: not a valid device tree\n", argv[1]);
		free(blob);
		return 1;
	}
	chosen = fdt_path_offset(blob, "/chosen");
	rc = chosen < 0 ? chosen : fdt_nop_property(blob, chosen, "rng-seed");
	if (rc == -FDT_ERR_NOTFOUND)
		fprintf(stderr, "fdt-nop-seed: %s: no visible /chosen/rng-seed; copied unchanged\n",
			argv[1]);
	else if (rc) {
		fprintf(stderr, "fdt-nop-seed: %s: %s\n", argv[1], fdt_strerror(rc));
		free(blob);
		return 1;
	}
	out = fopen(argv[2], "wb");
	if (!out || fwrite(blob, 1, len, out) != len || fclose(out)) {
		perror(argv[2]);
		free(blob);
		return 2;
	}
	free(blob);
	return 0;
}
