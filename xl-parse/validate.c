/* SPDX-License-Identifier: MIT */
/*
 * ag_guest_resolve: the type policy, then every key an Arm guest uses, read
 * with xl's meaning (tools/xl/xl_parse.c: parse_config_data and parse_cmdline,
 * stable-4.17).  Each topic lives in
 * its own file; this one holds the shared helpers, `name` and the on_*
 * actions.  All problems are collected before giving up, so one run shows
 * every error in a config.
 */
#include "validate_int.h"

#include "keys.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static void v_vemit(struct vctx *c, enum ag_severity sev, const char *key,
		    unsigned line, unsigned col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static void v_vemit(struct vctx *c, enum ag_severity sev, const char *key,
		    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ag_diag_add(c->d, sev, c->cfg->source, line, col, key, "%s", msg))
		c->nomem = true;
}

void v_emit(struct vctx *c, enum ag_severity sev, const struct xlcfg_setting *s,
	    bool at_key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	v_vemit(c, sev, s->key, at_key ? s->line : s->value->line,
		at_key ? s->col : s->value->col, fmt, ap);
	va_end(ap);
}

void v_emit_at(struct vctx *c, enum ag_severity sev, const char *key,
	       unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	v_vemit(c, sev, key, line, col, fmt, ap);
	va_end(ap);
}

/* Move an accessor's warnings into c->d as errors (see validate_int.h). */
static int take_as_errors(struct vctx *c, struct ag_diags *tmp, int e)
{
	for (size_t i = 0; i < tmp->n; i++) {
		const struct ag_diag *w = &tmp->v[i];

		if (ag_diag_add(c->d, AG_ERROR, w->file, w->line, w->col,
				w->key, "%s", w->msg))
			c->nomem = true;
	}
	ag_diags_free(tmp);
	return e;
}

int v_string(struct vctx *c, const char *key, const char **out,
	     const struct xlcfg_setting **s)
{
	struct ag_diags tmp;
	int e;

	ag_diags_init(&tmp);
	e = xlcfg_get_string(c->cfg, key, out, false, &tmp);
	if (!e)
		*s = xlcfg_find(c->cfg, key);
	return take_as_errors(c, &tmp, e);
}

int v_long(struct vctx *c, const char *key, long *out,
	   const struct xlcfg_setting **s)
{
	struct ag_diags tmp;
	int e;

	ag_diags_init(&tmp);
	e = xlcfg_get_long(c->cfg, key, out, false, &tmp);
	if (!e)
		*s = xlcfg_find(c->cfg, key);
	return take_as_errors(c, &tmp, e);
}

int v_bounded_long(struct vctx *c, const char *key, long min, long max, long *out,
		   const struct xlcfg_setting **s)
{
	struct ag_diags tmp;
	int e;

	ag_diags_init(&tmp);
	e = xlcfg_get_bounded_long(c->cfg, key, min, max, out, false, &tmp);
	if (!e)
		*s = xlcfg_find(c->cfg, key);
	return take_as_errors(c, &tmp, e);
}

int v_defbool(struct vctx *c, const char *key, bool *out,
	      const struct xlcfg_setting **s)
{
	struct ag_diags tmp;
	int e;

	ag_diags_init(&tmp);
	e = xlcfg_get_defbool(c->cfg, key, out, false, &tmp);
	if (!e)
		*s = xlcfg_find(c->cfg, key);
	return take_as_errors(c, &tmp, e);
}

int v_list(struct vctx *c, const char *key, const struct xlcfg_value **out,
	   const struct xlcfg_setting **s)
{
	struct ag_diags tmp;
	int e;

	ag_diags_init(&tmp);
	e = xlcfg_get_list(c->cfg, key, out, false, &tmp);
	if (!e)
		*s = xlcfg_find(c->cfg, key);
	return take_as_errors(c, &tmp, e);
}

char *v_strdup(struct vctx *c, const char *s)
{
	char *r = strdup(s);

	if (!r)
		c->nomem = true;
	return r;
}

void v_pos(struct ag_pos *p, const struct xlcfg_setting *s)
{
	p->line = s->value->line;
	p->col = s->value->col;
}

bool v_is_arm(const struct vctx *c)
{
	return ag_arch_is_arm(c->opts->arch);
}

bool v_key_in_release(const struct vctx *c, const char *key)
{
	const struct ag_key_info *k = ag_key_lookup(key);
	int rel = ag_release_index(c->lim->xen_major, c->lim->xen_minor);

	return k && rel >= 0 && k->status[rel] != AG_KS_ABSENT;
}

