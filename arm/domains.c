/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/diag.h"
#include "../common/sig.h"
#include "create_xenstore.h"
#include "domains.h"

static bool same_uuid(const uint8_t a[AG_UUID_SIZE], const uint8_t b[AG_UUID_SIZE])
{
	return memcmp(a, b, AG_UUID_SIZE) == 0;
}

int ag_domain_state(const struct ag_xenops *ops, const char *run_dir,
		    uint32_t domid, struct ag_state *out)
{
	struct ag_dominfo info;
	int rc = ag_state_read(run_dir, domid, out);

	/* Unreadable (permissions, I/O) is not malformed: keep the record. */
	if (rc != 0 && rc != -EINVAL && rc != -EFBIG)
		return rc;
	if (rc == 0) {
		rc = ops->domain_getinfo(ops->ctx, domid, &info);
		if (rc == 0 && same_uuid(info.handle, out->uuid))
			return 0;
		if (rc != 0 && rc != -ESRCH)
			return rc; /* cannot tell: keep the record */
	}
	/* Malformed, or describes a domain that no longer exists. */
	ag_state_remove(run_dir, domid);
	return -ESTALE;
}

static int xs_name(const struct ag_xenops *ops, uint32_t domid, char *buf, size_t len)
{
	char path[64], *val = NULL;
	int rc;

	if (!ops->xs_available(ops->ctx))
		return -ENOENT;
	snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
	rc = ops->xs_read(ops->ctx, path, &val);
	if (rc)
		return rc;
	if (strlen(val) >= len) {
		free(val);
		return -ENAMETOOLONG;
	}
	strcpy(buf, val);
	free(val);
	return 0;
}

int ag_domain_name(const struct ag_xenops *ops, const char *run_dir,
		   uint32_t domid, char *buf, size_t len)
{
	struct ag_state st;

	if (xs_name(ops, domid, buf, len) == 0)
		return 0;
	if (ag_domain_state(ops, run_dir, domid, &st) == 0) {
		if (strlen(st.name) >= len)
			return -ENAMETOOLONG;
		strcpy(buf, st.name);
		return 0;
	}
	if (domid == 0 && len > strlen("Domain-0")) {
		/* libxl names dom0 this way even when xenstore says nothing. */
		strcpy(buf, "Domain-0");
		return 0;
	}
	return -ENOENT;
}

static int list_domains(const struct ag_xenops *ops, struct ag_dominfo **out)
{
	struct ag_dominfo *v = calloc(AG_LIST_MAX, sizeof(*v));
	int n;

	if (!v)
		return -ENOMEM;
	n = ops->domain_list(ops->ctx, v, AG_LIST_MAX);
	if (n < 0) {
		free(v);
		return n;
	}
	*out = v;
	return n;
}

static int find_name(const struct ag_xenops *ops, const char *run_dir,
		     const char *name, uint32_t *domid, unsigned *matches)
{
	struct ag_dominfo *v;
	int n = list_domains(ops, &v);

	*matches = 0;
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		char buf[AG_NAME_MAX];

		if (ag_domain_name(ops, run_dir, v[i].domid, buf, sizeof(buf)) == 0 &&
		    !strcmp(buf, name)) {
			if (*matches == 0)
				*domid = v[i].domid;
			(*matches)++;
		}
	}
	free(v);
	return 0;
}

int ag_domain_find_name(const struct ag_xenops *ops, const char *run_dir,
			const char *name, uint32_t *domid)
{
	unsigned matches;
	int rc = find_name(ops, run_dir, name, domid, &matches);

	if (rc)
		return rc;
	return matches ? 0 : -ESRCH;
}

