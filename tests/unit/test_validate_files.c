/* SPDX-License-Identifier: MIT */
/*
 * kernel/ramdisk/device_tree: paths taken from the config's directory, the
 * file checks (missing, unreadable, directory, FIFO, empty), the kernel
 * requirement and bootloaders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfgbuild.h"

struct fx {
	char dir[64];
	char path[256];
	char msg[1024];
	struct xlcfg *cfg;
	struct ag_diags d;
	struct ag_guest g;
	struct ag_resolve_opts o;
	struct ag_arm_limits lim;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char p[256];

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ag-files-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	write_file(f->dir, "Image", "kernel bytes");
	write_file(f->dir, "initrd", "ramdisk bytes");
	write_file(f->dir, "part.dtb", "dtb bytes");
	write_file(f->dir, "empty", "");
	snprintf(p, sizeof(p), "%s/subdir", f->dir);
	if (mkdir(p, 0700))
		return -1;
	snprintf(p, sizeof(p), "%s/fifo", f->dir);
	if (mkfifo(p, 0600))
		return -1;
	f->cfg = xlcfg_new(CB_SOURCE);
	ag_diags_init(&f->d);
	f->o.arch = AG_ARCH_ARM64;
	ag_profile_arm_limits(ag_profile_lookup("4.17"), &f->lim);
	f->o.limits = &f->lim;
	f->o.check_files = true;
	f->o.cfg_dir = f->dir;
	*state = f;
	if (!f->cfg)
		return -1;
	cb_str(f->cfg, "name", "g");
	return 0;
}

static int teardown(void **state)
{
	static const char *const names[] = {
		"Image", "initrd", "part.dtb", "empty", "fifo", "unreadable",
	};
	struct fx *f = *state;
	char p[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/subdir", f->dir);
	rmdir(p);
	rmdir(f->dir);
	xlcfg_free(f->cfg);
	ag_diags_free(&f->d);
	ag_guest_free(&f->g);
	free(f);
	return 0;
}

static int resolve(struct fx *f)
{
	return ag_guest_resolve(f->cfg, &f->o, &f->g, &f->d);
}

/* f->path = dir/name */
static const char *in_dir(struct fx *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

static void absolute_paths_are_kept(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", in_dir(f, "Image"));
	assert_int_equal(resolve(f), 0);
	assert_string_equal(f->g.kernel, in_dir(f, "Image"));
	assert_int_equal(f->g.pos_kernel.line, 2);
	assert_int_equal(f->g.pos_kernel.col, 10);
	assert_int_equal(f->d.n, 0);
}

static void relative_paths_are_taken_from_config_dir(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	cb_str(f->cfg, "ramdisk", "initrd");
	cb_str(f->cfg, "device_tree", "part.dtb");
	assert_int_equal(resolve(f), 0);
	assert_string_equal(f->g.kernel, in_dir(f, "Image"));
	assert_string_equal(f->g.ramdisk, in_dir(f, "initrd"));
	assert_string_equal(f->g.device_tree, in_dir(f, "part.dtb"));
	assert_int_equal(f->g.pos_device_tree.line, 4);
	assert_int_equal(f->d.n, 0);
}

static void relative_paths_stay_without_config_dir(void **state)
{
	struct fx *f = *state;

	f->o.cfg_dir = NULL;
	f->o.check_files = false;
	cb_str(f->cfg, "kernel", "boot/Image");
	assert_int_equal(resolve(f), 0);
	assert_string_equal(f->g.kernel, "boot/Image");
}

static void config_dir_with_trailing_slash_gets_no_double_slash(void **state)
{
	struct fx *f = *state;
	char dir[80];

	snprintf(dir, sizeof(dir), "%s/", f->dir);
	f->o.cfg_dir = dir;
	cb_str(f->cfg, "kernel", "Image");
	assert_int_equal(resolve(f), 0);
	assert_string_equal(f->g.kernel, in_dir(f, "Image"));
}

static void x86_firmware_stands_for_kernel(void **state)
{
	struct fx *f = *state;

	f->o.arch = AG_ARCH_X86_64;
	cb_str(f->cfg, "firmware", "pvgrub64");
	assert_int_equal(resolve(f), 0);
	assert_int_equal(f->d.n, 0);
}

static void ramdisk_and_device_tree_are_optional(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	assert_int_equal(resolve(f), 0);
	assert_null(f->g.ramdisk);
	assert_null(f->g.device_tree);
}

static void missing_kernel_file_is_error_naming_both_paths(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "vmlinuz");
	assert_int_equal(resolve(f), -EINVAL);
	snprintf(f->msg, sizeof(f->msg),
		 "cannot open kernel \"vmlinuz\" (\"%s\"): No such file or directory",
		 in_dir(f, "vmlinuz"));
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 2, 10, "kernel", f->msg);
}

