/* SPDX-License-Identifier: MIT */
/*
 * The peer for armguest's offline cost (docs/performance.md): the smallest program that reads
 * a guest config the way xl does, with the real libxlutil and nothing else (linked with
 * -lxlutil only), looking up the keys an Arm guest's tree is made of.  It builds no tree, so
 * `armguest dtb` doing all of its work within a fraction of this program's instructions says
 * the tool costs less than merely reading the config through xl's library.
 *
 *   reader CFG      prints each key as libxlutil gives it; exit 0, or 1 if CFG does not parse
 */
#include <stdio.h>

#include <libxlutil.h>

int main(int argc, char **argv)
{
	static const char *const strings[] = { "name", "kernel", "ramdisk", "extra", "vuart",
					       "gic_version" };
	static const char *const longs[] = { "memory", "vcpus" };
	XLU_Config *cfg;
	const char *s;
	long v;

	if (argc != 2) {
		fprintf(stderr, "usage: reader CFG\n");
		return 2;
	}
	cfg = xlu_cfg_init(stderr, argv[1]);
	if (!cfg || xlu_cfg_readfile(cfg, argv[1])) {
		xlu_cfg_destroy(cfg);
		return 1;
	}
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (!xlu_cfg_get_string(cfg, strings[i], &s, 1))
			printf("%s \"%s\"\n", strings[i], s);
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		if (!xlu_cfg_get_long(cfg, longs[i], &v, 1))
			printf("%s %ld\n", longs[i], v);
	xlu_cfg_destroy(cfg);
	return 0;
}
