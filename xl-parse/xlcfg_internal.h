/* SPDX-License-Identifier: MIT */
/*
 * Shared state of the xl.cfg lexer (xlcfg_lex.c) and parser
 * (xlcfg_parse.c).  Not part of the public interface.
 *
 * The two halves reproduce libxlutil 4.17 closely enough that the same
 * messages come out in the same order: the lexer keeps the line numbers
 * libxlutil's scanner would use (they decide which messages libxlutil
 * suppresses) next to the true line and column we report.
 */
#ifndef AG_XLCFG_INTERNAL_H
#define AG_XLCFG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "xlcfg.h"

/*
 * Terminal symbols.  The order is the one libxlutil's bison parser numbers
 * them in; "expecting A or B" lists are printed in this order.
 */
enum xlcfg_tok {
	TOK_END,
	TOK_ERROR,      /* bison's error pseudo-token, used by recovery */
	TOK_UNDEF,      /* never produced; keeps the numbering */
	TOK_IDENT,
	TOK_STRING,
	TOK_NUMBER,
	TOK_NEWLINE,
	TOK_ADD,
	TOK_EQ,
	TOK_SEMI,
	TOK_LBR,
	TOK_RBR,
	TOK_COMMA,
	TOK_COUNT
};

struct xlcfg_token {
	enum xlcfg_tok kind;
	size_t off, len;        /* the token's text in the source */
	unsigned line, col;     /* true position of its first byte */
	char *str;              /* STRING, NUMBER: the value (owned); NULL
				   once the parse has failed */
	size_t slen;
};

struct xlcfg_pctx {
	const char *src;
	size_t len;
	struct xlcfg *cfg;
	struct ag_diags *d;

	/* lexer position; line is also libxlutil's yylineno */
	size_t pos;
	unsigned line, col;

	/*
	 * "near `...'" text: the text of the token read last.  At end of
	 * input it is what libxlutil's scanner had pending (a bad last byte)
	 * and is shown even when empty.
	 */
	size_t near_off, near_len;
	bool near_end;
	unsigned near_line, near_col;   /* true position of that token */
	size_t pending_off, pending_len;/* bad byte left unreported at EOF */
	unsigned pending_line, pending_col;
	unsigned lloc_line;             /* libxlutil's line of the last token */

	/* libxlutil's error state */
	bool err;                       /* the parse has failed */
	long lexerr_line;               /* messages on lines <= this are dropped */
	bool likely_python;
	unsigned py_line, py_col;

	/* our additions */
	bool crlf_warned;
	bool nomem;
	bool stop;                      /* a resource bound was hit: stop */

	/* key of the assignment being parsed (points into src), or NULL */
	const char *key;
	size_t key_len;
};

/* Read the next token (libxlutil's scanner rules).  0 or -ENOMEM. */
int xlcfg_lex(struct xlcfg_pctx *p, struct xlcfg_token *t);

/*
 * libxlutil's yyerror: drop the message if xlu_line <= lexerr_line, else
 * report "config parsing error near <token>: msg" at line:col and fail the
 * parse.  The near text is the last token read.
 */
void xlcfg_parse_error(struct xlcfg_pctx *p, unsigned xlu_line,
		       unsigned line, unsigned col, const char *msg);

/* libxlutil's lexical error: as above, then suppress lines <= xlu_line. */
void xlcfg_lexical_error(struct xlcfg_pctx *p, unsigned xlu_line,
			 unsigned line, unsigned col, const char *msg);

/* A diagnostic of our own (not one libxlutil prints), with the current key. */
void xlcfg_report(struct xlcfg_pctx *p, enum ag_severity sev, unsigned line,
		  unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