static void missing_absolute_ramdisk_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	cb_str(f->cfg, "ramdisk", in_dir(f, "nothing"));
	assert_int_equal(resolve(f), -EINVAL);
	snprintf(f->msg, sizeof(f->msg),
		 "cannot open ramdisk \"%s\": No such file or directory",
		 in_dir(f, "nothing"));
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "ramdisk", f->msg);
}

static void directory_as_kernel_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", in_dir(f, "subdir"));
	assert_int_equal(resolve(f), -EINVAL);
	snprintf(f->msg, sizeof(f->msg),
		 "kernel \"%s\" is a directory, not a regular file",
		 in_dir(f, "subdir"));
	cb_assert_diag(&f->d, 0, AG_ERROR, 2, 10, "kernel", f->msg);
}

/* Opening a FIFO without a writer must not block the check. */
static void fifo_as_ramdisk_is_error_without_blocking(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	cb_str(f->cfg, "ramdisk", "fifo");
	assert_int_equal(resolve(f), -EINVAL);
	snprintf(f->msg, sizeof(f->msg),
		 "ramdisk \"fifo\" (\"%s\") is a FIFO, not a regular file",
		 in_dir(f, "fifo"));
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "ramdisk", f->msg);
}

static void empty_device_tree_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	cb_str(f->cfg, "device_tree", in_dir(f, "empty"));
	assert_int_equal(resolve(f), -EINVAL);
	snprintf(f->msg, sizeof(f->msg), "device_tree \"%s\" is empty",
		 in_dir(f, "empty"));
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "device_tree", f->msg);
}

/* The unprivileged user a root test run checks permissions as. */
#define UNPRIVILEGED_ID 65534 /* nobody/nogroup */

/*
 * Resolve as nobody in a child and report whether the first diagnostic is
 * the expected one: root reads any file, so only a dropped uid sees EACCES.
 * Returns the child's verdict: 0 match, 1 mismatch, 77 cannot drop.
 */
static int resolve_unprivileged(struct fx *f, unsigned line, unsigned col, const char *key)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A crash here must end the child, not resume cmocka's runner in it. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		if (setgroups(0, NULL) || setgid(UNPRIVILEGED_ID) || setuid(UNPRIVILEGED_ID))
			_exit(77);
		if (resolve(f) != -EINVAL || f->d.n < 1 || f->d.v[0].sev != AG_ERROR ||
		    f->d.v[0].line != line || f->d.v[0].col != col || !f->d.v[0].key ||
		    strcmp(f->d.v[0].key, key) || strcmp(f->d.v[0].msg, f->msg)) {
			fprintf(stderr, "as uid %d: %zu diagnostics, first: %s\n", UNPRIVILEGED_ID,
				f->d.n, f->d.n ? f->d.v[0].msg : "(none)");
			_exit(1);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void unreadable_kernel_is_error(void **state)
{
	struct fx *f = *state;
	int verdict;

	write_file(f->dir, "unreadable", "x");
	assert_int_equal(chmod(in_dir(f, "unreadable"), 0), 0);
	cb_str(f->cfg, "kernel", in_dir(f, "unreadable"));
	snprintf(f->msg, sizeof(f->msg),
		 "cannot open kernel \"%s\": Permission denied",
		 in_dir(f, "unreadable"));
	if (geteuid() != 0) {
		assert_int_equal(resolve(f), -EINVAL);
		cb_assert_diag(&f->d, 0, AG_ERROR, 2, 10, "kernel", f->msg);
		return;
	}
	/* The directory must let nobody reach the file, so the refusal is the file's own. */
	assert_int_equal(chmod(f->dir, 0755), 0);
	verdict = resolve_unprivileged(f, 2, 10, "kernel");
	if (verdict == 77)
		skip(); /* no CAP_SETUID here */
	assert_int_equal(verdict, 0);
}

static void files_are_not_checked_unless_asked(void **state)
{
	struct fx *f = *state;

	f->o.check_files = false;
	cb_str(f->cfg, "kernel", "nothing");
	cb_str(f->cfg, "ramdisk", "fifo");
	assert_int_equal(resolve(f), 0);
	assert_string_equal(f->g.kernel, in_dir(f, "nothing"));
	assert_int_equal(f->d.n, 0);
}

static void empty_kernel_path_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "");
	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 2, 10, "kernel",
		       "`kernel' is empty: give a file name");
}

