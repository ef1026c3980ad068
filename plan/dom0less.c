/* SPDX-License-Identifier: MIT */
/*
 * The dom0less plan (dom0less.h): measure every boot file, place them, edit
 * the host tree (fdt/dom0less.c) and write the U-Boot script.  The guests'
 * kernels, ramdisks and partial trees come from their plans, read once.
 */
#include "dom0less.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../common/file.h"

/* Room U-Boot's booti may add to the tree it is given (fdt resize), and more. */
#define D0L_DTB_PAD (64u << 10)
/* The arm64 Image header: image_size at 16, "ARM\x64" at 56. */
#define IMAGE_SIZE_OFFSET 16
#define IMAGE_MAGIC_OFFSET 56
#define IMAGE_MAGIC 0x644d5241u
#define IMAGE_HEADER 64

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A file's size and, for an arm64 Image (Xen's too), the memory it needs from its start. */
static int measure(const char *path, const char *what, bool image, uint64_t *size,
		   uint64_t *reserve, struct ag_diags *d)
{
	uint8_t hdr[IMAGE_HEADER];
	size_t got = 0;
	int fd = ag_open_regular(path, size), rc = 0;

	if (fd < 0) {
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "cannot read the %s: %s", what,
			    ag_file_strerror(fd));
		return fd;
	}
	*reserve = *size;
	if (image)
		rc = ag_read_at(fd, hdr, sizeof(hdr), 0, &got);
	close(fd);
	if (rc) {
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "cannot read the %s: %s", what,
			    strerror(-rc));
		return rc;
	}
	if (*size == 0) {
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "the %s is an empty file", what);
		return -ENODATA;
	}
	if (got == sizeof(hdr) && le32(hdr + IMAGE_MAGIC_OFFSET) == IMAGE_MAGIC &&
	    le64(hdr + IMAGE_SIZE_OFFSET) > *reserve)
		*reserve = le64(hdr + IMAGE_SIZE_OFFSET);
	return 0;
}

int ag_d0l_read_host(const struct ag_d0l_opts *o, struct ag_d0l_host *h, struct ag_diags *d)
{
	struct ag_err e = { 0 };
	int rc = ag_d0l_host_read(o->host, o->host_size, h, &e);

	if (rc)
		ag_diag_add(d, AG_ERROR, o->host_name, 0, 0, NULL, "%s", e.msg);
	return rc;
}

/* ---- the files, in load order ------------------------------------------- */

static struct ag_d0l_file *add_file(struct ag_d0l_result *r, const char *path, const char *what,
				    uint64_t size, uint64_t reserve)
{
	struct ag_d0l_file *f = &r->files[r->n_files];

	f->path = strdup(path);
	if (!f->path)
		return NULL;
	snprintf(f->what_buf, sizeof(f->what_buf), "%s", what);
	f->what = f->what_buf;
	f->size = size;
	f->reserve = reserve > size ? reserve : size;
	r->n_files++;
	return f;
}

static int nomem(struct ag_diags *d)
{
	ag_diag_add(d, AG_ERROR, NULL, 0, 0, NULL, "out of memory");
	return -ENOMEM;
}

/* Xen, the tree's slot, dom0's modules. */
static int add_host_files(struct ag_d0l_result *r, const struct ag_d0l_opts *o,
			  struct ag_diags *d)
{
	uint64_t size, reserve;

	if (o->xen_image) {
		if (measure(o->xen_image, "Xen image", true, &size, &reserve, d))
			return -EINVAL;
		if (!add_file(r, o->xen_image, "xen", size, reserve))
			return nomem(d);
	}
	r->dtb_index = r->n_files;
	if (!add_file(r, o->dtb_name, "device-tree", 0, 0))
		return nomem(d);
	if (o->dom0_kernel) {
		if (measure(o->dom0_kernel, "dom0 kernel", true, &size, &reserve, d))
			return -EINVAL;
		if (!add_file(r, o->dom0_kernel, "dom0-kernel", size, reserve))
			return nomem(d);
	}
	if (o->dom0_ramdisk) {
		if (measure(o->dom0_ramdisk, "dom0 ramdisk", false, &size, &reserve, d))
			return -EINVAL;
		if (!add_file(r, o->dom0_ramdisk, "dom0-ramdisk", size, reserve))
			return nomem(d);
	}
	return 0;
}

