/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg parser.  libxlutil 4.17 parses with a bison LALR(1) parser, and
 * what it reports (which token is "unexpected", which are "expecting",
 * which later errors it still reports after one) follows from that
 * automaton: its default reductions and its error recovery.  To give the
 * same answers we run the same kind of automaton.  The states below were
 * derived by hand from the grammar (docs/xlcfg.md); each is named after the
 * items it stands for.
 *
 * Grammar (rule names in brackets):
 *   file       : stmts [FILE] | stmts assignment [FILE_ASSIGN]
 *   stmts      : (empty) [STMTS_EMPTY] | stmts stmt [STMTS_MORE]
 *   stmt       : assignment endstmt [STMT_ASSIGN] | endstmt [STMT_END]
 *              | error NEWLINE [STMT_ERROR]
 *   assignment : IDENT '=' value [ASSIGN_EQ] | IDENT "+=" value [ASSIGN_ADD]
 *   endstmt    : NEWLINE [END_NEWLINE] | ';' [END_SEMI]
 *   value      : atom [VALUE_ATOM] | '[' nlok valuelist ']' [VALUE_LIST]
 *   atom       : STRING [ATOM_STRING] | NUMBER [ATOM_NUMBER]
 *   valuelist  : (empty) [VL_EMPTY] | values [VL_VALUES]
 *              | values ',' nlok [VL_VALUES_COMMA]
 *   values     : value nlok [VALUES_FIRST]
 *              | values ',' nlok value nlok [VALUES_MORE]
 *   nlok       : (empty) [NLOK_EMPTY] | nlok NEWLINE [NLOK_MORE]
 *
 * Behaviour reproduced from bison's generated parser:
 *  - a state whose only action is one reduction reduces without reading
 *    the next token (so an assignment is stored before the token after it
 *    is read, and that token's lexical errors come after);
 *  - a state with some reduction and no error action uses it as the
 *    default for any token, so the error shows up in a later state;
 *  - "expecting" lists the tokens the failing state acts on, in token
 *    order, or nothing when there are more than four;
 *  - on an error it pops to a state that can shift `error', skips tokens
 *    up to a NEWLINE, and stays quiet until three tokens were shifted; at
 *    end of input during recovery, or with no such state, it gives up.
 */
#include "xlcfg_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lr_state {
	S_START,                /* $accept: . file $end */
	S_FILE,                 /* $accept: file . $end */
	S_STMTS,                /* file: stmts . | stmts . assignment;
				   stmts: stmts . stmt */
	S_ACCEPT,               /* $accept: file $end . */
	S_ERROR,                /* stmt: error . NEWLINE */
	S_IDENT,                /* assignment: IDENT . '=' value | . "+=" */
	S_ENDSTMT_NL,           /* endstmt: NEWLINE . */
	S_ENDSTMT_SEMI,         /* endstmt: ';' . */
	S_STMTS_STMT,           /* stmts: stmts stmt . */
	S_STMTS_ASSIGN,         /* file: stmts assignment .;
				   stmt: assignment . endstmt */
	S_STMT_END,             /* stmt: endstmt . */
	S_ERROR_NL,             /* stmt: error NEWLINE . */
	S_EQ,                   /* assignment: IDENT '=' . value */
	S_ADD,                  /* assignment: IDENT "+=" . value */
	S_ASSIGN_END,           /* stmt: assignment endstmt . */
	S_STRING,               /* atom: STRING . */
	S_NUMBER,               /* atom: NUMBER . */
	S_LBR,                  /* value: '[' . nlok valuelist ']' */
	S_ATOM,                 /* value: atom . */
	S_EQ_VALUE,             /* assignment: IDENT '=' value . */
	S_ADD_VALUE,            /* assignment: IDENT "+=" value . */
	S_LBR_NLOK,             /* value: '[' nlok . valuelist ']';
				   nlok: nlok . NEWLINE */
	S_NLOK_NL,              /* nlok: nlok NEWLINE . */
	S_VALUE1,               /* values: value . nlok */
	S_VL,                   /* value: '[' nlok valuelist . ']' */
	S_VALUES,               /* valuelist: values . | values . ',' nlok;
				   values: values . ',' nlok value nlok */
	S_VALUE1_NLOK,          /* values: value nlok .; nlok: nlok . NEWLINE */
	S_VL_RBR,               /* value: '[' nlok valuelist ']' . */
	S_VALUES_COMMA,         /* ...: values ',' . nlok ... */
	S_VALUES_COMMA_NLOK,    /* valuelist: values ',' nlok .;
				   values: values ',' nlok . value nlok */
	S_VALUEN,               /* values: values ',' nlok value . nlok */
	S_VALUEN_NLOK,          /* values: values ',' nlok value nlok . */
	S_COUNT
};

enum nonterm {
	N_FILE, N_STMTS, N_STMT, N_ASSIGNMENT, N_ENDSTMT, N_VALUE, N_ATOM,
	N_VALUELIST, N_VALUES, N_NLOK, N_COUNT
};

enum rule {
	R_FILE, R_FILE_ASSIGN, R_STMTS_EMPTY, R_STMTS_MORE, R_STMT_ASSIGN,
	R_STMT_END, R_STMT_ERROR, R_ASSIGN_EQ, R_ASSIGN_ADD, R_END_NEWLINE,
	R_END_SEMI, R_VALUE_ATOM, R_VALUE_LIST, R_ATOM_STRING, R_ATOM_NUMBER,
	R_VL_EMPTY, R_VL_VALUES, R_VL_VALUES_COMMA, R_VALUES_FIRST,
	R_VALUES_MORE, R_NLOK_EMPTY, R_NLOK_MORE, R_COUNT
};

static const struct {
	unsigned char lhs, len;
} rules[R_COUNT] = {
	[R_FILE] = { N_FILE, 1 },
	[R_FILE_ASSIGN] = { N_FILE, 2 },
	[R_STMTS_EMPTY] = { N_STMTS, 0 },
	[R_STMTS_MORE] = { N_STMTS, 2 },
	[R_STMT_ASSIGN] = { N_STMT, 2 },
	[R_STMT_END] = { N_STMT, 1 },
	[R_STMT_ERROR] = { N_STMT, 2 },
	[R_ASSIGN_EQ] = { N_ASSIGNMENT, 3 },
	[R_ASSIGN_ADD] = { N_ASSIGNMENT, 3 },
	[R_END_NEWLINE] = { N_ENDSTMT, 1 },
	[R_END_SEMI] = { N_ENDSTMT, 1 },
	[R_VALUE_ATOM] = { N_VALUE, 1 },
	[R_VALUE_LIST] = { N_VALUE, 4 },
	[R_ATOM_STRING] = { N_ATOM, 1 },
	[R_ATOM_NUMBER] = { N_ATOM, 1 },
	[R_VL_EMPTY] = { N_VALUELIST, 0 },
	[R_VL_VALUES] = { N_VALUELIST, 1 },
	[R_VL_VALUES_COMMA] = { N_VALUELIST, 3 },
	[R_VALUES_FIRST] = { N_VALUES, 2 },
	[R_VALUES_MORE] = { N_VALUES, 5 },
	[R_NLOK_EMPTY] = { N_NLOK, 0 },
	[R_NLOK_MORE] = { N_NLOK, 2 },
};

/* act[]: 0 none, SHIFT(s), REDUCE(r); defred: DEFAULT(r) or 0 none. */
#define SHIFT(s) ((signed char)((s) + 1))
#define REDUCE(r) ((signed char)(-(r) - 1))
#define DEFAULT(r) ((signed char)((r) + 1))

struct lr_row {
	signed char act[TOK_COUNT];
	signed char defred;
	unsigned char go[N_COUNT];
};

/* The tokens a value can start with, shifted from several states. */
#define VALUE_START \
	[TOK_STRING] = SHIFT(S_STRING), [TOK_NUMBER] = SHIFT(S_NUMBER), \
	[TOK_LBR] = SHIFT(S_LBR)

static const struct lr_row table[S_COUNT] = {
	[S_START] = { .defred = DEFAULT(R_STMTS_EMPTY),
		      .go = { [N_FILE] = S_FILE, [N_STMTS] = S_STMTS } },
	[S_FILE] = { .act = { [TOK_END] = SHIFT(S_ACCEPT) } },
	/* shifts `error', so bison gives it no default reduction */
	[S_STMTS] = { .act = { [TOK_END] = REDUCE(R_FILE),
			       [TOK_ERROR] = SHIFT(S_ERROR),
			       [TOK_IDENT] = SHIFT(S_IDENT),
			       [TOK_NEWLINE] = SHIFT(S_ENDSTMT_NL),
			       [TOK_SEMI] = SHIFT(S_ENDSTMT_SEMI) },
		      .go = { [N_STMT] = S_STMTS_STMT,
			      [N_ASSIGNMENT] = S_STMTS_ASSIGN,
			      [N_ENDSTMT] = S_STMT_END } },
	[S_ERROR] = { .act = { [TOK_NEWLINE] = SHIFT(S_ERROR_NL) } },
	[S_IDENT] = { .act = { [TOK_ADD] = SHIFT(S_ADD),
			       [TOK_EQ] = SHIFT(S_EQ) } },
	[S_ENDSTMT_NL] = { .defred = DEFAULT(R_END_NEWLINE) },
	[S_ENDSTMT_SEMI] = { .defred = DEFAULT(R_END_SEMI) },
	[S_STMTS_STMT] = { .defred = DEFAULT(R_STMTS_MORE) },
	[S_STMTS_ASSIGN] = { .act = { [TOK_NEWLINE] = SHIFT(S_ENDSTMT_NL),
				      [TOK_SEMI] = SHIFT(S_ENDSTMT_SEMI) },
			     .defred = DEFAULT(R_FILE_ASSIGN),
			     .go = { [N_ENDSTMT] = S_ASSIGN_END } },
	[S_STMT_END] = { .defred = DEFAULT(R_STMT_END) },
	[S_ERROR_NL] = { .defred = DEFAULT(R_STMT_ERROR) },
	[S_EQ] = { .act = { VALUE_START },
		   .go = { [N_VALUE] = S_EQ_VALUE, [N_ATOM] = S_ATOM } },
	[S_ADD] = { .act = { VALUE_START },
		    .go = { [N_VALUE] = S_ADD_VALUE, [N_ATOM] = S_ATOM } },
	[S_ASSIGN_END] = { .defred = DEFAULT(R_STMT_ASSIGN) },
	[S_STRING] = { .defred = DEFAULT(R_ATOM_STRING) },
	[S_NUMBER] = { .defred = DEFAULT(R_ATOM_NUMBER) },
	[S_LBR] = { .defred = DEFAULT(R_NLOK_EMPTY),
		    .go = { [N_NLOK] = S_LBR_NLOK } },
	[S_ATOM] = { .defred = DEFAULT(R_VALUE_ATOM) },
	[S_EQ_VALUE] = { .defred = DEFAULT(R_ASSIGN_EQ) },
	[S_ADD_VALUE] = { .defred = DEFAULT(R_ASSIGN_ADD) },
	[S_LBR_NLOK] = { .act = { [TOK_NEWLINE] = SHIFT(S_NLOK_NL), VALUE_START },
			 .defred = DEFAULT(R_VL_EMPTY),
			 .go = { [N_VALUELIST] = S_VL, [N_VALUES] = S_VALUES,
				 [N_VALUE] = S_VALUE1, [N_ATOM] = S_ATOM } },
	[S_NLOK_NL] = { .defred = DEFAULT(R_NLOK_MORE) },
	[S_VALUE1] = { .defred = DEFAULT(R_NLOK_EMPTY),
		       .go = { [N_NLOK] = S_VALUE1_NLOK } },
	[S_VL] = { .act = { [TOK_RBR] = SHIFT(S_VL_RBR) } },
	[S_VALUES] = { .act = { [TOK_COMMA] = SHIFT(S_VALUES_COMMA) },
		       .defred = DEFAULT(R_VL_VALUES) },
	[S_VALUE1_NLOK] = { .act = { [TOK_NEWLINE] = SHIFT(S_NLOK_NL) },
			    .defred = DEFAULT(R_VALUES_FIRST) },
	[S_VL_RBR] = { .defred = DEFAULT(R_VALUE_LIST) },
	[S_VALUES_COMMA] = { .defred = DEFAULT(R_NLOK_EMPTY),
			     .go = { [N_NLOK] = S_VALUES_COMMA_NLOK } },
	[S_VALUES_COMMA_NLOK] = { .act = { [TOK_NEWLINE] = SHIFT(S_NLOK_NL),
					   VALUE_START },
				  .defred = DEFAULT(R_VL_VALUES_COMMA),
				  .go = { [N_VALUE] = S_VALUEN,
					  [N_ATOM] = S_ATOM } },
	[S_VALUEN] = { .defred = DEFAULT(R_NLOK_EMPTY),
		       .go = { [N_NLOK] = S_VALUEN_NLOK } },
	[S_VALUEN_NLOK] = { .act = { [TOK_NEWLINE] = SHIFT(S_NLOK_NL) },
			    .defred = DEFAULT(R_VALUES_MORE) },
};

