/* SPDX-License-Identifier: MIT */
/* State files: "key=value" lines, written atomically (ag_write_file_atomic_mode). */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "create.h"
#include "state.h"

static int state_path(const char *dir, uint32_t domid, const char *suffix,
		      char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%" PRIu32 ".state%s", dir, domid, suffix);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int mkdir_p(const char *dir)
{
	char buf[4096];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -errno;
		buf[i] = dir[i];
	}
	return 0;
}

int ag_state_dir_create(const char *dir)
{
	return mkdir_p(dir);
}

static bool name_is_storable(const char *name)
{
	for (const char *c = name; *c; c++)
		if (*c == '\n' || *c == '\r')
			return false;
	return strlen(name) < AG_NAME_MAX;
}

int ag_state_write(const char *dir, const struct ag_state *s)
{
	char path[4096], uuid[37], text[AG_NAME_MAX + 512];
	int rc, n;

	if (!name_is_storable(s->name))
		return -EINVAL;
	rc = mkdir_p(dir);
	if (rc)
		return rc;
	if (state_path(dir, s->domid, "", path, sizeof(path)))
		return -ENAMETOOLONG;
	ag_uuid_format(s->uuid, uuid);
	n = snprintf(text, sizeof(text),
		     "domid=%" PRIu32 "\n"
		     "name=%s\n"
		     "uuid=%s\n"
		     "memory_kib=%" PRIu64 "\n"
		     "console_port=%" PRIu32 "\n"
		     "console_gfn=0x%" PRIx64 "\n"
		     "vuart=%d\n"
		     "vuart_port=%" PRIu32 "\n"
		     "vuart_gfn=0x%" PRIx64 "\n"
		     "xenstore=%d\n",
		     s->domid, s->name, uuid, s->memory_kib, s->console_port, s->console_gfn,
		     s->vuart ? 1 : 0, s->vuart_port, s->vuart_gfn, s->xenstore ? 1 : 0);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -ENAMETOOLONG;
	/*
	 * An unpredictable temporary name (mkstemp), so that a run directory
	 * others can write to cannot make us follow a planted link.
	 */
	return ag_write_file_atomic_mode(path, text, (size_t)n, 0600);
}

static int parse_uuid(const char *s, uint8_t out[AG_UUID_SIZE])
{
	size_t k = 0;

	for (size_t i = 0; s[i] && k < 2 * AG_UUID_SIZE; i++) {
		int v;

		if (s[i] == '-')
			continue;
		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			v = s[i] - 'a' + 10;
		else
			return -EINVAL;
		if (k % 2 == 0)
			out[k / 2] = (uint8_t)(v << 4);
		else
			out[k / 2] |= (uint8_t)v;
		k++;
	}
	return k == 2 * AG_UUID_SIZE ? 0 : -EINVAL;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The numeric fields of a record, by key. */
enum num_kind { NUM_U32, NUM_U64, NUM_BOOL };
static const struct {
	const char *key;
	size_t offset;
	enum num_kind kind;
} numbers[] = {
	{ "memory_kib", offsetof(struct ag_state, memory_kib), NUM_U64 },
	{ "console_port", offsetof(struct ag_state, console_port), NUM_U32 },
	{ "console_gfn", offsetof(struct ag_state, console_gfn), NUM_U64 },
	{ "vuart", offsetof(struct ag_state, vuart), NUM_BOOL },
	{ "vuart_port", offsetof(struct ag_state, vuart_port), NUM_U32 },
	{ "vuart_gfn", offsetof(struct ag_state, vuart_gfn), NUM_U64 },
	{ "xenstore", offsetof(struct ag_state, xenstore), NUM_BOOL },
};

static int parse_line(char *line, struct ag_state *s, unsigned *seen)
{
	char *eq = strchr(line, '=');
	const char *key = line, *val;
	uint64_t v;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	val = eq + 1;
	if (!strcmp(key, "name")) {
		if (strlen(val) >= sizeof(s->name))
			return -EINVAL;
		strcpy(s->name, val);
		*seen |= 2;
		return 0;
	}
	if (!strcmp(key, "uuid")) {
		*seen |= 4;
		return parse_uuid(val, s->uuid);
	}
	if (parse_u64(val, UINT64_MAX, &v))
		return -EINVAL;
	if (!strcmp(key, "domid")) {
		if (v > UINT32_MAX)
			return -EINVAL;
		s->domid = (uint32_t)v;
		*seen |= 1;
	}
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		void *field = (char *)s + numbers[i].offset;

		if (strcmp(key, numbers[i].key))
			continue;
		if (numbers[i].kind == NUM_U32)
			*(uint32_t *)field = (uint32_t)v;
		else if (numbers[i].kind == NUM_U64)
			*(uint64_t *)field = v;
		else
			*(bool *)field = v != 0;
	}
	/* Unknown keys are ignored: newer armguest versions may add some. */
	return 0;
}

static int read_path(const char *path, struct ag_state *out)
{
	char buf[AG_STATE_FILE_MAX + 1];
	unsigned seen = 0;
	size_t len;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf), f);
	if (ferror(f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	if (len > AG_STATE_FILE_MAX)
		return -EFBIG;
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	for (char *line = buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line && parse_line(line, out, &seen))
			return -EINVAL;
	}
	return seen == 7 ? 0 : -EINVAL;
}

int ag_state_read(const char *dir, uint32_t domid, struct ag_state *out)
{
	char path[4096];
	int rc;

	if (state_path(dir, domid, "", path, sizeof(path)))
		return -ENAMETOOLONG;
	rc = read_path(path, out);
	if (rc == 0 && out->domid != domid)
		return -EINVAL;
	return rc;
}

int ag_state_remove(const char *dir, uint32_t domid)
{
	char path[4096];

	if (state_path(dir, domid, "", path, sizeof(path)))
		return -ENAMETOOLONG;
	if (unlink(path) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int by_domid(const void *a, const void *b)
{
	const struct ag_state *x = a, *y = b;

	return x->domid < y->domid ? -1 : x->domid > y->domid;
}

int ag_state_list(const char *dir, struct ag_state *out, size_t max, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	*n = 0;
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dp)) != NULL && *n < max) {
		char path[4096];
		size_t len = strlen(de->d_name);
		int k;

		if (len <= 6 || strcmp(de->d_name + len - 6, ".state"))
			continue;
		k = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (k < 0 || (size_t)k >= sizeof(path))
			continue;
		if (read_path(path, &out[*n]) == 0)
			(*n)++;
	}
	closedir(dp);
	qsort(out, *n, sizeof(*out), by_domid);
	return 0;
}
