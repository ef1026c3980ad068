/* SPDX-License-Identifier: MIT */
/*
 * armguest's own record of the domains it created: one small text file per
 * domain under the run directory (/run/armguest/<domid>.state).  It lets
 * `destroy NAME`, `list` and `console` work on a dom0 without xenstored.
 * A record is only trusted while a domain with that domid and the same
 * handle (UUID) exists; anything else is stale and is removed on sight.
 */
#ifndef AG_STATE_H
#define AG_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenops.h"

/* Longest domain name armguest stores (xl's names are bounded by xenstore). */
#define AG_NAME_MAX 256
/* State files larger than this are refused (resource bound). */
#define AG_STATE_FILE_MAX 4096
/* At most this many records are read from the run directory. */
#define AG_STATE_MAX_DOMAINS 1024

struct ag_state {
	uint32_t domid;
	char name[AG_NAME_MAX];
	uint8_t uuid[AG_UUID_SIZE];
	uint64_t memory_kib;
	uint32_t console_port;
	uint64_t console_gfn;
	bool vuart;
	uint32_t vuart_port;
	uint64_t vuart_gfn;
	bool xenstore;                 /* xenstore entries were written too */
};

/* Create dir and its parents (mode 0700) if missing: 0 or -errno. */
int ag_state_dir_create(const char *dir);

/* Write <dir>/<domid>.state atomically (creating dir, mode 0700). */
int ag_state_write(const char *dir, const struct ag_state *s);
/* -ENOENT if there is none; -EINVAL if it is malformed. */
int ag_state_read(const char *dir, uint32_t domid, struct ag_state *out);
int ag_state_remove(const char *dir, uint32_t domid);
/*
 * Every record in dir (any order, sorted by domid), up to max.  A missing
 * directory is an empty list.  Malformed files are skipped.
 */
int ag_state_list(const char *dir, struct ag_state *out, size_t max, size_t *n);

#endif