void validate_name(struct vctx *c)
{
	const struct xlcfg_setting *s;
	const char *name;
	int e = v_string(c, "name", &name, &s);

	if (e == ESRCH) {
		v_emit_at(c, AG_ERROR, "name", 0, 0,
			  "Domain name must be specified.");
		return;
	}
	if (e)
		return;
	if (!*name) {
		v_emit(c, AG_ERROR, s, false,
		       "`name' is empty: Domain name must be specified.");
		return;
	}
	/* What create would refuse only after building the domain (its state record). */
	if (strlen(name) > AG_GUEST_NAME_MAX) {
		v_emit(c, AG_ERROR, s, false, "`name' is %zu bytes long; a domain name has at"
		       " most %d", strlen(name), AG_GUEST_NAME_MAX);
		return;
	}
	for (size_t i = 0; name[i]; i++) {
		unsigned char b = (unsigned char)name[i];

		if (b < 0x20 || b == 0x7f) {
			v_emit(c, AG_ERROR, s, false, "`name' contains the control byte 0x%02x"
			       " (byte %zu): a domain name is printed and recorded on one line",
			       b, i + 1);
			return;
		}
	}
	c->g->name = v_strdup(c, name);
	v_pos(&c->g->pos_name, s);
}

static const char action_list[] =
	"\"destroy\", \"restart\", \"rename-restart\", \"preserve\", "
	"\"coredump-destroy\", \"coredump-restart\" and \"soft-reset\"";

/* xl's matching is exact and case-sensitive here (xl_parse.c). */
static void validate_action(struct vctx *c, const char *key,
			    enum ag_action dflt, enum ag_action *out)
{
	const struct xlcfg_setting *s;
	char q[AG_QUOTE_SIZE];
	const char *v;
	enum ag_action a;

	*out = dflt;
	if (v_string(c, key, &v, &s))
		return;
	if (ag_action_parse(v, &a)) {
		v_emit(c, AG_ERROR, s, false,
		       "Unknown %s action %s specified: accepted values are %s",
		       key, ag_quote(q, v), action_list);
		return;
	}
	*out = a;
}

void validate_actions(struct vctx *c)
{
	struct ag_guest *g = c->g;

	validate_action(c, "on_poweroff", AG_ACTION_DESTROY, &g->on_poweroff);
	validate_action(c, "on_reboot", AG_ACTION_RESTART, &g->on_reboot);
	validate_action(c, "on_crash", AG_ACTION_DESTROY, &g->on_crash);
	validate_action(c, "on_watchdog", AG_ACTION_DESTROY, &g->on_watchdog);
	validate_action(c, "on_soft_reset", AG_ACTION_SOFT_RESET, &g->on_soft_reset);
}

/* Order: by line then column, position-less last, stable otherwise. */
struct diag_order {
	struct ag_diag diag;
	size_t index;
};

static int compare_diag_order(const void *pa, const void *pb)
{
	const struct diag_order *a = pa, *b = pb;
	unsigned la = a->diag.line ? a->diag.line : ~0u;
	unsigned lb = b->diag.line ? b->diag.line : ~0u;

	if (la != lb)
		return la < lb ? -1 : 1;
	if (a->diag.col != b->diag.col)
		return a->diag.col < b->diag.col ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int sort_diags_from(struct ag_diags *d, size_t first)
{
	size_t n = d->n - first;
	struct diag_order *tmp;

	if (n < 2)
		return 0;
	tmp = calloc(n, sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		tmp[i].diag = d->v[first + i];
		tmp[i].index = i;
	}
	qsort(tmp, n, sizeof(*tmp), compare_diag_order);
	for (size_t i = 0; i < n; i++)
		d->v[first + i] = tmp[i].diag;
	free(tmp);
	return 0;
}

int ag_guest_resolve(const struct xlcfg *cfg, const struct ag_resolve_opts *opts,
		     struct ag_guest *out, struct ag_diags *d)
{
	struct vctx c = {
		.cfg = cfg, .opts = opts, .g = out, .d = d,
		.lim = opts->limits,
	};
	size_t first = d->n;
	size_t errors = ag_diags_count(d, AG_ERROR);
	int rc;

	memset(out, 0, sizeof(*out));
	out->arch = opts->arch;
	out->source = v_strdup(&c, cfg->source);

	rc = ag_type_resolve(cfg, opts->arch, opts->limits->xen_minor, opts->strict, &out->type,
			     &out->pos_type, d);
	if (rc == -ENOMEM)
		c.nomem = true;
	c.type_ok = rc == 0;

	validate_keys(&c);
	validate_name(&c);
	validate_memory(&c);
	validate_vcpus(&c);
	validate_boot(&c);
	validate_devices(&c);
	validate_virtio(&c);
	validate_actions(&c);
	validate_creation(&c);
	validate_arm_settings(&c);
	if (opts->dom0less)
		validate_dom0less(&c);

	if (sort_diags_from(d, first))
		c.nomem = true;
	if (c.nomem) {
		ag_guest_free(out);
		return -ENOMEM;
	}
	if (ag_diags_count(d, AG_ERROR) > errors) {
		ag_guest_free(out);
		return -EINVAL;
	}
	return 0;
}