/* Token names as libxlutil's messages print them. */
static const char *const token_names[TOK_COUNT] = {
	[TOK_END] = "$end", [TOK_ERROR] = "error", [TOK_UNDEF] = "$undefined",
	[TOK_IDENT] = "IDENT", [TOK_STRING] = "STRING", [TOK_NUMBER] = "NUMBER",
	[TOK_NEWLINE] = "NEWLINE", [TOK_ADD] = "+=", [TOK_EQ] = "'='",
	[TOK_SEMI] = "';'", [TOK_LBR] = "'['", [TOK_RBR] = "']'",
	[TOK_COMMA] = "','",
};

/* bison lists at most this many expected tokens, else none */
#define MAX_EXPECTED 4
/*
 * Parser stack bound: a nesting level holds at most 5 states ('[', nlok,
 * values, ',', nlok) and the innermost level and the statement a few more.
 */
#define STACK_MAX (16 + 6 * (XLCFG_MAX_DEPTH + 1))

struct slot {
	unsigned char state;
	struct xlcfg_token tok;         /* the terminal shifted into it */
	struct xlcfg_value *val;        /* value, valuelist, values, atom */
};

struct parser {
	struct xlcfg_pctx *p;
	struct slot *stack;
	size_t n;                       /* slots in use */
	unsigned depth;                 /* '[' on the stack */
};

