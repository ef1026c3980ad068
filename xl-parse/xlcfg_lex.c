/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg lexer: the token rules of libxlutil 4.17's flex scanner, by hand.
 *
 * Rules, first match wins among equally long matches, longest match
 * overall (see docs/xlcfg.md):
 *   IDENT [a-z][._0-9a-z]*   NUMBER [0-9][0-9a-fx]*   blanks: space, tab
 *   , [ ] += = ;   NEWLINE: \n, or # up to and including the next \n
 *   STRING: '...' or "..." (no raw newline; backslash escapes one byte)
 *   any other byte starts a lexical error that runs to the next blank or
 *   newline; + - . ( ) : also mark the file as "likely Python".
 * A bad byte that is the very last byte of the input is never reported
 * (libxlutil's scanner hits end of file first); the parser then sees $end.
 *
 * Our additions: \r\n is a newline (with one warning), and \xHH escapes
 * work (with a warning); see docs/xlcfg.md.
 */
#include "xlcfg_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_';
}

static bool is_number_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

static bool is_python_char(unsigned char c)
{
	return c && strchr("+-.():", c);
}

static bool at_crlf(const struct xlcfg_pctx *p, size_t i)
{
	return i + 1 < p->len && p->src[i] == '\r' && p->src[i + 1] == '\n';
}

static void advance(struct xlcfg_pctx *p, size_t n)
{
	for (; n; n--, p->pos++) {
		if (p->src[p->pos] == '\n') {
			p->line++;
			p->col = 1;
		} else {
			p->col++;
		}
	}
}

static void set_near(struct xlcfg_pctx *p, size_t off, size_t len,
		     unsigned line, unsigned col)
{
	p->near_off = off;
	p->near_len = len;
	p->near_end = false;
	p->near_line = line;
	p->near_col = col;
}

static void begin(struct xlcfg_pctx *p, struct xlcfg_token *t,
		  enum xlcfg_tok kind)
{
	t->kind = kind;
	t->off = p->pos;
	t->len = 0;
	t->line = p->line;
	t->col = p->col;
	t->str = NULL;
	t->slen = 0;
}

/* A token of n bytes on one line: libxlutil gives it the current line. */
static void take(struct xlcfg_pctx *p, struct xlcfg_token *t,
		 enum xlcfg_tok kind, size_t n)
{
	begin(p, t, kind);
	t->len = n;
	advance(p, n);
	set_near(p, t->off, n, t->line, t->col);
	p->lloc_line = p->line;
}

/* A NEWLINE token: libxlutil gives it the line of its \n. */
static void take_newline(struct xlcfg_pctx *p, struct xlcfg_token *t,
			 size_t n, size_t near_skip)
{
	begin(p, t, TOK_NEWLINE);
	t->len = n;
	advance(p, n);
	set_near(p, t->off + near_skip, n - near_skip, t->line, t->col);
	p->lloc_line = p->line - 1;
}

static void warn_crlf_once(struct xlcfg_pctx *p)
{
	if (p->crlf_warned)
		return;
	p->crlf_warned = true;
	xlcfg_report(p, AG_WARNING, p->line, p->col,
		     "CRLF (DOS) line endings: armguest reads \\r\\n as a newline, "
		     "but xl 4.17 rejects this file (a lexical error at every \\r); "
		     "convert it with dos2unix");
}

/*
 * A byte no rule accepts.  libxlutil collects it and the bytes up to the
 * next blank or newline and reports them together.  Returns true when the
 * error run ended in a newline, which libxlutil then returns as a NEWLINE
 * token (into t) dated one line later.
 */
static bool lex_bad(struct xlcfg_pctx *p, struct xlcfg_token *t)
{
	size_t start = p->pos;
	unsigned line = p->line, col = p->col;
	unsigned char c;

	if (is_python_char((unsigned char)p->src[start]) && !p->likely_python) {
		p->likely_python = true;
		p->py_line = line;
		p->py_col = col;
	}
	advance(p, 1);
	if (p->pos == p->len) {
		p->pending_off = start;
		p->pending_len = 1;
		p->pending_line = line;
		p->pending_col = col;
		return false;
	}
	c = (unsigned char)p->src[p->pos];
	if (c == ' ' || c == '\t') {
		advance(p, 1);
	} else if (c == '\n') {
		begin(p, t, TOK_NEWLINE);
		t->len = 1;
		advance(p, 1);
		set_near(p, start, p->pos - start, line, col);
		xlcfg_lexical_error(p, p->line, line, col, "lexical error");
		p->lloc_line = p->line;
		return true;
	} else {
		while (p->pos < p->len && !strchr(" \t\n", p->src[p->pos]) &&
		       !at_crlf(p, p->pos))
			advance(p, 1);
	}
	set_near(p, start, p->pos - start, line, col);
	xlcfg_lexical_error(p, p->line, line, col, "lexical error");
	return false;
}