/* iomem, dtdev and irqs need a partial tree to go into. */
static int check_passthrough_keys(const struct ag_guest *g, struct ag_diags *d)
{
	static const char why[] = "in dom0less a device is given through the partial tree "
				  "(device_tree), which this config does not have";

	if (g->device_tree)
		return 0;
	if (g->n_iomem)
		return ag_guest_error(d, g, "iomem", -EINVAL, "`iomem': %s", why);
	if (g->n_dtdevs)
		return ag_guest_error(d, g, "dtdev", -EINVAL, "`dtdev': %s", why);
	if (g->n_irqs)
		return ag_guest_error(d, g, "irqs", -EINVAL, "`irqs': %s", why);
	return 0;
}

/* The guest's partial tree in dom0less form. */
static int make_partial(struct ag_d0l_result *r, size_t i, const struct ag_d0l_guest *gu,
			const struct ag_d0l_opts *o, struct ag_diags *d)
{
	const struct ag_guest *g = gu->g;
	struct ag_d0l_iomem *io = calloc(g->n_iomem ? g->n_iomem : 1, sizeof(*io));
	struct ag_err e = { 0 };
	char path[4096];
	int rc;

	if (!io)
		return nomem(d);
	for (size_t k = 0; k < g->n_iomem; k++) {
		io[k].host = g->iomem[k].start_pfn << 12;
		io[k].size = g->iomem[k].nr_pfns << 12;
		io[k].guest = g->iomem[k].gfn << 12;
	}
	rc = ag_d0l_partial(gu->pl->files.partial, gu->pl->files.partial_size, o->host, io,
			    g->n_iomem, g->dtdevs, g->n_dtdevs, g->irqs, g->n_irqs,
			    &r->partials[i], &r->partial_sizes[i], &e);
	free(io);
	if (rc)
		return ag_guest_error(d, g, e.key ? e.key : "device_tree", rc, "%s", e.msg);
	snprintf(path, sizeof(path), "%s-guest%zu.dtb", o->partial_stem, i + 1);
	r->partial_paths[i] = strdup(path);
	return r->partial_paths[i] ? 0 : nomem(d);
}

static int add_guest_files(struct ag_d0l_result *r, size_t i, const struct ag_d0l_guest *gu,
			   const struct ag_d0l_opts *o, struct ag_diags *d)
{
	const struct ag_boot_files *f = &gu->pl->files;
	char what[48];
	int rc;

	snprintf(what, sizeof(what), "domU%zu-kernel", i + 1);
	if (!add_file(r, gu->g->kernel, what, f->kernel.file_size, f->kernel.image_size))
		return nomem(d);
	if (f->has_ramdisk) {
		snprintf(what, sizeof(what), "domU%zu-ramdisk", i + 1);
		if (!add_file(r, gu->g->ramdisk, what, f->ramdisk_size, 0))
			return nomem(d);
	}
	rc = check_passthrough_keys(gu->g, d);
	if (rc || !gu->g->device_tree)
		return rc;
	rc = make_partial(r, i, gu, o, d);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "domU%zu-partial-tree", i + 1);
	return add_file(r, r->partial_paths[i], what, r->partial_sizes[i], 0) ? 0 : nomem(d);
}

/* ---- placement ------------------------------------------------------------ */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * The first 2 MiB-aligned address at or above *cursor where reserve bytes
 * fit inside one RAM bank and clear of the host's busy ranges and of the
 * files placed before (files[0..n)).
 */