/* --- diagnostics ------------------------------------------------------- */

static void add_diag(struct xlcfg_pctx *p, enum ag_severity sev,
		     unsigned line, unsigned col, const char *msg)
{
	char *key = NULL;

	if (!p->d)
		return;
	if (p->key) {
		key = strndup(p->key, p->key_len);
		if (!key) {
			p->nomem = true;
			return;
		}
	}
	if (ag_diag_add(p->d, sev, p->cfg->source, line, col, key, "%s", msg))
		p->nomem = true;
	free(key);
}

void xlcfg_report(struct xlcfg_pctx *p, enum ag_severity sev, unsigned line,
		  unsigned col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	add_diag(p, sev, line, col, msg);
}

void xlcfg_parse_error(struct xlcfg_pctx *p, unsigned xlu_line,
		       unsigned line, unsigned col, const char *msg)
{
	const char *text = p->src + p->near_off;
	size_t n = p->near_len;
	bool newline = false;
	char *full;

	if ((long)xlu_line <= p->lexerr_line)
		return;
	p->err = true;
	if (!p->near_end) {
		if (n && text[n - 1] == '\n') {
			n--;
			newline = n == 0;
		}
		while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
			n--;
	}
	if (asprintf(&full, "config parsing error near %s%.*s%s%s: %s",
		     n || p->near_end ? "`" : "", (int)n, text,
		     n || p->near_end ? "'" : "",
		     newline ? "<newline>" : "", msg) < 0) {
		p->nomem = true;
		return;
	}
	add_diag(p, AG_ERROR, line, col, full);
	free(full);
}

