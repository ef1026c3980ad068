/* SPDX-License-Identifier: MIT */
/*
 * The guest-type policy (docs/type-policy.md).  xl 4.17 reads `type` and
 * `builder` by case-sensitive prefix matching (tools/xl/xl_parse.c:
 * parse_config_data, stable-4.17), which
 * turns typos into other guest types ("" is HVM, "p" is PV).  We match whole
 * values case-insensitively, and say where xl would have read a value
 * differently, so a config that passes here means the same thing to xl.
 */
#include "policy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "validate_util.h"

struct type_word {
	const char *word;
	enum ag_guest_type type;
};

/*
 * One type-selecting key: the words we accept (in the order error messages
 * list them) and the order in which xl 4.17 tries its prefixes.
 */
struct type_key {
	const char *key;
	const struct type_word *words;
	size_t n_words;
	const char *accepted;           /* for the error message */
	const struct type_word *xl_order;
	size_t n_xl_order;
};

static const struct type_word type_words[] = {
	{ "pvh", AG_TYPE_PVH }, { "pv", AG_TYPE_PV }, { "hvm", AG_TYPE_HVM },
};
static const struct type_word type_xl_order[] = {
	{ "hvm", AG_TYPE_HVM }, { "pv", AG_TYPE_PV }, { "pvh", AG_TYPE_PVH },
};
static const struct type_word builder_words[] = {
	{ "generic", AG_TYPE_PV }, { "hvm", AG_TYPE_HVM },
};
static const struct type_word builder_xl_order[] = {
	{ "hvm", AG_TYPE_HVM }, { "generic", AG_TYPE_PV },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct type_key type_key = {
	"type", type_words, N(type_words), "\"pvh\", \"pv\" and \"hvm\"",
	type_xl_order, N(type_xl_order),
};
static const struct type_key builder_key = {
	"builder", builder_words, N(builder_words), "\"generic\" and \"hvm\"",
	builder_xl_order, N(builder_xl_order),
};

/* What one type-selecting key said. */
struct type_choice {
	const struct xlcfg_setting *s; /* NULL: absent (or a list, which xl ignores) */
	bool valid;
	enum ag_guest_type type;
};

struct policy_ctx {
	const struct xlcfg *cfg;
	unsigned xl;  /* the release of xl the messages compare with: 17, 20 */
	struct ag_diags *d;
	int failed;  /* an error was reported */
	int nomem;   /* a diagnostic could not be stored */
};

static void emit(struct policy_ctx *c, enum ag_severity sev,
		 const struct xlcfg_setting *s, bool at_key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void emit(struct policy_ctx *c, enum ag_severity sev,
		 const struct xlcfg_setting *s, bool at_key, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	unsigned line = at_key ? s->line : s->value->line;
	unsigned col = at_key ? s->col : s->value->col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == AG_ERROR)
		c->failed = 1;
	if (ag_diag_add(c->d, sev, c->cfg->source, line, col, s->key, "%s", msg))
		c->nomem = 1;
}

/* xl 4.17's reading: the first literal that the value is a prefix of. */
static const char *xl_prefix_reading(const struct type_key *k, const char *v)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < k->n_xl_order; i++)
		if (!strncmp(v, k->xl_order[i].word, n))
			return k->xl_order[i].word;
	return NULL;
}

static void read_type_key(struct policy_ctx *c, const struct type_key *k,
			  struct type_choice *out)
{
	char q[AG_QUOTE_SIZE];
	const char *v;
	const char *xl;

	memset(out, 0, sizeof(*out));
	/* A list value: libxlutil's warning, and the key counts as absent. */
	if (xlcfg_get_string(c->cfg, k->key, &v, false, c->d))
		return;
	out->s = xlcfg_find(c->cfg, k->key);

	for (size_t i = 0; i < k->n_words; i++) {
		if (strcasecmp(v, k->words[i].word))
			continue;
		out->valid = true;
		out->type = k->words[i].type;
		if (strcmp(v, k->words[i].word))
			emit(c, AG_NOTE, out->s, false,
			     "xl 4.%u matches `%s' case-sensitively and rejects %s; "
			     "write \"%s\" to keep the config usable with xl",
			     c->xl, k->key, ag_quote(q, v), k->words[i].word);
		return;
	}

	emit(c, AG_ERROR, out->s, false, "invalid %s %s: accepted values are %s",
	     k->key, ag_quote(q, v), k->accepted);
	xl = xl_prefix_reading(k, v);
	if (xl)
		emit(c, AG_NOTE, out->s, false,
		     "xl 4.%u would read %s as \"%s\": it accepts any prefix of "
		     "a value, trying \"hvm\" first", c->xl, ag_quote(q, v), xl);
}

static void note_builder_deprecated(struct policy_ctx *c,
				    const struct type_choice *b, enum ag_arch arch)
{
	const char *instead = "pvh";

	if (!ag_arch_is_arm(arch))
		instead = ag_guest_type_name(b->type);
	emit(c, AG_NOTE, b->s, true,
	     "`builder' is deprecated since Xen 4.10: write type = \"%s\" instead",
	     instead);
}