static int place_one(const struct ag_d0l_host *h, const struct ag_d0l_file *files, size_t n,
		     uint64_t *cursor, uint64_t reserve, uint64_t *addr)
{
	uint64_t a = align_up(*cursor, AG_D0L_ALIGN);
	bool moved = true;

	while (moved) {
		const struct ag_d0l_range *bank = NULL;

		moved = false;
		for (size_t b = 0; b < h->n_ram && !bank; b++)
			if (a >= h->ram[b].base && a - h->ram[b].base < h->ram[b].size)
				bank = &h->ram[b];
		if (!bank || reserve > bank->base + bank->size - a) {
			/* the next bank above a, if any */
			uint64_t next = UINT64_MAX;

			for (size_t b = 0; b < h->n_ram; b++)
				if (h->ram[b].base > a && h->ram[b].base < next)
					next = h->ram[b].base;
			if (next == UINT64_MAX)
				return -ENOSPC;
			a = align_up(next, AG_D0L_ALIGN);
			moved = true;
			continue;
		}
		for (size_t k = 0; k < h->n_busy && !moved; k++)
			if (overlaps(a, reserve, h->busy[k].base, h->busy[k].size)) {
				a = align_up(h->busy[k].base + h->busy[k].size, AG_D0L_ALIGN);
				moved = true;
			}
		for (size_t k = 0; k < n && !moved; k++)
			if (overlaps(a, reserve, files[k].addr, files[k].reserve)) {
				a = align_up(files[k].addr + files[k].reserve, AG_D0L_ALIGN);
				moved = true;
			}
	}
	*addr = a;
	*cursor = a + reserve;
	return 0;
}

static int place_all(struct ag_d0l_result *r, uint64_t base, struct ag_diags *d)
{
	uint64_t cursor = base;

	for (size_t i = 0; i < r->n_files; i++) {
		struct ag_d0l_file *f = &r->files[i];

		if (place_one(&r->host, r->files, i, &cursor, f->reserve, &f->addr)) {
			ag_diag_add(d, AG_ERROR, f->path, 0, 0, NULL,
				    "no room for the %s (%" PRIu64 " bytes) in the host's RAM at or "
				    "above the load base %#" PRIx64, f->what, f->reserve, base);
			return -ENOSPC;
		}
	}
	return 0;
}

/* ---- the tree ------------------------------------------------------------- */

/*
 * llc_colors as the string Xen's `llc-colors' property takes: ranges and
 * single colours, comma-separated ("0-3,8"; docs/misc/cache_coloring.rst,
 * stable-4.20).  malloc'd; NULL when out of memory.
 */
static char *llc_colors_string(const uint32_t *c, size_t n)
{
	char *s = malloc(n * 24 + 1);
	size_t len = 0;

	if (!s)
		return NULL;
	s[0] = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && c[j + 1] == c[j] + 1)
			j++;
		len += (size_t)sprintf(s + len, "%s%" PRIu32, i ? "," : "", c[i]);
		if (j > i)
			len += (size_t)sprintf(s + len, "-%" PRIu32, c[j]);
		i = j + 1;
	}
	return s;
}

/* The domU node of a guest whose files start at files[k]. */
static void fill_domu(struct ag_d0l_domu *u, const struct ag_d0l_guest *gu, bool has_dom0,
		      const struct ag_d0l_file *files, size_t *k)
{
	const struct ag_guest *g = gu->g;

	memset(u, 0, sizeof(*u));
	u->memory_kib = g->memory_kib;
	u->cpus = g->vcpus;
	u->vpl011 = g->vuart;
	u->enhanced = has_dom0;
	u->bootargs = g->cmdline;
	u->kernel = (struct ag_d0l_module){ files[*k].addr, files[*k].size };
	(*k)++;
	if (gu->pl->files.has_ramdisk) {
		u->ramdisk = (struct ag_d0l_module){ files[*k].addr, files[*k].size };
		(*k)++;
	}
	if (g->device_tree) {
		u->partial = (struct ag_d0l_module){ files[*k].addr, files[*k].size };
		(*k)++;
	}
	if (g->shadow_given)
		u->p2m_mb = (uint32_t)((g->shadow_kib + 1023) / 1024);
	u->max_grant_frames = u->max_maptrack_frames = u->max_grant_version = AG_UNSET;
	u->passthrough = AG_UNSET;
	if (gu->pl->p->xen_minor >= 18) {
		u->max_grant_frames = g->max_grant_frames;
		u->max_maptrack_frames = g->max_maptrack_frames;
		u->max_grant_version = g->max_grant_version;
	}
	if (gu->pl->p->xen_minor >= 19 && g->pos_passthrough.line)
		u->passthrough = g->passthrough == AG_PT_ENABLED;
	if (gu->pl->p->xen_minor >= 19 && g->pos_nr_spis.line)
		u->nr_spis = g->nr_spis;
	if (gu->pl->p->xen_minor >= 18) {
		u->sve_max = g->sve_vl == AG_SVE_HW;
		u->sve_vl = u->sve_max ? 0 : g->sve_vl;
	}
}

