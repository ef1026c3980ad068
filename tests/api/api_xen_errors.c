/* SPDX-License-Identifier: MIT */
/*
 * libarmguest-xen's refusals, on a machine that is not a Xen dom0 (tests/t-api.sh): a guest
 * resolved for another release is -EINVAL with an error naming both releases; one for the
 * library's release fails at Xen's control interface with a negative errno and an error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <armguest/armguest-xen.h>

#define CHECK(cond, what) do { \
	if (!(cond)) { printf("FAIL: %s\n", what); return 1; } \
	printf("ok: %s\n", what); \
} while (0)

static int last_is_error(const armguest_diags *d)
{
	struct armguest_diag diag;
	size_t n = armguest_diags_count(d);

	return n && !armguest_diags_get(d, n - 1, &diag) && diag.severity == ARMGUEST_ERROR;
}

int main(int argc, char **argv)
{
	const char *other = strcmp(armguest_xen_target(), "4.17") ? "4.17" : "4.20";
	armguest_diags *d = armguest_diags_new();
	armguest_config *cfg = NULL;
	armguest_guest *g = NULL;
	uint32_t domid = 0;
	int rc;

	CHECK(argc == 2 && d, "usage: api_xen_errors GOOD.cfg");
	CHECK(armguest_config_load_file(argv[1], &cfg, NULL) == 0, "the good config loads");
	CHECK(armguest_resolve(cfg, "arm64", other, 0, &g, NULL) == 0, "resolved for the other release");
	CHECK(armguest_domain_create(g, 0, &domid, d) == -EINVAL && last_is_error(d),
	      "creating a guest of another release is -EINVAL with an error");
	armguest_guest_free(g);
	CHECK(armguest_resolve(cfg, "arm64", armguest_xen_target(), 0, &g, NULL) == 0,
	      "resolved for the library's release");
	CHECK(armguest_domain_create(g, 0x80, &domid, d) == -EINVAL, "an unknown flag is -EINVAL");
	rc = armguest_domain_create(g, ARMGUEST_CREATE_PAUSED, &domid, d);
	CHECK(rc < 0 && rc != -EINVAL && last_is_error(d),
	      "off a dom0, creation fails at Xen's interface with an errno and an error");
	armguest_guest_free(g);
	armguest_config_free(cfg);
	armguest_diags_free(d);
	return 0;
}