void xlcfg_lexical_error(struct xlcfg_pctx *p, unsigned xlu_line,
			 unsigned line, unsigned col, const char *msg)
{
	xlcfg_parse_error(p, xlu_line, line, col, msg);
	p->err = true;
	p->lexerr_line = xlu_line;
}

static void syntax_error(struct xlcfg_pctx *p, enum lr_state state,
			 const struct xlcfg_token *la)
{
	const char *expected[MAX_EXPECTED];
	char msg[256];
	size_t n = 0, used;
	bool too_many = false;

	for (int t = 0; t < TOK_COUNT; t++) {
		if (t == TOK_ERROR || !table[state].act[t])
			continue;
		if (n == MAX_EXPECTED) {
			too_many = true;
			break;
		}
		expected[n++] = token_names[t];
	}
	if (too_many)
		n = 0;
	used = (size_t)snprintf(msg, sizeof(msg), "syntax error, unexpected %s",
				token_names[la->kind]);
	for (size_t i = 0; i < n && used < sizeof(msg); i++)
		used += (size_t)snprintf(msg + used, sizeof(msg) - used, "%s%s",
					 i ? " or " : ", expecting ",
					 expected[i]);
	xlcfg_parse_error(p, p->lloc_line, la->line, la->col, msg);
}

/* --- the stack --------------------------------------------------------- */