/* Length of the quoted string at pos, 0 if it is not terminated. */
static size_t scan_string(const struct xlcfg_pctx *p)
{
	char q = p->src[p->pos];
	size_t i = p->pos + 1;

	while (i < p->len) {
		char c = p->src[i];

		if (c == q)
			return i + 1 - p->pos;
		if (c == '\n')
			return 0;
		if (c == '\\') {
			if (i + 1 >= p->len || p->src[i + 1] == '\n')
				return 0;
			i += 2;
		} else {
			i++;
		}
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * How many of the (at most 3) bytes at s..end libxlutil's octal-escape code
 * consumes: it parses them with strtoul(base 10), which skips white space
 * and takes a sign.  0 means no number.
 */
static size_t decimal_prefix(const char *s, const char *end)
{
	size_t n = (size_t)(end - s) < 3 ? (size_t)(end - s) : 3;
	size_t i = 0, digits = 0;

	while (i < n && s[i] && strchr(" \t\n\v\f\r", s[i]))
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	return digits ? i : 0;
}

struct dequote {
	struct xlcfg_pctx *p;
	const struct xlcfg_token *t;
	const char *body, *end;         /* between the quotes */
};

static unsigned col_of(const struct dequote *dq, const char *at)
{
	return dq->t->col + (unsigned)(at - (dq->p->src + dq->t->off));
}

static void escape_error(const struct dequote *dq, const char *bs,
			 const char *msg)
{
	xlcfg_lexical_error(dq->p, dq->p->line, dq->t->line, col_of(dq, bs), msg);
	dq->p->err = true;
}

/* \xHH: our extension (libxlutil refuses every \x).  Returns bytes used. */
static size_t hex_escape(const struct dequote *dq, const char *bs, char *out,
			 bool *ok)
{
	const char *h = bs + 2;
	int hi = h < dq->end ? hexval(h[0]) : -1;
	int lo = h + 1 < dq->end ? hexval(h[1]) : -1;

	*ok = false;
	if (hi < 0 || lo < 0) {
		escape_error(dq, bs, "invalid digit after backslash hexnumerical "
			     "character escape in quoted string");
		return 0;
	}
	if (hi == 0 && lo == 0) {
		xlcfg_report(dq->p, AG_ERROR, dq->t->line, col_of(dq, bs),
			     "`\\x00' would put a NUL byte in the string");
		dq->p->err = true;
		return 0;
	}
	*out = (char)(hi * 16 + lo);
	xlcfg_report(dq->p, AG_WARNING, dq->t->line, col_of(dq, bs),
		     "`\\x%.2s' is read as the byte 0x%02x, but xl 4.17 cannot "
		     "read this file: its libxlutil rejects every \\x escape",
		     h, (unsigned char)*out);
	*ok = true;
	return 4;
}

/*
 * \ followed by an octal digit: libxlutil consumes the digit and a decimal
 * number of up to 3 bytes after it, and emits nothing.  We do the same and
 * say so.  Returns bytes used, 0 on error.
 */
static size_t octal_escape(const struct dequote *dq, const char *bs)
{
	/* libxlutil's buffer may include the closing quote */
	const char *num = bs + 2;
	size_t n = decimal_prefix(num, dq->end + 1);

	if (n < 2) {
		escape_error(dq, bs, "invalid digit after backslash octalnumerical "
			     "character escape in quoted string");
		return 0;
	}
	xlcfg_report(dq->p, AG_WARNING, dq->t->line, col_of(dq, bs),
		     "xl 4.17 drops `%.*s' from this string: libxlutil has no "
		     "octal escapes (it discards the backslash, the digit and "
		     "the number after it)", (int)(n + 2), bs);
	return n + 2;
}

static char simple_escape(char c)
{
	switch (c) {
	case '"':
	case '\'':
	case '\\':
		return c;
	case 'a':
		return '\a';
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'v':
		return '\v';
	}
	return 0;
}

/* Dequote a STRING token into t->str (libxlutil's rules, our \x). */
static int dequote(struct xlcfg_pctx *p, struct xlcfg_token *t)
{
	struct dequote dq = { .p = p, .t = t };
	const char *s;
	char *out, *o;

	dq.body = p->src + t->off + 1;
	dq.end = p->src + t->off + t->len - 1;
	out = malloc(t->len);
	if (!out)
		return -ENOMEM;
	o = out;
	for (s = dq.body; s < dq.end;) {
		size_t used = 0;
		bool ok = true;
		char c;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		c = simple_escape(s[1]);
		if (c) {
			*o++ = c;
			used = 2;
		} else if (s[1] == 'x') {
			used = hex_escape(&dq, s, o, &ok);
			if (ok)
				o++;
		} else if (s[1] >= '0' && s[1] <= '7') {
			used = octal_escape(&dq, s);
		} else {
			escape_error(&dq, s, "invalid character after backlash "
				     "in quoted string");
		}
		if (!used) {
			free(out);
			return 0;
		}
		s += used;
	}
	*o = '\0';
	t->str = out;
	t->slen = (size_t)(o - out);
	return 0;
}

static int lex_string(struct xlcfg_pctx *p, struct xlcfg_token *t, size_t n)
{
	take(p, t, TOK_STRING, n);
	/* libxlutil stops dequoting (and checking escapes) after any error */
	if (p->err)
		return 0;
	return dequote(p, t);
}

static int lex_number(struct xlcfg_pctx *p, struct xlcfg_token *t, size_t n)
{
	take(p, t, TOK_NUMBER, n);
	if (p->err)
		return 0;
	t->str = strndup(p->src + t->off, n);
	if (!t->str)
		return -ENOMEM;
	t->slen = n;
	return 0;
}

static size_t run_length(const struct xlcfg_pctx *p, bool (*ok)(unsigned char))
{
	size_t i = p->pos + 1;

	while (i < p->len && ok((unsigned char)p->src[i]))
		i++;
	return i - p->pos;
}

static void lex_end(struct xlcfg_pctx *p, struct xlcfg_token *t)
{
	begin(p, t, TOK_END);
	p->near_off = p->pending_off;
	p->near_len = p->pending_len;
	p->near_end = true;
	if (p->pending_len) {
		/* point at the unreported bad byte rather than past it */
		t->line = p->pending_line;
		t->col = p->pending_col;
	}
	p->near_line = t->line;
	p->near_col = t->col;
}

int xlcfg_lex(struct xlcfg_pctx *p, struct xlcfg_token *t)
{
	for (;;) {
		unsigned char c;
		const char *nl;
		size_t n;

		if (p->pos >= p->len) {
			lex_end(p, t);
			return 0;
		}
		c = (unsigned char)p->src[p->pos];
		switch (c) {
		case ' ':
		case '\t':
			advance(p, 1);
			continue;
		case '\n':
			take_newline(p, t, 1, 0);
			return 0;
		case '#':
			nl = memchr(p->src + p->pos, '\n', p->len - p->pos);
			if (!nl)
				break;
			take_newline(p, t, (size_t)(nl - (p->src + p->pos)) + 1, 0);
			return 0;
		case '\r':
			if (!at_crlf(p, p->pos))
				break;
			warn_crlf_once(p);
			take_newline(p, t, 2, 1);
			return 0;
		case ',':
			take(p, t, TOK_COMMA, 1);
			return 0;
		case '[':
			take(p, t, TOK_LBR, 1);
			return 0;
		case ']':
			take(p, t, TOK_RBR, 1);
			return 0;
		case ';':
			take(p, t, TOK_SEMI, 1);
			return 0;
		case '=':
			take(p, t, TOK_EQ, 1);
			return 0;
		case '+':
			if (p->pos + 1 < p->len && p->src[p->pos + 1] == '=') {
				take(p, t, TOK_ADD, 2);
				return 0;
			}
			break;
		case '"':
		case '\'':
			n = scan_string(p);
			if (n)
				return lex_string(p, t, n);
			break;
		default:
			if (c >= 'a' && c <= 'z') {
				take(p, t, TOK_IDENT, run_length(p, is_ident_char));
				return 0;
			}
			if (c >= '0' && c <= '9')
				return lex_number(p, t, run_length(p, is_number_char));
			break;
		}
		if (lex_bad(p, t))
			return 0;
	}
}
