/* SPDX-License-Identifier: MIT */
/*
 * A short program using libarmguest: parse an xl.cfg, resolve it for Xen
 * 4.17 on arm64, print every diagnostic, build the guest's device tree and
 * write it out.  Build it against the installed library:
 *
 *   cc -o api-dtb dtb.c $(pkg-config --cflags --libs armguest)
 *   ./api-dtb guest.cfg guest.dtb
 *
 * Exit status: 0 the tree was written, 1 the config was refused, 2 usage or I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <armguest/armguest.h>

static void print_diags(const armguest_diags *d)
{
	for (size_t i = 0; i < armguest_diags_count(d); i++) {
		struct armguest_diag diag;
		char line[512];

		if (armguest_diags_get(d, i, &diag) == 0) {
			armguest_diag_format(&diag, line, sizeof(line));
			fprintf(stderr, "%s\n", line);
		}
	}
}

/* Build into a buffer that grows until the tree fits (the API says how much it needs). */
static int build(const armguest_guest *g, void **out, size_t *size, armguest_diags *d)
{
	size_t cap = 4096, need = 0;
	void *buf = malloc(cap);
	int rc;

	if (!buf)
		return -ENOMEM;
	rc = armguest_build_dtb(g, 3, 40, 0, NULL, buf, cap, &need, d);
	if (rc == -ENOSPC) {
		void *bigger = realloc(buf, need);

		if (!bigger) {
			free(buf);
			return -ENOMEM;
		}
		buf = bigger;
		rc = armguest_build_dtb(g, 3, 40, 0, NULL, buf, need, &need, d);
	}
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	*size = need;
	return 0;
}

int main(int argc, char **argv)
{
	armguest_diags *d = armguest_diags_new();
	armguest_config *cfg = NULL;
	armguest_guest *g = NULL;
	void *dtb = NULL;
	size_t size = 0;
	int rc, status = 1;
	FILE *f;

	if (argc != 3 || !d) {
		fprintf(stderr, "usage: %s CFG OUT.dtb\n", argv[0]);
		return 2;
	}
	rc = armguest_config_load_file(argv[1], &cfg, d);
	if (!rc)
		rc = armguest_resolve(cfg, "arm64", "4.17", ARMGUEST_RESOLVE_CHECK_FILES, &g, d);
	if (!rc) {
		printf("%s: a %s guest for Xen %s (armguest knows %s)\n", armguest_guest_name(g),
		       armguest_guest_type(g), armguest_guest_xen_release(g),
		       armguest_xen_releases());
		rc = build(g, &dtb, &size, d);
	}
	print_diags(d);
	if (!rc) {
		f = fopen(argv[2], "wb");
		status = f && fwrite(dtb, 1, size, f) == size && !fclose(f) ? 0 : 2;
		if (!status)
			printf("%s: %zu bytes\n", argv[2], size);
	} else {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-rc));
	}
	free(dtb);
	armguest_guest_free(g);
	armguest_config_free(cfg);
	armguest_diags_free(d);
	return status;
}