static void kernel_list_is_error(void **state)
{
	struct fx *f = *state;

	cb_list(f->cfg, "kernel", "Image");
	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 2, 10, "kernel",
		       "parameter `kernel' is a list but should be a single value");
}

static void no_kernel_is_error_without_position(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 0, 0, "kernel",
		       "Neither kernel nor bootloader specified");
}

#define BOOTLOADER_REFUSED \
	"`bootloader' refused: armguest runs no bootloader, and with one xl reads " \
	"`kernel' as a path inside the guest's disk; set `kernel' (and `ramdisk') to " \
	"files on this host"

static void arm_bootloader_without_kernel_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "bootloader", "pygrub");
	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 2, 1, "bootloader", BOOTLOADER_REFUSED);
}

/* With a bootloader xl reads `kernel' inside the guest's disk: not the same kernel. */
static void arm_bootloader_with_kernel_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "kernel", "Image");
	cb_str(f->cfg, "bootloader", "pygrub");
	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 1, "bootloader", BOOTLOADER_REFUSED);
}

static void x86_bootloader_stands_for_kernel(void **state)
{
	struct fx *f = *state;

	f->o.arch = AG_ARCH_X86_64;
	cb_str(f->cfg, "bootloader", "pygrub");
	assert_int_equal(resolve(f), 0);
	assert_null(f->g.kernel);
	assert_int_equal(f->d.n, 0);
}

static void x86_hvm_needs_no_kernel(void **state)
{
	struct fx *f = *state;

	f->o.arch = AG_ARCH_X86_64;
	cb_str(f->cfg, "type", "hvm");
	assert_int_equal(resolve(f), 0);
	assert_int_equal(f->g.type, AG_TYPE_HVM);
	assert_int_equal(f->d.n, 0);
}

/* The fix for HVM is PVH, which needs a kernel: say both at once. */
static void arm_hvm_without_kernel_reports_both(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hvm");
	assert_int_equal(resolve(f), -EINVAL);
	assert_int_equal(f->d.n, 2);
	assert_string_equal(f->d.v[0].key, "type");
	assert_int_equal(f->d.v[0].line, 2);
	cb_assert_diag(&f->d, 1, AG_ERROR, 0, 0, "kernel",
		       "Neither kernel nor bootloader specified");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(absolute_paths_are_kept),
		T(relative_paths_are_taken_from_config_dir),
		T(relative_paths_stay_without_config_dir),
		T(config_dir_with_trailing_slash_gets_no_double_slash),
		T(x86_firmware_stands_for_kernel),
		T(ramdisk_and_device_tree_are_optional),
		T(missing_kernel_file_is_error_naming_both_paths),
		T(missing_absolute_ramdisk_is_error),
		T(directory_as_kernel_is_error),
		T(fifo_as_ramdisk_is_error_without_blocking),
		T(empty_device_tree_is_error),
		T(unreadable_kernel_is_error),
		T(files_are_not_checked_unless_asked),
		T(empty_kernel_path_is_error),
		T(kernel_list_is_error),
		T(no_kernel_is_error_without_position),
		T(arm_bootloader_without_kernel_is_error),
		T(arm_bootloader_with_kernel_is_error),
		T(x86_bootloader_stands_for_kernel),
		T(x86_hvm_needs_no_kernel),
		T(arm_hvm_without_kernel_reports_both),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