static int edit_tree(struct ag_d0l_result *r, const struct ag_d0l_guest *guests, size_t n,
		     const struct ag_d0l_opts *o, struct ag_diags *d)
{
	struct ag_d0l_domu *domus = calloc(n ? n : 1, sizeof(*domus));
	const char **pt = NULL;
	size_t n_pt = 0, k = r->dtb_index + 1;
	struct ag_d0l_edit ed = {
		.xen_bootargs = o->xen_cmdline,
		.dom0_bootargs = o->dom0_cmdline,
	};
	struct ag_err e = { 0 };
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		n_pt += guests[i].g->n_dtdevs;
	pt = calloc(n_pt ? n_pt : 1, sizeof(*pt));
	if (!domus || !pt) {
		free(domus);
		free(pt);
		return nomem(d);
	}
	if (o->dom0_kernel) {
		ed.dom0_kernel = (struct ag_d0l_module){ r->files[k].addr, r->files[k].size };
		k++;
	}
	if (o->dom0_ramdisk) {
		ed.dom0_ramdisk = (struct ag_d0l_module){ r->files[k].addr, r->files[k].size };
		k++;
	}
	n_pt = 0;
	for (size_t i = 0; i < n; i++) {
		fill_domu(&domus[i], &guests[i], o->dom0_kernel != NULL, r->files, &k);
		if (guests[i].pl->p->xen_minor >= 20 && guests[i].g->n_llc_colors &&
		    !(domus[i].llc_colors = llc_colors_string(guests[i].g->llc_colors,
							       guests[i].g->n_llc_colors)))
			rc = -ENOMEM;
		for (size_t j = 0; j < guests[i].g->n_dtdevs; j++)
			pt[n_pt++] = guests[i].g->dtdevs[j];
	}
	ed.domus = domus;
	ed.n_domus = n;
	ed.passthrough = pt;
	ed.n_passthrough = n_pt;
	free(r->dtb);
	r->dtb = NULL;
	if (!rc)
		rc = ag_d0l_edit_tree(o->host, o->host_size, &ed, &r->dtb, &r->dtb_size, &e);
	else
		ag_err_set(&e, ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		free((char *)domus[i].llc_colors);
	free(domus);
	free(pt);
	if (rc)
		ag_diag_add(d, AG_ERROR, o->host_name, 0, 0, NULL, "%s", e.msg);
	return rc;
}

int ag_d0l_make(const struct ag_d0l_guest *guests, size_t n, const struct ag_d0l_opts *o,
		struct ag_d0l_result *r, struct ag_diags *d)
{
	size_t max_files = 4 + 3 * n;
	uint64_t base;
	int rc;

	memset(r, 0, sizeof(*r));
	r->n_guests = n;
	r->files = calloc(max_files, sizeof(*r->files));
	r->partials = calloc(n ? n : 1, sizeof(*r->partials));
	r->partial_sizes = calloc(n ? n : 1, sizeof(*r->partial_sizes));
	r->partial_paths = calloc(n ? n : 1, sizeof(*r->partial_paths));
	if (!r->files || !r->partials || !r->partial_sizes || !r->partial_paths)
		return nomem(d);
	rc = ag_d0l_read_host(o, &r->host, d);
	if (rc)
		return rc;
	base = o->load_base ? o->load_base : r->host.ram[0].base + AG_D0L_DEFAULT_BASE_OFFSET;
	rc = add_host_files(r, o, d);
	for (size_t i = 0; !rc && i < n; i++)
		rc = add_guest_files(r, i, &guests[i], o, d);
	if (rc)
		return rc;
	/*
	 * The tree's slot is sized from the tree, whose module node names hold
	 * the addresses: place with a guess, edit, and place again while the
	 * tree does not fit its slot.
	 */
	r->files[r->dtb_index].reserve = AG_D0L_ALIGN;
	for (int pass = 0; pass < 4; pass++) {
		uint64_t need;

		rc = place_all(r, base, d);
		if (!rc)
			rc = edit_tree(r, guests, n, o, d);
		if (rc)
			return rc;
		r->files[r->dtb_index].size = r->dtb_size;
		need = align_up(r->dtb_size + D0L_DTB_PAD, AG_D0L_ALIGN);
		if (need <= r->files[r->dtb_index].reserve)
			return 0;
		r->files[r->dtb_index].reserve = need;
	}
	ag_diag_add(d, AG_ERROR, o->host_name, 0, 0, NULL, "the edited tree does not settle");
	return -EINVAL;
}

void ag_d0l_result_free(struct ag_d0l_result *r)
{
	for (size_t i = 0; r->files && i < r->n_files; i++)
		free(r->files[i].path);
	for (size_t i = 0; i < r->n_guests; i++) {
		if (r->partials)
			free(r->partials[i]);
		if (r->partial_paths)
			free(r->partial_paths[i]);
	}
	free(r->files);
	free(r->partials);
	free(r->partial_sizes);
	free(r->partial_paths);
	free(r->dtb);
	memset(r, 0, sizeof(*r));
}

/* ---- the U-Boot script ------------------------------------------------------ */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

struct text {
	char *buf;
	size_t len, cap;
	bool nomem;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->nomem)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->cap ? t->cap * 2 : 1024) + (size_t)(n > 0 ? n : 0);
		char *b = n < 0 ? NULL : realloc(t->buf, cap);

		if (!b) {
			t->nomem = true;
			return;
		}
		t->buf = b;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

