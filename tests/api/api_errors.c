/* SPDX-License-Identifier: MIT */
/*
 * The public API's error paths, through the shared library as a program sees it
 * (tests/t-api.sh): a config from a buffer, a refused key with its position, a
 * buffer too small for the tree, bad arguments.  Prints one line per check; exit 1
 * at the first that fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <armguest/armguest.h>

#define CHECK(cond, what) do { \
	if (!(cond)) { printf("FAIL: %s\n", what); return 1; } \
	printf("ok: %s\n", what); \
} while (0)

/* The first error in d, or NULL. */
static int first_error(const armguest_diags *d, struct armguest_diag *out)
{
	for (size_t i = 0; i < armguest_diags_count(d); i++)
		if (!armguest_diags_get(d, i, out) && out->severity == ARMGUEST_ERROR)
			return 0;
	return -ENOENT;
}

int main(int argc, char **argv)
{
	static const char refused[] = "name = \"t\"\nmemory = 64\nkernel = \"/nonexistent\"\n"
				      "type = \"hvm\"\n";
	static const char syntax[] = "name = \"t\"\nmemory = = 64\n";
	armguest_diags *d = armguest_diags_new();
	armguest_config *cfg = NULL;
	armguest_guest *g = NULL;
	struct armguest_diag diag;
	char line[256], small[16];
	size_t need = 0;

	CHECK(argc == 2 && d, "usage: api_errors GOOD.cfg");
	CHECK(armguest_config_load_buffer("syntax.cfg", syntax, strlen(syntax), &cfg, d) == -EINVAL &&
	      !cfg, "a syntax error is -EINVAL with no config");
	CHECK(!first_error(d, &diag) && diag.line == 2 && !strcmp(diag.file, "syntax.cfg"),
	      "the syntax error is at syntax.cfg line 2");
	armguest_diag_format(&diag, line, sizeof(line));
	CHECK(!strncmp(line, "syntax.cfg:2:", 13) && strstr(line, "error"), line);
	armguest_diags_free(d);

	d = armguest_diags_new();
	CHECK(armguest_config_load_buffer("hvm.cfg", refused, strlen(refused), &cfg, d) == 0,
	      "a config parses from a buffer");
	CHECK(armguest_resolve(cfg, "arm64", "4.17", 0, &g, d) == -EINVAL && !g,
	      "type = \"hvm\" is refused on Arm");
	CHECK(!first_error(d, &diag) && diag.line == 4 && diag.key && !strcmp(diag.key, "type"),
	      "the refusal names the key type at line 4");
	CHECK(armguest_resolve(cfg, "arm64", "3.0", 0, &g, NULL) == -EINVAL,
	      "an unknown Xen release is -EINVAL");
	CHECK(armguest_resolve(cfg, "sparc", NULL, 0, &g, NULL) == -EINVAL,
	      "an unknown arch is -EINVAL");
	armguest_config_free(cfg);
	cfg = NULL;

	CHECK(armguest_config_load_file(argv[1], &cfg, NULL) == 0, "the good config loads");
	CHECK(armguest_resolve(cfg, "arm64", NULL, ARMGUEST_RESOLVE_CHECK_FILES, &g, NULL) == 0,
	      "and resolves for the newest release");
	CHECK(armguest_build_dtb(g, 3, 40, 0, NULL, small, sizeof(small), &need, NULL) == -ENOSPC &&
	      need > sizeof(small), "a small buffer is -ENOSPC with the size needed");
	CHECK(armguest_build_dtb(g, 3, 0, 0, NULL, small, sizeof(small), &need, NULL) == -EINVAL,
	      "gpaddr_bits 0 is -EINVAL");
	CHECK(armguest_diags_get(d, armguest_diags_count(d), &diag) == -ERANGE,
	      "a diagnostic past the end is -ERANGE");
	armguest_guest_free(g);
	armguest_config_free(cfg);
	armguest_diags_free(d);
	armguest_guest_free(NULL);
	armguest_config_free(NULL);
	armguest_diags_free(NULL);
	return 0;
}