static void slot_clear(struct slot *s)
{
	free(s->tok.str);
	s->tok.str = NULL;
	xlcfg_value_free(s->val);
	s->val = NULL;
}

static void pop(struct parser *ps, size_t count)
{
	while (count--) {
		struct slot *s = &ps->stack[--ps->n];

		if (s->state == S_LBR)
			ps->depth--;
		if (s->state == S_IDENT)
			ps->p->key = NULL;
		slot_clear(s);
	}
}

/* Push a state; takes the token's string and val.  false when full. */
static bool push(struct parser *ps, enum lr_state state,
		 const struct xlcfg_token *tok, struct xlcfg_value *val)
{
	struct slot *s;

	if (ps->n == STACK_MAX) {
		/* cannot happen within XLCFG_MAX_DEPTH; refuse rather than grow */
		xlcfg_report(ps->p, AG_ERROR, ps->p->line, ps->p->col,
			     "config too deeply structured (parser stack full)");
		ps->p->err = true;
		ps->p->stop = true;
		return false;
	}
	s = &ps->stack[ps->n++];
	s->state = (unsigned char)state;
	if (tok)
		s->tok = *tok;
	else
		memset(&s->tok, 0, sizeof(s->tok));
	s->val = val;
	if (state == S_LBR)
		ps->depth++;
	return true;
}

/* --- semantic actions -------------------------------------------------- */

static void out_of_memory(struct xlcfg_pctx *p)
{
	p->nomem = true;
	p->err = true;
	p->stop = true;
}

static struct xlcfg_value *make_atom(struct xlcfg_pctx *p,
				     const struct xlcfg_token *t)
{
	struct xlcfg_value *v;

	if (p->err || !t->str)
		return NULL;
	v = xlcfg_value_string(t->str, t->slen, t->line, t->col);
	if (!v)
		out_of_memory(p);
	return v;
}

static struct xlcfg_value *make_list(struct xlcfg_pctx *p,
				     struct xlcfg_value *first)
{
	struct xlcfg_value *l;

	if (p->err) {
		xlcfg_value_free(first);
		return NULL;
	}
	l = xlcfg_value_list(0, 0);
	if (!l || (first && xlcfg_list_append(l, first))) {
		xlcfg_value_free(l);
		xlcfg_value_free(first);
		out_of_memory(p);
		return NULL;
	}
	return l;
}

static void append(struct xlcfg_pctx *p, struct xlcfg_value *list,
		   struct xlcfg_value *item)
{
	if (p->err || !list || !item) {
		xlcfg_value_free(item);
		return;
	}
	if (xlcfg_list_append(list, item)) {
		xlcfg_value_free(item);
		out_of_memory(p);
	}
}

