/* SPDX-License-Identifier: MIT */
/* The tag-by-tag walk of a tree (walk.h). */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "walk.h"

#define PATH_MAX_LEN 1024

int ag_fdt_walk(const void *fdt, ag_fdt_visit *fn, void *ctx)
{
	char path[PATH_MAX_LEN] = "";
	size_t ends[PATH_MAX_LEN / 2];   /* the path's length before each open node */
	int depth = 0, off = 0, next, rc;
	uint32_t tag;

	if (fdt_check_header(fdt))
		return -EINVAL;
	do {
		tag = fdt_next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const char *name = fdt_get_name(fdt, off, NULL);
			size_t len = strlen(path);

			if (!name || depth >= (int)(sizeof(ends) / sizeof(ends[0])) ||
			    len + strlen(name) + 2 > sizeof(path))
				return -EINVAL;
			ends[depth++] = len;
			if (len == 0)
				strcpy(path, "/");   /* the root, whose name is "" */
			else if (len > 1)
				strcat(path, "/");
			strcat(path, name);
			rc = fn(ctx, path, NULL);
			if (rc)
				return rc;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return -EINVAL;
			path[ends[--depth]] = 0;
			break;
		case FDT_PROP: {
			const struct fdt_property *p = fdt_get_property_by_offset(fdt, off, NULL);
			const char *name = p ? fdt_string(fdt, (int)fdt32_to_cpu(p->nameoff)) : NULL;

			if (!name || depth == 0)
				return -EINVAL;
			rc = fn(ctx, path, name);
			if (rc)
				return rc;
			break;
		}
		case FDT_NOP:
		case FDT_END:
			break;
		default:
			return -EINVAL;
		}
		off = next;
	} while (tag != FDT_END && off >= 0);
	return off < 0 || depth ? -EINVAL : 0;
}
