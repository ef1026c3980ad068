/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg model and parser, read the way Xen 4.17's libxlutil reads it.
 *
 * The parser turns config text into an ordered list of settings, each with
 * the position of its key and value.  Values are strings or (nested) lists of
 * values; numbers are kept as their literal text, exactly as libxlutil does,
 * and only the typed accessors below convert them.
 *
 * The accessors follow libxlutil's rules and return its errno values:
 * 0 (found), ESRCH (absent), EINVAL or ERANGE (present but unusable).  Where
 * libxlutil prints a warning, they append one to the diagnostics list with
 * the same text (unless dont_warn), positioned at the winning value.
 */
#ifndef AG_XLCFG_H
#define AG_XLCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/diag.h"

/* Config files larger than this are refused before parsing (resource bound). */
#define XLCFG_MAX_FILE_SIZE (1024u * 1024u)
/* Lists nested deeper than this are refused (resource bound). */
#define XLCFG_MAX_DEPTH 64

enum xlcfg_type {
	XLCFG_STRING,
	XLCFG_LIST,
};

struct xlcfg_value {
	enum xlcfg_type type;
	unsigned line, col;             /* where the value starts (1-based) */
	char *str;                      /* STRING: dequoted, NUL-terminated */
	size_t len;                     /* STRING: strlen(str) */
	struct xlcfg_value **items;     /* LIST */
	size_t nitems;
	size_t cap;                     /* LIST: items allocated;
					   STRING: bytes allocated for str */
};

struct xlcfg_setting {
	char *key;
	unsigned line, col;             /* of the key */
	bool addition;                  /* the winning assignment used += */
	struct xlcfg_value *value;
};

struct xlcfg {
	char *source;                   /* file name used in messages */
	struct xlcfg_setting *v;        /* every assignment, in file order */
	size_t n, cap;
	/*
	 * Private: key -> last assignment, so that look-ups and += cost O(1)
	 * however many settings a file has.  Kept by xlcfg_set; build models
	 * only through xlcfg_new/xlcfg_set.
	 */
	size_t *index;                  /* 1 + index into v, 0 = free slot */
	size_t index_cap, nkeys;
};

/* --- model ------------------------------------------------------------ */

struct xlcfg *xlcfg_new(const char *source);
void xlcfg_free(struct xlcfg *cfg);

struct xlcfg_value *xlcfg_value_string(const char *s, size_t len,
				       unsigned line, unsigned col);
struct xlcfg_value *xlcfg_value_list(unsigned line, unsigned col);
/* Takes ownership of item on success; returns 0 or -ENOMEM. */
int xlcfg_list_append(struct xlcfg_value *list, struct xlcfg_value *item);
struct xlcfg_value *xlcfg_value_dup(const struct xlcfg_value *v);
void xlcfg_value_free(struct xlcfg_value *v);

/*
 * Record an assignment.  Takes ownership of value on success (0); returns
 * -ENOMEM otherwise.  Earlier assignments of the same key are kept (they are
 * part of the file) but lookups only see the last one.
 */
int xlcfg_set(struct xlcfg *cfg, const char *key, unsigned line, unsigned col,
	      bool addition, struct xlcfg_value *value);

/*
 * Record `key += value` (libxlutil's rule).  If key was assigned before,
 * the new setting's value is the earlier value followed by value: strings
 * are concatenated without separator, list items appended.  The earlier
 * contents are moved, not copied (as libxlutil does), so the earlier setting
 * is left holding an empty value of its type.  Without an earlier assignment
 * it records value as it is.  Either way the setting is marked addition
 * and takes value's position.  Takes ownership of value on success (0).
 * Returns -EINVAL if the earlier value is of the other type (a string and
 * a list; nothing changes, the caller reports), or -ENOMEM.
 */
int xlcfg_set_addition(struct xlcfg *cfg, const char *key, unsigned line,
		       unsigned col, struct xlcfg_value *value);

/* The winning (last) assignment of key, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg, const char *key);

/* --- parser (xlcfg_parse.c) --------------------------------------------- */

/*
 * libxlutil prints these three lines after the errors when a parse failed
 * and the file had a byte such as `(' or `-' where a token should start.
 * We add them as warnings (positioned at the first such byte); libxlutil
 * prints them without a position, as "warning: <text>".
 */
#define XLCFG_PYTHON_HINT1 "Config file looks like it contains Python code."
#define XLCFG_PYTHON_HINT2 " Arbitrary Python is no longer supported."
#define XLCFG_PYTHON_HINT3 " See https://wiki.xen.org/wiki/PythonInXlConfig"

/*
 * Parse config text (docs/xlcfg.md).  On success returns 0 and *out holds
 * the settings; warnings may have been added (\xHH escapes, octal escapes,
 * CRLF line endings).  On a syntax or lexical error returns -EINVAL,
 * appends error diagnostics (libxlutil's message text, with our line,
 * column and key) and still sets *out to the settings stored before the
 * first error, as libxlutil does.  Text with a NUL byte or nested deeper
 * than XLCFG_MAX_DEPTH is refused likewise (-EINVAL).  Text longer than
 * XLCFG_MAX_FILE_SIZE gives -EFBIG and *out NULL; -ENOMEM on allocation
 * failure (*out NULL).  d may be NULL.
 */
int xlcfg_parse(const char *source, const char *text, size_t len,
		struct xlcfg **out, struct ag_diags *d);

/*
 * Read and parse a file; path is also the source name in messages.  I/O
 * problems return -errno with an error diagnostic naming the file and *out
 * NULL: missing (-ENOENT), unreadable (-EACCES), a directory (-EISDIR),
 * not a regular file such as a FIFO or device (-EINVAL; opened without
 * blocking and never read), larger than XLCFG_MAX_FILE_SIZE (-EFBIG).
 * Otherwise as xlcfg_parse.
 */
int xlcfg_parse_file(const char *path, struct xlcfg **out, struct ag_diags *d);

/* --- typed look-ups with libxlutil's rules (xlcfg_get.c) ---------------- */

int xlcfg_get_string(const struct xlcfg *cfg, const char *key,
		     const char **out, bool dont_warn, struct ag_diags *d);
int xlcfg_get_bounded_long(const struct xlcfg *cfg, const char *key,
			   long min, long max, long *out, bool dont_warn,
			   struct ag_diags *d);
int xlcfg_get_long(const struct xlcfg *cfg, const char *key, long *out,
		   bool dont_warn, struct ag_diags *d);
int xlcfg_get_defbool(const struct xlcfg *cfg, const char *key, bool *out,
		      bool dont_warn, struct ag_diags *d);
/* *out points at the list value; its items may be strings or lists. */
int xlcfg_get_list(const struct xlcfg *cfg, const char *key,
		   const struct xlcfg_value **out, bool dont_warn,
		   struct ag_diags *d);
/* Item i of a list if it is a string, else NULL (libxlutil's listitem). */
const char *xlcfg_list_string(const struct xlcfg_value *list, size_t i);

#endif