/* libxlutil's set_store: nothing is stored once the parse has failed. */
static void store(struct xlcfg_pctx *p, const struct xlcfg_token *key,
		  struct xlcfg_value *v, bool addition)
{
	char *k;
	int e;

	if (p->err || !v) {
		xlcfg_value_free(v);
		return;
	}
	k = strndup(p->src + key->off, key->len);
	if (!k) {
		xlcfg_value_free(v);
		out_of_memory(p);
		return;
	}
	if (addition)
		e = xlcfg_set_addition(p->cfg, k, key->line, key->col, v);
	else
		e = xlcfg_set(p->cfg, k, key->line, key->col, false, v);
	free(k);
	if (!e)
		return;
	xlcfg_value_free(v);
	if (e != -EINVAL) {
		out_of_memory(p);
		return;
	}
	/* reported like libxlutil: at the token read last, the value's end */
	xlcfg_lexical_error(p, p->line, p->near_line, p->near_col,
			    "can't add [list] to \"string\" or vice versa");
}

/* Run rule r's action on the top slots; returns the value it produces. */
static struct xlcfg_value *action(struct parser *ps, enum rule r)
{
	struct xlcfg_pctx *p = ps->p;
	struct slot *rhs = &ps->stack[ps->n - rules[r].len];
	struct xlcfg_value *v = NULL;

	switch (r) {
	case R_ATOM_STRING:
	case R_ATOM_NUMBER:
		return make_atom(p, &rhs[0].tok);
	case R_VALUE_ATOM:
	case R_VL_VALUES:
	case R_VL_VALUES_COMMA:
		v = rhs[0].val;
		rhs[0].val = NULL;
		return v;
	case R_VALUE_LIST:
		v = rhs[2].val;
		rhs[2].val = NULL;
		if (v) {
			v->line = rhs[0].tok.line;
			v->col = rhs[0].tok.col;
		}
		return v;
	case R_VL_EMPTY:
		return make_list(p, NULL);
	case R_VALUES_FIRST:
		v = make_list(p, rhs[0].val);
		rhs[0].val = NULL;
		return v;
	case R_VALUES_MORE:
		v = rhs[0].val;
		rhs[0].val = NULL;
		append(p, v, rhs[3].val);
		rhs[3].val = NULL;
		return v;
	case R_ASSIGN_EQ:
	case R_ASSIGN_ADD:
		store(p, &rhs[0].tok, rhs[2].val, r == R_ASSIGN_ADD);
		rhs[2].val = NULL;
		p->key = NULL;          /* the statement's key is done */
		return NULL;
	default:
		return NULL;
	}
}

static bool reduce(struct parser *ps, enum rule r)
{
	struct xlcfg_value *v = action(ps, r);
	enum lr_state from;

	pop(ps, rules[r].len);
	from = ps->stack[ps->n - 1].state;
	if (!push(ps, table[from].go[rules[r].lhs], NULL, v)) {
		xlcfg_value_free(v);
		return false;
	}
	return true;
}

/* --- the driver -------------------------------------------------------- */

static bool reads_token(enum lr_state s)
{
	for (int t = 0; t < TOK_COUNT; t++)
		if (table[s].act[t])
			return true;
	return false;
}

static bool shift(struct parser *ps, enum lr_state to, struct xlcfg_token *la)
{
	struct xlcfg_pctx *p = ps->p;

	if (to == S_LBR && ps->depth == XLCFG_MAX_DEPTH) {
		xlcfg_report(p, AG_ERROR, la->line, la->col,
			     "lists nested more than %d deep are refused",
			     XLCFG_MAX_DEPTH);
		p->err = true;
		p->stop = true;
		return false;
	}
	if (to == S_IDENT) {
		p->key = p->src + la->off;
		p->key_len = la->len;
	}
	if (!push(ps, to, la, NULL))
		return false;
	la->str = NULL;         /* now owned by the slot */
	return true;
}

/*
 * Error recovery: pop to a state that shifts `error' and shift it.
 * false when there is none (bison gives up).
 */
static bool recover(struct parser *ps)
{
	while (table[ps->stack[ps->n - 1].state].act[TOK_ERROR] <= 0) {
		if (ps->n == 1)
			return false;
		pop(ps, 1);
	}
	return push(ps, table[ps->stack[ps->n - 1].state].act[TOK_ERROR] - 1,
		    NULL, NULL);
}

