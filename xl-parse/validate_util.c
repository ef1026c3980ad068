/* SPDX-License-Identifier: MIT */
#include "validate_util.h"

#include <stdio.h>

const char *ag_quote(char buf[AG_QUOTE_SIZE], const char *s)
{
	size_t o = 0;
	size_t i;

	buf[o++] = '"';
	for (i = 0; s[i] && i < AG_QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
		} else if (c == '\t') {
			buf[o++] = '\\';
			buf[o++] = 't';
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(buf + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	if (s[i]) {
		buf[o++] = '.';
		buf[o++] = '.';
		buf[o++] = '.';
	}
	buf[o] = '\0';
	return buf;
}