int ag_d0l_uboot_script(const struct ag_d0l_result *r, const struct ag_d0l_opts *o, char **text)
{
	struct text t = { 0 };
	const char *cmd = o->load_cmd ? o->load_cmd : AG_D0L_DEFAULT_LOAD_CMD;

	*text = NULL;
	if (!o->xen_image)
		return -EINVAL;
	/* The board's load device holds each file by its base name: two files, one name, no. */
	for (size_t i = 0; i < r->n_files; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(base_name(r->files[i].path), base_name(r->files[j].path)) &&
			    strcmp(r->files[i].path, r->files[j].path))
				return -EEXIST;
	put(&t, "# Written by armguest dom0less: load Xen, its device tree and each boot\n"
		"# module at the address the tree gives it, then start Xen.\n");
	for (size_t i = 0; i < r->n_files; i++)
		put(&t, "%s 0x%" PRIx64 " %s\n", cmd, r->files[i].addr,
		    base_name(r->files[i].path));
	put(&t, "booti 0x%" PRIx64 " - 0x%" PRIx64 "\n", r->files[0].addr,
	    r->files[r->dtb_index].addr);
	if (t.nomem) {
		free(t.buf);
		return -ENOMEM;
	}
	*text = t.buf;
	return 0;
}

/* ---- mkimage's legacy script image ---------------------------------------- */

#define IH_MAGIC 0x27051956u
#define IH_OS_LINUX 5
#define IH_ARCH_ARM64 22
#define IH_TYPE_SCRIPT 6
#define IH_COMP_NONE 0
#define IH_NMLEN 32
#define IH_SIZE 64

static void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

int ag_d0l_uboot_image(const char *text, uint32_t timestamp, void **out, size_t *out_size)
{
	size_t len = strlen(text);
	/* A script image is a multi-file image of one file: its size, a 0, the script. */
	size_t data = 8 + len;
	uint8_t *img;

	*out = NULL;
	if (len > UINT32_MAX - 8)
		return -EFBIG;
	img = calloc(1, IH_SIZE + data);
	if (!img)
		return -ENOMEM;
	be32_put(img + IH_SIZE, (uint32_t)len);
	memcpy(img + IH_SIZE + 8, text, len);
	be32_put(img, IH_MAGIC);
	be32_put(img + 8, timestamp);
	be32_put(img + 12, (uint32_t)data);
	be32_put(img + 24, (uint32_t)crc32(0, img + IH_SIZE, (uInt)data));
	img[28] = IH_OS_LINUX;
	img[29] = IH_ARCH_ARM64;
	img[30] = IH_TYPE_SCRIPT;
	img[31] = IH_COMP_NONE;
	snprintf((char *)img + 32, IH_NMLEN, "armguest dom0less");
	be32_put(img + 4, (uint32_t)crc32(0, img, IH_SIZE));
	*out = img;
	*out_size = IH_SIZE + data;
	return 0;
}
