/* SPDX-License-Identifier: MIT */
/*
 * Internal to validation: the context the per-topic validators share, and
 * helpers that read a key with libxlutil's rules but report an unusable
 * value as an error (xl warns and silently drops the key, which changes the
 * guest; we refuse instead, keeping libxlutil's message text).
 */
#ifndef AG_VALIDATE_INT_H
#define AG_VALIDATE_INT_H

#include <errno.h>
#include <stdbool.h>

#include "guest.h"
#include "validate.h"
#include "validate_util.h"
#include "xlcfg.h"

struct vctx {
	const struct xlcfg *cfg;
	const struct ag_resolve_opts *opts;
	const struct ag_arm_limits *lim;
	struct ag_guest *g;
	struct ag_diags *d;
	bool type_ok;   /* g->type is valid */
	bool nomem;
};

/* A diagnostic at a setting's key (at_key) or at its value. */
void v_emit(struct vctx *c, enum ag_severity sev, const struct xlcfg_setting *s,
	    bool at_key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A diagnostic at an explicit position (a list item; 0/0 = none). */
void v_emit_at(struct vctx *c, enum ag_severity sev, const char *key,
	       unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Typed look-ups: 0 (found; *s is the winning setting), ESRCH (absent) or
 * EINVAL/ERANGE (unusable; an error is reported).
 */
int v_string(struct vctx *c, const char *key, const char **out,
	     const struct xlcfg_setting **s);
int v_long(struct vctx *c, const char *key, long *out,
	   const struct xlcfg_setting **s);
int v_defbool(struct vctx *c, const char *key, bool *out,
	      const struct xlcfg_setting **s);
int v_bounded_long(struct vctx *c, const char *key, long min, long max, long *out,
		   const struct xlcfg_setting **s);
int v_list(struct vctx *c, const char *key, const struct xlcfg_value **out,
	   const struct xlcfg_setting **s);

char *v_strdup(struct vctx *c, const char *s);
void v_pos(struct ag_pos *p, const struct xlcfg_setting *s);
bool v_is_arm(const struct vctx *c);
/* Does the guest's release of xl read key (keys.c; false for an unknown key)? */
bool v_key_in_release(const struct vctx *c, const char *key);

/* Per-topic validators, in the order ag_guest_resolve runs them. */
void validate_keys(struct vctx *c);      /* validate_keys.c */
void validate_name(struct vctx *c);      /* validate.c */
void validate_memory(struct vctx *c);    /* validate_mem.c */
void validate_vcpus(struct vctx *c);     /* validate_mem.c (needs the GIC) */
void validate_boot(struct vctx *c);      /* validate_boot.c */
void validate_devices(struct vctx *c);   /* validate_devices.c */
void validate_virtio(struct vctx *c);    /* validate_virtio.c (needs the irqs) */
void validate_arm_settings(struct vctx *c); /* validate_arm.c: sve, nr_spis, llc_colors */
void validate_actions(struct vctx *c);   /* validate.c */
void validate_creation(struct vctx *c);  /* validate_create.c (needs max_vcpus) */
void validate_dom0less(struct vctx *c);  /* validate_dom0less.c (needs the guest) */

#endif