static void note_pvh_key(struct policy_ctx *c, enum ag_arch arch)
{
	const struct xlcfg_setting *s = xlcfg_find(c->cfg, "pvh");

	if (!s)
		return;
	if (ag_arch_is_arm(arch))
		emit(c, AG_NOTE, s, true,
		     "`pvh' is obsolete: it selected PVHv1, which Xen 4.9 removed, "
		     "and xl 4.%u ignores it; Arm guests are PVH anyway", c->xl);
	else
		emit(c, AG_NOTE, s, true,
		     "`pvh' is obsolete: it selected PVHv1, which Xen 4.9 removed, "
		     "and xl 4.%u ignores it; write type = \"pvh\" for a PVH guest", c->xl);
}

/* How a setting asked for a type, for messages: `type = "pv"`. */
static void describe(char *buf, size_t size, const struct xlcfg_setting *s,
		     enum ag_guest_type t)
{
	if (!strcmp(s->key, "builder"))
		snprintf(buf, size, "builder = \"%s\"",
			 t == AG_TYPE_PV ? "generic" : "hvm");
	else
		snprintf(buf, size, "type = \"%s\"", ag_guest_type_name(t));
}

/*
 * What each release's xl does with an HVM guest on Arm, measured: 4.17
 * makes the domain and fails to open tools/firmware's hvmloader, which is
 * built for x86 only; 4.19 and later assert in libxl_defbool_val, as the HVM
 * altp2m default moved to x86's defaults (tools/libs/light/libxl_create.c:
 * libxl__domain_config_setdefault, stable-4.20) and nothing sets it on Arm.
 */
static void xl_on_hvm(unsigned minor, char *buf, size_t size)
{
	if (minor >= 19)
		snprintf(buf, size, "xl 4.%u aborts on it: an assertion in libxl fails "
			 "(SIGABRT) before any domain exists", minor);
	else
		snprintf(buf, size, "xl 4.%u accepts it, creates the domain, then fails "
			 "looking for hvmloader", minor);
}

/* Arm: PV is built as PVH (libxl does the same: libxl_arm.c:
 * libxl__arch_domain_create_info_setdefault); HVM cannot work. */
static enum ag_guest_type arm_type(struct policy_ctx *c,
				   const struct xlcfg_setting *s,
				   enum ag_guest_type asked, bool strict)
{
	const char *fix;
	char what[64];

	if (asked == AG_TYPE_PVH)
		return AG_TYPE_PVH;
	describe(what, sizeof(what), s, asked);
	fix = strcmp(s->key, "builder") ? "write type = \"pvh\""
					: "write type = \"pvh\" instead of builder";
	if (asked == AG_TYPE_HVM) {
		char xl[96];

		xl_on_hvm(c->xl, xl, sizeof(xl));
		emit(c, AG_ERROR, s, false,
		     "%s cannot work on Arm: Arm guests have no device model and "
		     "no hvmloader (%s); %s", what, xl, fix);
		return AG_TYPE_HVM;
	}
	if (strict)
		emit(c, AG_ERROR, s, false,
		     "%s is refused with --strict: Arm has no PV guests "
		     "(xl 4.%u quietly builds them as PVH); %s", what, c->xl, fix);
	else
		emit(c, AG_NOTE, s, false,
		     "%s: Arm has no PV guests, so this guest is built as PVH, "
		     "exactly as xl 4.%u does; %s", what, c->xl, fix);
	return AG_TYPE_PVH;
}

int ag_type_resolve(const struct xlcfg *cfg, enum ag_arch arch, unsigned xen_minor,
		    bool strict, enum ag_guest_type *out, struct ag_pos *pos,
		    struct ag_diags *d)
{
	struct policy_ctx c = { .cfg = cfg, .xl = xen_minor, .d = d };
	struct type_choice t, b;
	const struct type_choice *decider = NULL;
	enum ag_guest_type type;

	read_type_key(&c, &type_key, &t);
	read_type_key(&c, &builder_key, &b);
	if (b.s && b.valid)
		note_builder_deprecated(&c, &b, arch);
	if (t.valid && b.valid && t.type != b.type)
		emit(&c, AG_ERROR, b.s, false,
		     "Contradicting \"builder\" and \"type\" options specified.");
	note_pvh_key(&c, arch);

	if (t.valid)
		decider = &t;
	else if (b.valid)
		decider = &b;

	if (decider) {
		type = decider->type;
		if (ag_arch_is_arm(arch) && !c.failed)
			type = arm_type(&c, decider->s, decider->type, strict);
	} else {
		/* xl's default is that of the architecture it was built for. */
		type = ag_arch_is_arm(arch) ? AG_TYPE_PVH : AG_TYPE_PV;
	}

	if (c.nomem)
		return -ENOMEM;
	if (c.failed)
		return -EINVAL;
	*out = type;
	if (pos) {
		pos->line = decider ? decider->s->value->line : 0;
		pos->col = decider ? decider->s->value->col : 0;
	}
	return 0;
}
