/* SPDX-License-Identifier: MIT */
/*
 * What the guest boots: `kernel`, `ramdisk`, `device_tree` (paths taken
 * from the config's directory when relative, and optionally checked to be
 * non-empty regular files we can read), and the kernel command line from
 * `cmdline`, `root` and `extra` composed exactly as xl does
 * (tools/xl/xl_parse.c: parse_cmdline, stable-4.17).
 */
#include "../common/file.h"
#include "validate_int.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The path to use from the cwd: relative ones are taken from cfg_dir. */
static char *resolve_path(struct vctx *c, const struct xlcfg_setting *s,
			  const char *path)
{
	const char *dir = c->opts->cfg_dir;
	bool join = path[0] != '/' && dir && *dir && strcmp(dir, ".");
	const char *sep = join && dir[strlen(dir) - 1] != '/' ? "/" : "";
	size_t len;
	char *r;

	if (!join)
		len = strlen(path);
	else
		len = strlen(dir) + strlen(sep) + strlen(path);
	if (len >= PATH_MAX) {
		v_emit(c, AG_ERROR, s, false,
		       "the %s path is longer than %d bytes", s->key, PATH_MAX - 1);
		return NULL;
	}
	r = malloc(len + 1);
	if (!r) {
		c->nomem = true;
		return NULL;
	}
	if (join)
		snprintf(r, len + 1, "%s%s%s", dir, sep, path);
	else
		memcpy(r, path, len + 1);
	return r;
}

static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/*
 * The file must open for reading, be a regular file and not be empty.
 * O_NONBLOCK: opening a FIFO must not wait for a writer.
 */
static void check_file(struct vctx *c, const struct xlcfg_setting *s,
		       const char *written, const char *path, struct ag_guest_file *keep)
{
	char qw[AG_QUOTE_SIZE], qp[AG_QUOTE_SIZE], where[2 * AG_QUOTE_SIZE + 8];
	struct stat st;
	int fd;

	if (strcmp(written, path))
		snprintf(where, sizeof(where), "%s (%s)", ag_quote(qw, written),
			 ag_quote(qp, path));
	else
		snprintf(where, sizeof(where), "%s", ag_quote(qw, written));

	fd = ag_open_file(path, &st);
	if (fd < 0) {
		v_emit(c, AG_ERROR, s, false, "cannot open %s %s: %s", s->key,
		       where, strerror(-fd));
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		v_emit(c, AG_ERROR, s, false, "%s %s is %s, not a regular file",
		       s->key, where, file_kind(st.st_mode));
	} else if (st.st_size == 0) {
		v_emit(c, AG_ERROR, s, false, "%s %s is empty", s->key, where);
	} else {
		/* The one open of this file: everything after reads this descriptor. */
		if (keep->open)
			close(keep->fd);
		*keep = (struct ag_guest_file){ .open = true, .fd = fd };
		return;
	}
	close(fd);
}

/* A path-valued key; *out stays NULL when absent or unusable. */
static void read_path(struct vctx *c, const char *key, char **out,
		      struct ag_pos *pos, struct ag_guest_file *keep)
{
	const struct xlcfg_setting *s;
	const char *v;

	if (v_string(c, key, &v, &s))
		return;
	v_pos(pos, s);
	if (!*v) {
		v_emit(c, AG_ERROR, s, false, "`%s' is empty: give a file name",
		       key);
		return;
	}
	*out = resolve_path(c, s, v);
	if (*out && c->opts->check_files)
		check_file(c, s, v, *out, keep);
}

/*
 * PV and PVH guests need a kernel; armguest runs no bootloader.  On x86_64
 * (for comparison) xl also takes a bootloader, or firmware = "pvgrub..."
 * which names a kernel.
 */
static void check_kernel_given(struct vctx *c)
{
	const struct xlcfg_setting *bl;
	const char *v;
	bool need = c->type_ok ? c->g->type != AG_TYPE_HVM : v_is_arm(c);
	bool has_bootloader = !v_string(c, "bootloader", &v, &bl);

	if (!v_is_arm(c) && xlcfg_find(c->cfg, "firmware"))
		need = false;

	/* The known-key table refuses a bootloader on Arm (validate_keys.c). */
	if (v_is_arm(c) && has_bootloader)
		return;
	if (need && !has_bootloader && !xlcfg_find(c->cfg, "kernel"))
		v_emit_at(c, AG_ERROR, "kernel", 0, 0,
			  "Neither kernel nor bootloader specified");
}

struct cmdline_part {
	const struct xlcfg_setting *s;
	const char *v;
};

static void read_part(struct vctx *c, const char *key, struct cmdline_part *p)
{
	p->s = NULL;
	p->v = NULL;
	if (v_string(c, key, &p->v, &p->s))
		p->v = NULL;
}

static char *concat(struct vctx *c, const char *a, const char *b,
		    const char *sep, const char *d)
{
	size_t len = strlen(a) + strlen(b) + strlen(sep) + strlen(d);
	char *r = malloc(len + 1);

	if (!r) {
		c->nomem = true;
		return NULL;
	}
	snprintf(r, len + 1, "%s%s%s%s", a, b, sep, d);
	return r;
}

static void compose_cmdline(struct vctx *c)
{
	struct ag_guest *g = c->g;
	struct cmdline_part cmd, root, extra;

	read_part(c, "cmdline", &cmd);
	read_part(c, "root", &root);
	read_part(c, "extra", &extra);

	if (cmd.v) {
		const struct cmdline_part *ignored = root.v ? &root : &extra;

		if (ignored->v)
			v_emit(c, AG_WARNING, ignored->s, true,
			       "ignoring root= and extra= in favour of cmdline=");
		g->cmdline = v_strdup(c, cmd.v);
		g->cmdline_from[0] = "cmdline";
		v_pos(&g->pos_cmdline, cmd.s);
	} else if (root.v && extra.v) {
		g->cmdline = concat(c, "root=", root.v, " ", extra.v);
		g->cmdline_from[0] = "root";
		g->cmdline_from[1] = "extra";
		v_pos(&g->pos_cmdline, root.s);
	} else if (root.v) {
		g->cmdline = concat(c, "root=", root.v, "", "");
		g->cmdline_from[0] = "root";
		v_pos(&g->pos_cmdline, root.s);
	} else if (extra.v) {
		g->cmdline = v_strdup(c, extra.v);
		g->cmdline_from[0] = "extra";
		v_pos(&g->pos_cmdline, extra.s);
	}
}

void validate_boot(struct vctx *c)
{
	struct ag_guest *g = c->g;

	read_path(c, "kernel", &g->kernel, &g->pos_kernel, &g->kernel_file);
	read_path(c, "ramdisk", &g->ramdisk, &g->pos_ramdisk, &g->ramdisk_file);
	read_path(c, "device_tree", &g->device_tree, &g->pos_device_tree, &g->device_tree_file);
	check_kernel_given(c);
	compose_cmdline(c);
}