static bool parse_domid(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

int ag_domain_lookup(const struct ag_xenops *ops, const char *run_dir,
		     const char *spec, uint32_t *domid, struct ag_err *err)
{
	struct ag_dominfo info;
	unsigned matches;
	int rc;

	if (parse_domid(spec, domid)) {
		rc = ops->domain_getinfo(ops->ctx, *domid, &info);
		if (rc == -ESRCH)
			return ag_err_set(err, ESRCH, NULL, "domain %s does not exist", spec);
		if (rc)
			return ag_err_set(err, -rc, NULL, "cannot get information about domain %s: %s",
					  spec, strerror(-rc));
		return 0;
	}
	rc = find_name(ops, run_dir, spec, domid, &matches);
	if (rc)
		return ag_err_set(err, -rc, NULL, "cannot list domains: %s", strerror(-rc));
	if (matches == 0) {
		return ag_err_set(err, ESRCH, NULL, "no domain is called '%s'", spec);
	}
	if (matches > 1) {
		return ag_err_set(err, ENOTUNIQ, NULL, "%u domains are called '%s': give a domid", matches, spec);
	}
	return 0;
}

/* Remove a xenstore subtree, tolerating its absence. */
static void xs_rm_quiet(const struct ag_xenops *ops, const char *path)
{
	(void)ops->xs_rm(ops->ctx, path);
}

/*
 * The frontend's `backend` link is writable by the guest, so it is only
 * trusted when it is exactly the back end this guest's device would have,
 * "/local/domain/<backend domid>/backend/<kind>/<domid>/0"; then
 * "/local/domain/<backend domid>/backend/<kind>/<domid>" is removed, a path
 * rebuilt here rather than cut from the guest's text.
 */
static void rm_backend_of(const struct ag_xenops *ops, const char *frontend,
			  const char *kind, uint32_t domid)
{
	char path[256], want_kind[32], *be = NULL;
	unsigned be_dom, fe_dom, devid;
	int n = snprintf(path, sizeof(path), "%s/backend", frontend), end = -1;

	if (n < 0 || (size_t)n >= sizeof(path) || ops->xs_read(ops->ctx, path, &be))
		return;
	if (sscanf(be, "/local/domain/%u/backend/%31[a-z]/%u/%u%n", &be_dom, want_kind,
		   &fe_dom, &devid, &end) == 4 && end >= 0 && be[end] == '\0' &&
	    !strcmp(want_kind, kind) && fe_dom == domid && devid == 0) {
		snprintf(path, sizeof(path), "/local/domain/%u/backend/%s/%" PRIu32, be_dom,
			 kind, domid);
		xs_rm_quiet(ops, path);
	}
	free(be);
}

static void xs_cleanup(const struct ag_xenops *ops, uint32_t domid)
{
	char dom[64], path[128], *vm = NULL;

	snprintf(dom, sizeof(dom), "/local/domain/%" PRIu32, domid);
	snprintf(path, sizeof(path), "%s/console", dom);
	rm_backend_of(ops, path, "console", domid);
	snprintf(path, sizeof(path), "%s/vuart/0", dom);
	rm_backend_of(ops, path, "vuart", domid);
	snprintf(path, sizeof(path), "%s/vm", dom);
	if (ops->xs_read(ops->ctx, path, &vm) == 0) {
		if (!strncmp(vm, "/vm/", 4))
			xs_rm_quiet(ops, vm);
		free(vm);
	}
	xs_rm_quiet(ops, dom);
	snprintf(path, sizeof(path), "/libxl/%" PRIu32, domid);
	xs_rm_quiet(ops, path);
}

static int destroy(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		   struct ag_err *err)
{
	int rc = ops->domain_destroy(ops->ctx, domid);

	if (rc) {
		return ag_err_set(err, -rc, NULL, "destroying domain %" PRIu32 " failed: %s",
			 domid, strerror(-rc));
	}
	if (ops->xs_available(ops->ctx))
		xs_cleanup(ops, domid);
	rc = ag_state_remove(run_dir, domid);
	if (rc) {
		return ag_err_set(err, -rc, NULL, "domain %" PRIu32 " destroyed, but removing its state file failed: %s",
			 domid, strerror(-rc));
	}
	return 0;
}

/*
 * A signal does not cut destroy short: half a destroy leaves entries and a
 * record naming a domain that is gone.  main re-raises it afterwards.
 */
int ag_domain_destroy(const struct ag_xenops *ops, const char *run_dir,
		      uint32_t domid, struct ag_err *err)
{
	struct ag_sig_saved saved;
	int rc;

	if (domid == 0)
		return ag_err_set(err, EPERM, NULL, "refusing to destroy domain 0");
	ag_sig_catch(&saved);
	rc = destroy(ops, run_dir, domid, err);
	ag_sig_restore(&saved);
	return rc;
}

int ag_domain_rename(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		     const char *new_name, struct ag_err *err)
{
	struct ag_state st;
	char path[AG_XS_PATH_MAX], *vm = NULL;
	int rc;

	if (strlen(new_name) >= sizeof(st.name))
		return ag_err_set(err, ENAMETOOLONG, NULL, "new name of domain %" PRIu32
				  " longer than %zu bytes", domid, sizeof(st.name) - 1);
	if (ops->xs_available(ops->ctx)) {
		snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
		rc = ops->xs_write(ops->ctx, path, new_name);
		if (rc)
			return ag_err_set(err, -rc, NULL, "xenstore write %s: %s", path,
					  strerror(-rc));
		snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/vm", domid);
		if (ops->xs_read(ops->ctx, path, &vm) == 0 && !strncmp(vm, "/vm/", 4) &&
		    strlen(vm) < sizeof(path) - 8) {
			snprintf(path, sizeof(path), "%s/name", vm);
			(void)ops->xs_write(ops->ctx, path, new_name);
		}
		free(vm);
	}
	rc = ag_domain_state(ops, run_dir, domid, &st);
	if (rc == -ENOENT || rc == -ESTALE)
		return 0;
	if (rc)
		return ag_err_set(err, -rc, NULL, "reading the record of domain %" PRIu32 ": %s",
				  domid, strerror(-rc));
	strcpy(st.name, new_name);
	rc = ag_state_write(run_dir, &st);
	return rc ? ag_err_set(err, -rc, NULL, "rewriting the record of domain %" PRIu32 ": %s",
			       domid, strerror(-rc)) : 0;
}

void ag_dominfo_state(const struct ag_dominfo *info, char out[7])
{
	static const char reasons[] = "-rscwS";
	unsigned r = info->shutdown ? info->shutdown_reason : 0;

	out[0] = info->running ? 'r' : '-';
	out[1] = info->blocked ? 'b' : '-';
	out[2] = info->paused ? 'p' : '-';
	out[3] = info->shutdown ? 's' : '-';
	out[4] = r < sizeof(reasons) - 1 ? reasons[r] : '?';
	out[5] = info->dying ? 'd' : '-';
	out[6] = '\0';
}

/* Drop the records of domains that are gone (destroyed by xl, say). */
static void forget_stale(const struct ag_xenops *ops, const char *run_dir)
{
	struct ag_state *recs = calloc(AG_STATE_MAX_DOMAINS, sizeof(*recs)), st;
	size_t n = 0;

	if (!recs)
		return;
	if (ag_state_list(run_dir, recs, AG_STATE_MAX_DOMAINS, &n) == 0)
		for (size_t i = 0; i < n; i++)
			(void)ag_domain_state(ops, run_dir, recs[i].domid, &st);
	free(recs);
}

/* The width ag_fputs_escaped gives name, for xl's %-40s. */
static size_t escaped_len(const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return strlen(name);
	ag_fputs_escaped(name, f);
	fclose(f);
	free(buf);
	return len;
}

int ag_domain_list(const struct ag_xenops *ops, const char *run_dir, FILE *out)
{
	struct ag_dominfo *v;
	int n;

	forget_stale(ops, run_dir);
	n = list_domains(ops, &v);
	if (n < 0)
		return n;
	fprintf(out, "Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
	for (int i = 0; i < n; i++) {
		char name[AG_NAME_MAX], state[7];

		if (ag_domain_name(ops, run_dir, v[i].domid, name, sizeof(name)))
			strcpy(name, "-");
		ag_dominfo_state(&v[i], state);
		/* A name comes from xenstore or a state file: escaped, padded as xl pads it. */
		ag_fputs_escaped(name, out);
		for (size_t k = escaped_len(name); k < 40; k++)
			fputc(' ', out);
		fprintf(out, " %5" PRIu32 " %5" PRIu64 " %5u     %s  %8.1f\n",
			v[i].domid, v[i].tot_pages * 4 / 1024,
			v[i].nr_online_vcpus, state, (double)v[i].cpu_time_ns / 1e9);
	}
	free(v);
	return 0;
}