static int run(struct parser *ps)
{
	struct xlcfg_pctx *p = ps->p;
	struct xlcfg_token la = { 0 };
	bool have_la = false;
	int errstatus = 0;      /* bison's yyerrstatus */

	push(ps, S_START, NULL, NULL);
	while (!p->stop) {
		enum lr_state state = ps->stack[ps->n - 1].state;
		signed char act = 0;

		if (state == S_ACCEPT)
			break;
		if (reads_token(state)) {
			if (!have_la) {
				if (xlcfg_lex(p, &la)) {
					out_of_memory(p);
					break;
				}
				have_la = true;
			}
			act = table[state].act[la.kind];
		}
		if (act > 0) {
			if (!shift(ps, act - 1, &la))
				break;
			have_la = false;
			if (errstatus)
				errstatus--;
			continue;
		}
		if (act < 0 || table[state].defred) {
			if (!reduce(ps, act < 0 ? -act - 1 : table[state].defred - 1))
				break;
			continue;
		}
		if (!errstatus)
			syntax_error(p, state, &la);
		if (errstatus == 3) {
			if (la.kind == TOK_END)
				break;
			free(la.str);
			la.str = NULL;
			have_la = false;
		}
		errstatus = 3;
		if (!recover(ps))
			break;
	}
	if (have_la)
		free(la.str);
	pop(ps, ps->n);
	return p->nomem ? -ENOMEM : 0;
}

/* --- entry point ------------------------------------------------------- */

static void python_hint(struct xlcfg_pctx *p)
{
	static const char *const lines[] = {
		XLCFG_PYTHON_HINT1, XLCFG_PYTHON_HINT2, XLCFG_PYTHON_HINT3,
	};

	p->key = NULL;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		add_diag(p, AG_WARNING, p->py_line, p->py_col, lines[i]);
}

/* A NUL byte: xl.cfg is text, and libxlutil misreads the rest. */
static bool refuse_nul(struct xlcfg *cfg, const char *text, size_t len,
		       struct ag_diags *d)
{
	const char *nul = memchr(text, '\0', len);
	unsigned line = 1, col = 1;

	if (!nul)
		return false;
	for (const char *s = text; s < nul; s++) {
		if (*s == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (d)
		ag_diag_add(d, AG_ERROR, cfg->source, line, col, NULL,
			    "NUL byte in the config file: it is not a text "
			    "file (xl 4.17 would misread it)");
	return true;
}

int xlcfg_parse(const char *source, const char *text, size_t len,
		struct xlcfg **out, struct ag_diags *d)
{
	struct xlcfg_pctx p = { 0 };
	struct parser ps = { .p = &p };
	struct xlcfg *cfg;
	int e;

	*out = NULL;
	cfg = xlcfg_new(source);
	if (!cfg)
		return -ENOMEM;
	if (len > XLCFG_MAX_FILE_SIZE) {
		if (d)
			ag_diag_add(d, AG_ERROR, cfg->source, 0, 0, NULL,
				    "config file is %zu bytes; armguest reads at "
				    "most %u", len, XLCFG_MAX_FILE_SIZE);
		xlcfg_free(cfg);
		return -EFBIG;
	}
	if (refuse_nul(cfg, text, len, d)) {
		*out = cfg;
		return -EINVAL;
	}
	ps.stack = calloc(STACK_MAX, sizeof(*ps.stack));
	if (!ps.stack) {
		xlcfg_free(cfg);
		return -ENOMEM;
	}
	p.src = text;
	p.len = len;
	p.cfg = cfg;
	p.d = d;
	p.line = p.col = 1;
	p.lexerr_line = -1;
	e = run(&ps);
	free(ps.stack);
	if (!e && p.err && p.likely_python)
		python_hint(&p);
	if (e || p.nomem) {
		xlcfg_free(cfg);
		return -ENOMEM;
	}
	*out = cfg;
	return p.err ? -EINVAL : 0;
}
