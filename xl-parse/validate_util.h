/* SPDX-License-Identifier: MIT */
/* Small text helpers shared by the type policy and validation. */
#ifndef AG_VALIDATE_UTIL_H
#define AG_VALIDATE_UTIL_H

#include <stddef.h>

/* Longest part of a config value quoted in a message; the rest is "...". */
#define AG_QUOTE_MAX 80
/* A buffer that always holds a quoted value (worst case: every byte \xNN). */
#define AG_QUOTE_SIZE (AG_QUOTE_MAX * 4 + 8)

/*
 * Write s as a double-quoted string into buf: `"` and `\` are escaped,
 * bytes below 0x20 and 0x7f as \n, \t or \xNN, and a value longer than
 * AG_QUOTE_MAX bytes ends in "...".  buf must hold AG_QUOTE_SIZE bytes.
 * Returns buf.
 */
const char *ag_quote(char buf[AG_QUOTE_SIZE], const char *s);

#endif
