/* SPDX-License-Identifier: MIT */
/* xlcfg_parse_file: what it refuses before parsing, and how it says so. */
#include "test_xlcfg_util.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

struct tmpdir {
	char path[64];
};

static int make_dir(void **state)
{
	struct tmpdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->path, "/tmp/ag-xlcfg-XXXXXX");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int remove_dir(void **state)
{
	struct tmpdir *t = *state;
	DIR *dir = opendir(t->path);
	struct dirent *e;
	int rc = 0;

	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		char p[sizeof(t->path) + 256];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", t->path, e->d_name);
		rc |= unlink(p);
	}
	closedir(dir);
	rc |= rmdir(t->path);
	free(t);
	return rc ? -1 : 0;
}

static char *path_in(void **state, const char *name)
{
	struct tmpdir *t = *state;
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", t->path, name) > 0);
	return p;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Parse path; exactly one error diagnostic naming the file is expected. */
static void assert_refused(const char *path, int rc, const char *msg)
{
	struct xlcfg *cfg = (struct xlcfg *)1;
	struct ag_diags d;

	ag_diags_init(&d);
	assert_int_equal(xlcfg_parse_file(path, &cfg, &d), rc);
	assert_null(cfg);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].sev, AG_ERROR);
	assert_string_equal(d.v[0].file, path);
	assert_string_equal(d.v[0].msg, msg);
	ag_diags_free(&d);
}

static void regular_file_is_parsed_under_its_name(void **state)
{
	char *path = path_in(state, "g.cfg");
	struct xlcfg *cfg = NULL;
	struct ag_diags d;

	write_file(path, "name = \"g\"\nmemory = [ 1 ]\n", 26);
	ag_diags_init(&d);
	assert_int_equal(xlcfg_parse_file(path, &cfg, &d), 0);
	assert_string_equal(cfg->source, path);
	assert_string_equal(str_of(cfg, "name"), "g");
	assert_int_equal(xlcfg_get_long(cfg, "memory", &(long){ 0 }, false, &d),
			 EINVAL);
	assert_string_equal(d.v[0].file, path);
	xlcfg_free(cfg);
	ag_diags_free(&d);
	free(path);
}

static void syntax_error_in_file_names_it(void **state)
{
	char *path = path_in(state, "bad.cfg");
	struct xlcfg *cfg = NULL;
	struct ag_diags d;

	write_file(path, "a = 1\nb =\n", 10);
	ag_diags_init(&d);
	assert_int_equal(xlcfg_parse_file(path, &cfg, &d), -EINVAL);
	assert_non_null(cfg);
	assert_string_equal(d.v[0].file, path);
	assert_int_equal(d.v[0].line, 2);
	xlcfg_free(cfg);
	ag_diags_free(&d);
	free(path);
}

static void missing_file_is_enoent(void **state)
{
	char *path = path_in(state, "none.cfg");

	assert_refused(path, -ENOENT,
		       "cannot open config file: No such file or directory");
	free(path);
}

static void directory_is_eisdir(void **state)
{
	struct tmpdir *t = *state;

	assert_refused(t->path, -EISDIR,
		       "cannot read config file: Is a directory");
}

static void fifo_is_refused_without_blocking(void **state)
{
	char *path = path_in(state, "fifo");

	/* no writer: a blocking open or read would hang the test */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_refused(path, -EINVAL,
		       "cannot read config file: not a regular file");
	free(path);
}

static void device_is_refused(void **state)
{
	(void)state;
	assert_refused("/dev/null", -EINVAL,
		       "cannot read config file: not a regular file");
}

static void unreadable_file_is_eacces(void **state)
{
	char *path = path_in(state, "secret.cfg");

	if (geteuid() == 0) {
		free(path);
		skip();         /* root reads anything */
	}
	write_file(path, "a = 1\n", 6);
	assert_int_equal(chmod(path, 0), 0);
	assert_refused(path, -EACCES,
		       "cannot open config file: Permission denied");
	free(path);
}

static void oversized_file_is_efbig(void **state)
{
	char *path = path_in(state, "big.cfg");
	size_t len = XLCFG_MAX_FILE_SIZE + 1;
	char *text = malloc(len);

	assert_non_null(text);
	memset(text, '\n', len);
	write_file(path, text, len);
	assert_refused(path, -EFBIG, "config file is 1048577 bytes; armguest "
		       "reads at most 1048576");
	free(text);
	free(path);
}

static void empty_file_has_no_settings(void **state)
{
	char *path = path_in(state, "empty.cfg");
	struct xlcfg *cfg = NULL;

	write_file(path, "", 0);
	assert_int_equal(xlcfg_parse_file(path, &cfg, NULL), 0);
	assert_int_equal(cfg->n, 0);
	xlcfg_free(cfg);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(regular_file_is_parsed_under_its_name,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(syntax_error_in_file_names_it,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(missing_file_is_enoent,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(directory_is_eisdir,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(fifo_is_refused_without_blocking,
						make_dir, remove_dir),
		cmocka_unit_test(device_is_refused),
		cmocka_unit_test_setup_teardown(unreadable_file_is_eacces,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(oversized_file_is_efbig,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(empty_file_has_no_settings,
						make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
