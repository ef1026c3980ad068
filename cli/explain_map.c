/* SPDX-License-Identifier: MIT */
/*
 * The guest's memory map (explain.h): the RAM banks with what libxenguest
 * places in them (kernel, ramdisk, tree), the vGIC's frames, the grant
 * table, the magic pages, the vpl011, the virtio-mmio slots, the ACPI
 * tables and the extended regions, from the profile and the plan's layout.
 * Drawn on a broken axis: every region gets a row whatever its size (a
 * 512-byte virtio slot as visible as a 1 TiB bank), the bar's length is
 * log2 of the size, and a gap between regions is a thin row of its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "../platform/layout.h"

static void add(struct ag_map_region *r, size_t *n, size_t max, uint64_t base, uint64_t size,
		const char *from, const char *name, int index)
{
	if (*n >= max || size == 0)
		return;
	if (index < 0)
		snprintf(r[*n].name, sizeof(r[*n].name), "%s", name);
	else
		snprintf(r[*n].name, sizeof(r[*n].name), "%s %d", name, index);
	r[*n].base = base;
	r[*n].size = size;
	r[*n].from = from;
	(*n)++;
}

/* By base, and a container before what it contains. */
static int by_base(const void *a, const void *b)
{
	const struct ag_map_region *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

size_t ag_explain_regions(const struct ag_explain *x, struct ag_map_region *r, size_t max)
{
	const struct ag_plan *pl = x->pl;
	const struct ag_profile *p = pl->p;
	const struct ag_layout *l = &pl->layout;
	struct ag_region ext[AG_MAX_EXT_REGIONS];
	size_t n = 0;
	int n_ext;

	for (unsigned i = 0; i < 2; i++)
		add(r, &n, max, p->ram_bank[i].base, l->bank_size[i], "layout: RAM placed in bank",
		    "RAM bank", (int)i);
	if (pl->in.gic == AG_GIC_V2) {
		add(r, &n, max, p->gicv2_dist.base, p->gicv2_dist.size, "profile: GUEST_GICD_BASE",
		    "GICv2 distributor", -1);
		add(r, &n, max, p->gicv2_cpu.base, p->gicv2_cpu.size, "profile: GUEST_GICC_BASE",
		    "GICv2 CPU interface", -1);
	} else {
		add(r, &n, max, p->gicv3_dist.base, p->gicv3_dist.size,
		    "profile: GUEST_GICV3_GICD_BASE", "GICv3 distributor", -1);
		add(r, &n, max, p->gicv3_redist.base, p->gicv3_redist.size,
		    "profile: GUEST_GICV3_GICR0_BASE", "GICv3 redistributors", -1);
	}
	add(r, &n, max, p->gnttab.base, p->gnttab.size, "profile: GUEST_GNTTAB_BASE",
	    "grant table", -1);
	add(r, &n, max, p->magic.base, p->magic.size, "profile: GUEST_MAGIC_BASE",
	    "magic pages (console, xenstore)", -1);
	if (x->g->vuart)
		add(r, &n, max, p->pl011.base, p->pl011.size, "key vuart: GUEST_PL011_BASE",
		    "vpl011 UART", -1);
	for (size_t i = 0; i < x->g->n_virtio; i++)
		add(r, &n, max, p->virtio_mmio.base + i * p->virtio_mmio_slot, p->virtio_mmio_slot,
		    x->g->virtio[i].type ? "key virtio: next slot" : "key disk: next slot",
		    "virtio-mmio slot", (int)i);
	if (x->g->acpi)
		add(r, &n, max, p->acpi.base, pl->in.acpi_size, "key acpi: GUEST_ACPI_BASE",
		    "ACPI tables", -1);
	n_ext = ag_ext_regions(p, l->bank_size, x->gpaddr_bits, ext);
	for (int i = 0; i < n_ext; i++)
		add(r, &n, max, ext[i].base, ext[i].size, "layout: RAM banks' free space",
		    "extended region", i);
	if (pl->placed) {
		add(r, &n, max, l->kernel_base, l->kernel_end - l->kernel_base,
		    "layout: kernel image_size", "kernel", -1);
		if (l->has_ramdisk)
			add(r, &n, max, l->initrd_start, l->initrd_end - l->initrd_start,
			    "layout: after the kernel", "ramdisk", -1);
		add(r, &n, max, l->dtb_addr, pl->dtb_size, "layout: after the modules",
		    "device tree", -1);
	}
	qsort(r, n, sizeof(*r), by_base);
	return n;
}

/* "16 MiB", "512 B", "5.05 KiB", "480 MiB": three digits at most, exact when whole. */
static void size_text(uint64_t size, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;
	double v = (double)size;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (v == (double)(uint64_t)v)
		snprintf(buf, len, "%llu %s", (unsigned long long)v, units[u]);
	else
		snprintf(buf, len, v >= 100 ? "%.0f %s" : "%.3g %s", v, units[u]);
}

/* How many earlier regions contain r[i]. */
static unsigned depth_of(const struct ag_map_region *r, size_t i)
{
	unsigned d = 0;

	for (size_t j = 0; j < i; j++)
		if (r[j].base <= r[i].base && r[i].base + r[i].size <= r[j].base + r[j].size)
			d++;
	return d;
}

/*
 * The unmapped bytes before top-level region i (0: none), *end the end of
 * the regions so far: the broken axis's breaks.
 */
static uint64_t gap_before(const struct ag_map_region *r, size_t i, uint64_t *end)
{
	uint64_t gap = 0;

	if (depth_of(r, i))
		return 0;
	if (i && r[i].base > *end)
		gap = r[i].base - *end;
	if (r[i].base + r[i].size > *end)
		*end = r[i].base + r[i].size;
	return gap;
}

void ag_explain_map_text(FILE *out, const struct ag_map_region *r, size_t n)
{
	uint64_t end = 0, gap;

	fprintf(out, "\nThe guest's memory map:\n");
	for (size_t i = 0; i < n; i++) {
		char size[24];
		unsigned d = depth_of(r, i);

		if ((gap = gap_before(r, i, &end))) {
			size_text(gap, size, sizeof(size));
			fprintf(out, "  %*s~~ gap of %s ~~\n", 18, "", size);
		}
		size_text(r[i].size, size, sizeof(size));
		fprintf(out, "  0x%016llx %*s%-*s %10s  (%s)\n", (unsigned long long)r[i].base,
			(int)(2 * d), "", (int)(34 - 2 * d), r[i].name, size, r[i].from);
	}
}

/* --- SVG ------------------------------------------------------------------ */

#define ROW 26
#define GAP_ROW 16
#define TOP 44
#define ADDR_X 12
#define BAR_X 196
#define INDENT 14
#define BAR_MAX 300
#define LABEL_X (BAR_X + 3 * INDENT + BAR_MAX + 16)
#define WIDTH (LABEL_X + 470)

static const char *colour(const struct ag_map_region *r)
{
	if (!strncmp(r->name, "RAM", 3))
		return "#b7e1a1";
	if (!strncmp(r->name, "GIC", 3))
		return "#f6c28b";
	if (!strncmp(r->name, "kernel", 6) || !strncmp(r->name, "ramdisk", 7) ||
	    !strncmp(r->name, "device tree", 11))
		return "#f19c99";
	if (!strncmp(r->name, "extended", 8) || !strncmp(r->name, "grant", 5) ||
	    !strncmp(r->name, "magic", 5))
		return "#a9c4eb";
	return "#d5b8e8";
}

/* Bar length: the size's bit count, 512 B and below the shortest, 1 TiB and up the longest. */
static double bar_width(uint64_t size)
{
	int bits = 64 - __builtin_clzll(size) - 9;

	if (bits < 1)
		bits = 1;
	if (bits > 32)
		bits = 32;
	return bits * (double)BAR_MAX / 32;
}

static void svg_text(FILE *out, double x, double y, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void svg_text(FILE *out, double x, double y, const char *cls, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", cls, x, y);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);     /* only names and numbers armguest made: nothing to escape */
	va_end(ap);
	fprintf(out, "</text>\n");
}

int ag_explain_map_svg(FILE *out, const struct ag_map_region *r, size_t n, const char *title)
{
	double y = TOP;
	uint64_t end = 0, gap;
	size_t gaps = 0;

	for (size_t i = 0; i < n; i++)
		gaps += gap_before(r, i, &end) != 0;
	end = 0;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" font-family=\"DejaVu Sans Mono, monospace\" "
		"font-size=\"12\">\n", WIDTH, TOP + n * ROW + gaps * GAP_ROW + 20.0, WIDTH,
		TOP + n * ROW + gaps * GAP_ROW + 20.0);
	fprintf(out, "<style>.t{font-size:15px;font-weight:bold}.a{fill:#333}.l{fill:#000}"
		".g{fill:#888;font-style:italic;font-size:11px}</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	svg_text(out, ADDR_X, 24, "t", "%s", title);
	for (size_t i = 0; i < n; i++) {
		char size[24];
		unsigned d = depth_of(r, i);

		if ((gap = gap_before(r, i, &end))) {
			size_text(gap, size, sizeof(size));
			fprintf(out, "<path d=\"M%d %.1f l6 -4 l6 8 l6 -8 l6 8 l6 -4\" stroke=\"#888\" "
				"fill=\"none\"/>\n", BAR_X, y + GAP_ROW / 2.0);
			svg_text(out, BAR_X + 44, y + 12, "g", "gap of %s", size);
			y += GAP_ROW;
		}
		size_text(r[i].size, size, sizeof(size));
		fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
			"stroke=\"#555\"/>\n", BAR_X + (int)d * INDENT, y + 3, bar_width(r[i].size),
			ROW - 6, colour(&r[i]));
		svg_text(out, ADDR_X, y + 17, "a", "0x%016llx", (unsigned long long)r[i].base);
		svg_text(out, LABEL_X, y + 17, "l", "%s, %s", r[i].name, size);
		y += ROW;
	}
	fprintf(out, "</svg>\n");
	return ferror(out) ? -EIO : 0;
}
