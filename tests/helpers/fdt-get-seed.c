/* SPDX-License-Identifier: MIT */
/*
 * fdt-get-seed IN.dtb: print the 128 bytes of /chosen/rng-seed as 256 hex
 * digits, for `armguest dtb --rng-seed hex:...`.  The structure block is
 * scanned tag by tag, so a seed written after a subnode (acpi = 1), which
 * libfdt's look-up cannot see, is found too.  Exit 1 if there is none.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DTB (16u << 20)
#define SEED_SIZE 128

int main(int argc, char **argv)
{
	int off = 0, next, found = 0;
	FILE *in;
	size_t len;
	char *blob;
	uint32_t tag;

	if (argc != 2) {
		fprintf(stderr, "usage: fdt-get-seed IN.dtb\n");
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
		fprintf(stderr, "fdt-get-seed: %s: not a valid device tree\n", argv[1]);
		free(blob);
		return 1;
	}
	do {
		tag = fdt_next_tag(blob, off, &next);
		if (tag == FDT_PROP) {
			int plen;
			const struct fdt_property *p = fdt_get_property_by_offset(blob, off, &plen);
			const char *name = p ? fdt_string(blob, (int)fdt32_to_cpu(p->nameoff)) : NULL;

			if (name && !strcmp(name, "rng-seed") && plen == SEED_SIZE) {
				for (int i = 0; i < SEED_SIZE; i++)
					printf("%02x", (unsigned char)p->data[i]);
				printf("\n");
				found = 1;
				break;
			}
		}
		off = next;
	} while (tag != FDT_END && next >= 0);
	free(blob);
	if (!found)
		fprintf(stderr, "fdt-get-seed: %s: no rng-seed\n", argv[1]);
	return found ? 0 : 1;
}
