/* SPDX-License-Identifier: MIT */
/*
 * armguest dom0less: every key of the dom0less table (keys_dom0less.c) the
 * config sets, judged against the resolved guest and the host's GIC.  A key
 * that maps to the domain node says nothing; one with nothing to lose gets a
 * note; one dom0less cannot express gets a warning naming it (an error
 * under --exact); a refused one an error.  One diagnostic per key, at its
 * winning assignment, like validate_keys.c, which leaves these keys to us.
 */
#include "validate_int.h"

#include <stdlib.h>

#include "keys.h"

/* Does the row's condition hold for the resolved guest? */
static bool d0l_applies(const struct vctx *c, const struct ag_d0l_key *k)
{
	const struct ag_guest *g = c->g;

	switch (k->when) {
	case AG_D0L_IF_SET:
		return true;
	case AG_D0L_IF_ACPI:
		return g->acpi;
	case AG_D0L_IF_VPMU:
		return g->vpmu;
	case AG_D0L_IF_TEE:
		return g->tee != AG_TEE_NONE;
	case AG_D0L_IF_NOT_HOST_GIC:
		return g->gic != AG_GIC_DEFAULT && g->gic != c->opts->host_gic;
	case AG_D0L_IF_ABOVE_VCPUS:
		return g->max_vcpus > g->vcpus;
	}
	return true;
}

static void d0l_key(struct vctx *c, const struct ag_d0l_key *k, const struct xlcfg_setting *s,
		    enum ag_release rel)
{
	switch (k->status[rel]) {
	case AG_D0L_MAPPED:
		break;
	case AG_D0L_NOTE:
		v_emit(c, AG_NOTE, s, true, "`%s' in dom0less: %s", k->name, k->what);
		break;
	case AG_D0L_LOST:
		if (d0l_applies(c, k))
			v_emit(c, c->opts->exact ? AG_ERROR : AG_WARNING, s, true,
			       "`%s' cannot be expressed in dom0less (Xen %s): %s%s", k->name,
			       ag_release_name(rel), k->what,
			       c->opts->exact ? " (--exact)" : "");
		break;
	case AG_D0L_REFUSED:
		if (d0l_applies(c, k))
			v_emit(c, AG_ERROR, s, true, "`%s' refused in dom0less: %s", k->name,
			       k->what);
		break;
	case AG_D0L_N:
		break;
	}
}

void validate_dom0less(struct vctx *c)
{
	const struct xlcfg_setting **keys;
	int rel = ag_release_index(c->lim->xen_major, c->lim->xen_minor);
	size_t n;

	if (rel < 0 || !v_is_arm(c))
		return; /* validate_keys said so */
	if (ag_keys_distinct(c->cfg, &keys, &n)) {
		c->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ag_key_info *k = ag_key_lookup(keys[i]->key);
		const struct ag_d0l_key *r = ag_d0l_key_lookup(keys[i]->key);

		/* The same rows validate_keys left to us. */
		if (k && r && k->status[rel] != AG_KS_ABSENT && k->status[rel] != AG_KS_PENDING)
			d0l_key(c, r, keys[i], (enum ag_release)rel);
	}
	free(keys);
}
