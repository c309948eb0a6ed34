/*
 * dockbook-shim: the one piece of dockbook written in C, and why.
 *
 * A container's first process has to be *inside* its new namespaces before
 * the user's program runs: only a process in the new pid namespace can mount
 * a /proc that shows it, and only a process in the new mount namespace can
 * pivot_root. Node cannot fork and keep running JavaScript, so the step from
 * "new namespaces" to "exec" needs a small native process — the same reason
 * runc has nsexec in C.
 *
 * This binary plays two roles, like containerd-shim and runc's init:
 *   shim  stays outside the container, in its own session, as the parent of
 *         the container's process: it reaps it and records its exit status,
 *         so the container outlives whoever created it.
 *   init  is cloned into the new namespaces and then does *nothing on its
 *         own*: it runs the calls the engine sends it one by one (mount,
 *         pivot_root, sethostname, …) and answers each with its result. The
 *         engine stays in TypeScript and every step stays visible and
 *         pausable. The last call, exec, drops privileges, waits on the exec
 *         fifo until `start`, and execs the user's program.
 *
 * File descriptors on entry:
 *   0,1,2  the container's stdio
 *   3      control socket: frames of requests in, frames of replies out
 *   4      status pipe (optional): the shim writes the exit line here too,
 *          so the creator learns it even if the exit file is gone by then
 * Arguments:
 *   --clone-flags HEX      namespaces to create (CLONE_NEW*)
 *   --join KIND=PATH       namespaces to join (pid, ipc, uts, net, cgroup, mnt)
 *   --exit-file PATH       where the shim records the exit status
 *   --log PATH             give the container pipes for stdout and stderr and
 *                          append their lines to PATH as Docker's json-file
 *     --log-max-size N --log-max-file N   rotate it (see log-json-file.c)
 *   --syslog ADDR          or send the lines to syslog (see log-syslog.c), with
 *     --syslog-format F --syslog-facility N --log-tag T
 *   --fluentd ADDR         or to a fluentd receiver (see log-fluentd.c), with
 *     --log-tag T --log-id ID --log-name NAME [--fluentd-subsecond]
 *   --keep-pty | --keep-stdin   keep the container's pty master, or the write
 *                          end of its stdin pipe (given as fd 5), at fd 5
 *                          for a restarted engine (see shim-keep.c)
 *   --log-cache PATH       with syslog or fluentd: a json-file copy for `logs`
 *     --log-cache-max-size N --log-cache-max-file N   (see log-cache.c)
 *
 * A frame is: u32 count, then count × (u32 length, bytes). All integers are
 * little-endian, as on every host this runs on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "init-batch.h"

#define CTL_FD 3
#define STATUS_FD 4
#define KEEP_STDIN_FD 5
#define MAX_FIELDS 4096
#define MAX_FRAME (16 << 20)
#define SEALED_ENV "_DOCKBOOK_SHIM_SEALED"

extern char **environ;

/* ── framing ─────────────────────────────────────────────────────────── */

struct frame {
	uint32_t count;
	char *field[MAX_FIELDS];
	uint32_t len[MAX_FIELDS];
	char *buf;
};

static int read_full(int fd, void *p, size_t n)
{
	char *c = p;
	while (n > 0) {
		ssize_t r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t r = write(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads one frame; every field is NUL-terminated in place for convenience. */
static int read_frame(int fd, struct frame *f)
{
	uint32_t total = 0;
	if (read_full(fd, &f->count, 4) < 0 || f->count > MAX_FIELDS)
		return -1;
	free(f->buf);
	f->buf = NULL;
	uint32_t lens[MAX_FIELDS];
	for (uint32_t i = 0; i < f->count; i++) {
		if (read_full(fd, &lens[i], 4) < 0 || lens[i] > MAX_FRAME)
			return -1;
		/* read the bytes right away: lengths and bytes are interleaved */
		char *b = malloc(lens[i] + 1);
		if (!b || read_full(fd, b, lens[i]) < 0)
			return -1;
		b[lens[i]] = 0;
		f->field[i] = b;
		f->len[i] = lens[i];
		total += lens[i];
		if (total > MAX_FRAME)
			return -1;
	}
	return 0;
}

static void free_frame(struct frame *f)
{
	for (uint32_t i = 0; i < f->count; i++)
		free(f->field[i]);
	f->count = 0;
}

static int send_fields(int fd, int n, const char **fields)
{
	if (fd == CTL_FD && init_batch_capture(n, fields))
		return 0;
	uint32_t count = (uint32_t)n;
	if (write_full(fd, &count, 4) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		uint32_t l = (uint32_t)strlen(fields[i]);
		if (write_full(fd, &l, 4) < 0 || write_full(fd, fields[i], l) < 0)
			return -1;
	}
	return 0;
}

static void reply_ok(const char *value)
{
	const char *f[2] = {"ok", value ? value : ""};
	send_fields(CTL_FD, 2, f);
}

static void reply_err(int err, const char *call, const char *subject)
{
	char num[16];
	snprintf(num, sizeof num, "%d", err);
	const char *f[4] = {"err", num, call, subject ? subject : ""};
	send_fields(CTL_FD, 4, f);
}

/* ── helpers ─────────────────────────────────────────────────────────── */

static const char *opt(const char *s) { return s[0] ? s : NULL; }

static unsigned long long num(const char *s) { return strtoull(s, NULL, 0); }

static const char *type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "file";
	case S_IFDIR: return "dir";
	case S_IFLNK: return "symlink";
	case S_IFCHR: return "char";
	case S_IFBLK: return "block";
	case S_IFIFO: return "fifo";
	default: return "socket";
	}
}

static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Sends a file descriptor over a unix socket (SCM_RIGHTS), as runc hands out a pty master. */
static int send_fd(int sock, int fd)
{
	char data = 'p';
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	char ctrl[CMSG_SPACE(sizeof(int))];
	memset(ctrl, 0, sizeof ctrl);
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl, .msg_controllen = sizeof ctrl};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) < 0 ? -1 : 0;
}

/* ── init: the calls the engine sends ────────────────────────────────── */

int pty_inside(const char *console, const char **call);
extern int keep_pty_init_end;
int keep_pty_pair(void);
void keep_pty_receive(int sock);

static int exec_fifo_fd = -1;
static int console_fd = -1;
/* With --log: the container's ends of its stdout and stderr pipes. */
static int g_out_w = -1, g_err_w = -1;
/* With --keep-stdin: fd 5 is the stdin pipe's write end, which the shim keeps (shim-keep.c). */
static int g_keep_stdin;

/* Finds a program like execvp would, in the PATH of the container's env. */
static int find_program(const char *name, const char *path_env, char *out, size_t outlen)
{
	if (strchr(name, '/')) {
		snprintf(out, outlen, "%s", name);
		return access(out, X_OK);
	}
	const char *p = path_env ? path_env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	int saw_eacces = 0;
	while (*p) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		snprintf(out, outlen, "%.*s/%s", (int)n, n ? p : ".", name);
		struct stat st;
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			saw_eacces = 1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

static int set_caps(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct d[2];
	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	d[0].permitted = (uint32_t)perm;
	d[1].permitted = (uint32_t)(perm >> 32);
	d[0].inheritable = (uint32_t)inh;
	d[1].inheritable = (uint32_t)(inh >> 32);
	return (int)syscall(SYS_capset, &h, d);
}

static int last_cap(void)
{
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	char b[16] = {0};
	if (fd >= 0) {
		ssize_t r = read(fd, b, sizeof b - 1);
		close(fd);
		if (r > 0)
			return atoi(b);
	}
	return 40;
}

/*
 * exec: fields after the op name, in order:
 *   nargs args… nenv env… cwd uid gid ngroups groups…
 *   bounding effective permitted inheritable ambient (hex masks)
 *   no_new_privs nrlimits (resource soft hard)… terminal umask
 */
static void do_exec(struct frame *f)
{
	uint32_t i = 1;
#define NEXT() (i < f->count ? f->field[i++] : "")
	int nargs = atoi(NEXT());
	if (nargs < 1 || nargs > 1024) {
		reply_err(EINVAL, "exec", "no program to run");
		return;
	}
	char **argv = calloc((size_t)nargs + 1, sizeof(char *));
	for (int k = 0; k < nargs; k++)
		argv[k] = NEXT();
	int nenv = atoi(NEXT());
	char **envp = calloc((size_t)nenv + 1, sizeof(char *));
	const char *path_env = NULL;
	for (int k = 0; k < nenv; k++) {
		envp[k] = NEXT();
		if (strncmp(envp[k], "PATH=", 5) == 0)
			path_env = envp[k] + 5;
	}
	const char *cwd = NEXT();
	uid_t uid = (uid_t)num(NEXT());
	gid_t gid = (gid_t)num(NEXT());
	int ngroups = atoi(NEXT());
	gid_t *groups = calloc((size_t)ngroups + 1, sizeof(gid_t));
	for (int k = 0; k < ngroups; k++)
		groups[k] = (gid_t)num(NEXT());
	uint64_t bounding = strtoull(NEXT(), NULL, 16);
	uint64_t effective = strtoull(NEXT(), NULL, 16);
	uint64_t permitted = strtoull(NEXT(), NULL, 16);
	uint64_t inheritable = strtoull(NEXT(), NULL, 16);
	uint64_t ambient = strtoull(NEXT(), NULL, 16);
	int no_new_privs = atoi(NEXT());
	int nrl = atoi(NEXT());
	for (int k = 0; k < nrl; k++) {
		int res = atoi(NEXT());
		struct rlimit rl = {.rlim_cur = (rlim_t)num(NEXT()), .rlim_max = (rlim_t)num(NEXT())};
		if (setrlimit(res, &rl) < 0) {
			reply_err(errno, "setrlimit", argv[0]);
			return;
		}
	}
	int terminal = atoi(NEXT());
	mode_t mask = (mode_t)strtoul(NEXT(), NULL, 8);
#undef NEXT

	if (terminal == 2) {
		/* The engine made the pty and gave the slave as stdio: make it the controlling terminal. */
		setsid();
		if (ioctl(0, TIOCSCTTY, 0) < 0) {
			reply_err(errno, "ioctl", "TIOCSCTTY");
			return;
		}
	} else if (terminal) {
		if (console_fd < 0) {
			reply_err(EINVAL, "console", "a terminal needs a console socket");
			return;
		}
		int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
			reply_err(errno, "open", "/dev/ptmx");
			return;
		}
		char slave_path[64];
		if (ptsname_r(master, slave_path, sizeof slave_path) != 0) {
			reply_err(errno, "ptsname", "/dev/ptmx");
			return;
		}
		int slave = open(slave_path, O_RDWR | O_NOCTTY);
		if (slave < 0) {
			reply_err(errno, "open", slave_path);
			return;
		}
		if (send_fd(console_fd, master) < 0) {
			reply_err(errno, "sendmsg", "console socket");
			return;
		}
		close(master);
		close(console_fd);
		console_fd = -1;
		setsid();
		if (ioctl(slave, TIOCSCTTY, 0) < 0) {
			reply_err(errno, "ioctl", "TIOCSCTTY");
			return;
		}
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
	}

	/*
	 * Nothing but stdio may reach the program: every other descriptor is
	 * closed at exec. Done before chdir so that no leaked directory fd can
	 * serve as a cwd outside the container (the CVE-2024-21626 class).
	 */
	if (syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) < 0) {
		reply_err(errno, "close_range", "3..");
		return;
	}
	if (chdir(cwd) < 0) {
		reply_err(errno, "chdir", cwd);
		return;
	}
	char here[PATH_MAX];
	if (!getcwd(here, sizeof here) || here[0] != '/') {
		reply_err(EPERM, "chdir", "cwd is outside the container's root");
		return;
	}

	char program[PATH_MAX];
	if (find_program(argv[0], path_env, program, sizeof program) < 0) {
		reply_err(errno, "exec", argv[0]);
		return;
	}

	int last = last_cap();
	for (int c = 0; c <= last; c++) {
		if (!(bounding & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL) {
			reply_err(errno, "prctl", "PR_CAPBSET_DROP");
			return;
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups((size_t)ngroups, groups) < 0 ||
	    setgid(gid) < 0 || setuid(uid) < 0) {
		reply_err(errno, "setuid", argv[0]);
		return;
	}
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (set_caps(effective, permitted, inheritable) < 0) {
		reply_err(errno, "capset", argv[0]);
		return;
	}
	for (int c = 0; c <= last; c++) {
		if ((ambient & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0) {
			reply_err(errno, "prctl", "PR_CAP_AMBIENT_RAISE");
			return;
		}
	}
	umask(mask);
	if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		reply_err(errno, "prctl", "PR_SET_NO_NEW_PRIVS");
		return;
	}

	reply_ok(program);
	close(CTL_FD);

	/* Created: wait here until `start` writes to the exec fifo. */
	if (exec_fifo_fd >= 0) {
		char go;
		if (read_full(exec_fifo_fd, &go, 1) < 0)
			_exit(1);
		close(exec_fifo_fd);
	}
	execve(program, argv, envp);
	dprintf(2, "dockbook: exec %s: %s\n", program, strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static void handle(struct frame *f);

/* One call of a batch (init-batch.c), run as if it had come in its own frame. */
static void handle_fields(uint32_t count, char **field, uint32_t *len)
{
	static struct frame one;
	one.count = count;
	memcpy(one.field, field, count * sizeof *field);
	memcpy(one.len, len, count * sizeof *len);
	handle(&one);
}

static void handle(struct frame *f)
{
	const char *op = f->field[0];
	char **a = f->field;
	int n = (int)f->count;
#define NEED(k) do { if (n < (k)) { reply_err(EINVAL, op, "missing arguments"); return; } } while (0)

	if (!strcmp(op, "mount")) {
		NEED(6);
		if (mount(opt(a[1]), a[2], opt(a[3]), num(a[4]), opt(a[5])) < 0)
			reply_err(errno, "mount", a[2]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "umount")) {
		NEED(3);
		if (umount2(a[1], (int)num(a[2])) < 0)
			reply_err(errno, "umount", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "pivot_root")) {
		NEED(3);
		if (syscall(SYS_pivot_root, a[1], a[2]) < 0)
			reply_err(errno, "pivot_root", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "chdir")) {
		NEED(2);
		if (chdir(a[1]) < 0)
			reply_err(errno, "chdir", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "mkdir")) {
		NEED(4);
		mode_t mode = (mode_t)strtoul(a[2], NULL, 8);
		int rc = a[3][0] == 'p' ? mkdir_p(a[1], mode) : mkdir(a[1], mode);
		if (rc < 0)
			reply_err(errno, "mkdir", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "mknod")) {
		NEED(5);
		if (mknod(a[1], (mode_t)strtoul(a[2], NULL, 8), makedev((unsigned)num(a[3]), (unsigned)num(a[4]))) < 0)
			reply_err(errno, "mknod", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "symlink")) {
		NEED(3);
		if (symlink(a[1], a[2]) < 0)
			reply_err(errno, "symlink", a[2]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "write")) {
		NEED(3);
		int fd = open(a[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0 || write_full(fd, a[2], f->len[2]) < 0) {
			reply_err(errno, "write", a[1]);
		} else
			reply_ok(NULL);
		if (fd >= 0)
			close(fd);
	} else if (!strcmp(op, "lstat")) {
		NEED(2);
		struct stat st;
		if (lstat(a[1], &st) < 0)
			reply_err(errno, "lstat", a[1]);
		else
			reply_ok(type_name(st.st_mode));
	} else if (!strcmp(op, "sethostname")) {
		NEED(2);
		if (sethostname(a[1], strlen(a[1])) < 0)
			reply_err(errno, "sethostname", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "setdomainname")) {
		NEED(2);
		if (setdomainname(a[1], strlen(a[1])) < 0)
			reply_err(errno, "setdomainname", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "unshare")) {
		NEED(2);
		if (unshare((int)num(a[1])) < 0)
			reply_err(errno, "unshare", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "exec_fifo")) {
		NEED(2);
		/* O_RDWR: holding a writer of our own makes read() block until `start` writes. */
		exec_fifo_fd = open(a[1], O_RDWR | O_CLOEXEC);
		if (exec_fifo_fd < 0)
			reply_err(errno, "open", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "console")) {
		NEED(2);
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", a[1]);
		console_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (console_fd < 0 || connect(console_fd, (struct sockaddr *)&sa, sizeof sa) < 0)
			reply_err(errno, "connect", a[1]);
		else
			reply_ok(NULL);
	} else if (!strcmp(op, "pty")) {
		/* see pty-inside.c: the reply is the master's descriptor number */
		const char *call;
		char fdtext[16];
		int master = pty_inside(n > 1 ? opt(a[1]) : NULL, &call);
		snprintf(fdtext, sizeof fdtext, "%d", master);
		if (master < 0)
			reply_err(errno, call, "/dev/ptmx");
		else if (keep_pty_init_end >= 0 && send_fd(keep_pty_init_end, master) < 0)
			reply_err(errno, "sendmsg", "the shim's pty socket");
		else
			reply_ok(fdtext);
	} else if (!strcmp(op, "exec")) {
		do_exec(f);
	} else if (!strcmp(op, "batch")) {
		init_batch(f->count, f->field, f->len, handle_fields, CTL_FD);
	} else {
		reply_err(ENOSYS, op, "unknown call");
	}
#undef NEED
}

static int init_main(const int *join_fds, const int *join_types, int njoin)
{
	/* The status pipe and what the shim keeps (shim-keep.c) are the shim's: the container must not hold them open. */
	close(STATUS_FD);
	if (g_keep_stdin)
		close(KEEP_STDIN_FD);
	if (g_out_w >= 0) {
		dup2(g_out_w, 1);
		dup2(g_err_w, 2);
		close(g_out_w);
		close(g_err_w);
	}
	struct frame f = {0};
	int joined = 0;
	while (read_frame(CTL_FD, &f) == 0) {
		if (f.count == 0)
			continue;
		/*
		 * Join namespaces only once the engine speaks: until it has read the
		 * shim's "pid" frame, anything written here could interleave with it.
		 */
		if (!joined) {
			for (int k = 0; k < njoin; k++) {
				if (setns(join_fds[k], join_types[k]) < 0) {
					reply_err(errno, "setns", "join");
					_exit(1);
				}
				close(join_fds[k]);
			}
			joined = 1;
		}
		handle(&f);
		free_frame(&f);
	}
	/* The engine went away before exec: nothing to run. */
	_exit(1);
}

/* ── shim ────────────────────────────────────────────────────────────── */

/* Re-runs this program from a sealed in-memory copy, so that no process in a
 * container can write to the host's binary through /proc/PID/exe (the
 * CVE-2019-5736 class). */
static void run_sealed(char **argv)
{
	if (getenv(SEALED_ENV))
		return;
	int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int mem = (int)syscall(SYS_memfd_create, "dockbook-shim", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	struct stat st;
	if (src < 0 || mem < 0 || fstat(src, &st) < 0)
		goto fail;
	for (off_t off = 0; off < st.st_size;) {
		ssize_t r = sendfile(mem, src, &off, (size_t)(st.st_size - off));
		if (r <= 0)
			goto fail;
	}
	if (fcntl(mem, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
		goto fail;
	close(src);
	setenv(SEALED_ENV, "1", 1);
	fexecve(mem, argv, environ);
fail:
	dprintf(2, "dockbook-shim: cannot run from a sealed copy: %s\n", strerror(errno));
	exit(125);
}

static int ns_type(const char *kind)
{
	if (!strcmp(kind, "pid")) return CLONE_NEWPID;
	if (!strcmp(kind, "ipc")) return CLONE_NEWIPC;
	if (!strcmp(kind, "uts")) return CLONE_NEWUTS;
	if (!strcmp(kind, "net")) return CLONE_NEWNET;
	if (!strcmp(kind, "cgroup")) return CLONE_NEWCGROUP;
	if (!strcmp(kind, "mnt")) return CLONE_NEWNS;
	return 0;
}

static void exit_line(int status, char *line, size_t len)
{
	if (WIFEXITED(status))
		snprintf(line, len, "exited %d\n", WEXITSTATUS(status));
	else
		snprintf(line, len, "signaled %d\n", WTERMSIG(status));
}

static void write_exit_file(const char *path, const char *line)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	write_full(fd, line, strlen(line));
	/* No fsync: rename already keeps readers from a half-written line, and after a
	 * host crash no container survives to need its status (readers then report 255). */
	close(fd);
	rename(tmp, path);
}

#include "log-sink.h"
int relay_logs(int out_fd, int err_fd, struct log_sink *sink, pid_t child, int *status);

static char init_stack[256 * 1024] __attribute__((aligned(16)));
static int g_join_fds[8], g_join_types[8], g_njoin;


static int init_entry(void *arg)
{
	(void)arg;
	return init_main(g_join_fds, g_join_types, g_njoin);
}

int main(int argc, char **argv)
{
	run_sealed(argv);
	unsetenv(SEALED_ENV);

	unsigned long clone_flags = 0;
	const char *exit_file = NULL;
	const char *log_file = NULL, *syslog_addr = NULL, *fluentd_addr = NULL;
	const char *syslog_format = "", *log_tag = "", *log_id = "", *log_name = "", *log_cache = NULL;
	long long log_max_size = -1, cache_max_size = -1;
	int cache_max_file = 1;
	int keep_pty = 0;
	int log_max_file = 1, syslog_facility = 3, fluentd_subsecond = 0;
	int pid_join_fd = -1;
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--clone-flags") && k + 1 < argc) {
			clone_flags = strtoul(argv[++k], NULL, 16);
		} else if (!strcmp(argv[k], "--exit-file") && k + 1 < argc) {
			exit_file = argv[++k];
		} else if (!strcmp(argv[k], "--log") && k + 1 < argc) {
			log_file = argv[++k];
		} else if (!strcmp(argv[k], "--log-max-size") && k + 1 < argc) {
			log_max_size = strtoll(argv[++k], NULL, 10);
		} else if (!strcmp(argv[k], "--log-max-file") && k + 1 < argc) {
			log_max_file = atoi(argv[++k]);
		} else if (!strcmp(argv[k], "--keep-pty")) {
			keep_pty = 1;
		} else if (!strcmp(argv[k], "--keep-stdin")) {
			g_keep_stdin = 1;
		} else if (!strcmp(argv[k], "--log-cache") && k + 1 < argc) {
			log_cache = argv[++k];
		} else if (!strcmp(argv[k], "--log-cache-max-size") && k + 1 < argc) {
			cache_max_size = strtoll(argv[++k], NULL, 10);
		} else if (!strcmp(argv[k], "--log-cache-max-file") && k + 1 < argc) {
			cache_max_file = atoi(argv[++k]);
		} else if (!strcmp(argv[k], "--syslog") && k + 1 < argc) {
			syslog_addr = argv[++k];
		} else if (!strcmp(argv[k], "--syslog-format") && k + 1 < argc) {
			syslog_format = argv[++k];
		} else if (!strcmp(argv[k], "--syslog-facility") && k + 1 < argc) {
			syslog_facility = atoi(argv[++k]);
		} else if (!strcmp(argv[k], "--fluentd") && k + 1 < argc) {
			fluentd_addr = argv[++k];
		} else if (!strcmp(argv[k], "--fluentd-subsecond")) {
			fluentd_subsecond = 1;
		} else if (!strcmp(argv[k], "--log-tag") && k + 1 < argc) {
			log_tag = argv[++k];
		} else if (!strcmp(argv[k], "--log-id") && k + 1 < argc) {
			log_id = argv[++k];
		} else if (!strcmp(argv[k], "--log-name") && k + 1 < argc) {
			log_name = argv[++k];
		} else if (!strcmp(argv[k], "--join") && k + 1 < argc) {
			char *spec = argv[++k], *eq = strchr(spec, '=');
			if (!eq) {
				dprintf(2, "dockbook-shim: bad --join %s\n", spec);
				return 125;
			}
			*eq = 0;
			int type = ns_type(spec);
			/* Open every namespace before joining any: paths resolve in the host's mount namespace. */
			int fd = open(eq + 1, O_RDONLY | O_CLOEXEC);
			if (!type || fd < 0) {
				reply_err(fd < 0 ? errno : EINVAL, "open", eq + 1);
				return 125;
			}
			if (type == CLONE_NEWPID)
				pid_join_fd = fd;
			else if (g_njoin < 8) {
				/* mnt last: joining it changes what every later path means */
				g_join_fds[g_njoin] = fd;
				g_join_types[g_njoin++] = type;
			}
		} else {
			dprintf(2, "dockbook-shim: unknown argument %s\n", argv[k]);
			return 125;
		}
	}
	for (int a = 0; a < g_njoin; a++) {
		if (g_join_types[a] == CLONE_NEWNS && a != g_njoin - 1) {
			int fd = g_join_fds[a];
			g_join_fds[a] = g_join_fds[g_njoin - 1];
			g_join_fds[g_njoin - 1] = fd;
			g_join_types[a] = g_join_types[g_njoin - 1];
			g_join_types[g_njoin - 1] = CLONE_NEWNS;
		}
	}

	/* Its own session: the shim must not die with its creator's terminal. */
	setsid();
	/* The pid namespace only applies to children, so join it before cloning. */
	if (pid_join_fd >= 0 && setns(pid_join_fd, CLONE_NEWPID) < 0) {
		reply_err(errno, "setns", "pid");
		return 125;
	}

	/* The log driver opens its file or dials its receiver first: if that fails, nothing starts. */
	struct log_sink *sink = NULL;
	const char *sink_call = "open", *sink_subject = log_file;
	if (log_file)
		sink = json_file_sink(log_file, log_max_size, log_max_file, &sink_call);
	else if (syslog_addr)
		sink = syslog_sink(syslog_addr, syslog_format, syslog_facility, log_tag, &sink_call), sink_subject = syslog_addr;
	else if (fluentd_addr)
		sink = fluentd_sink(fluentd_addr, log_tag, log_id, log_name, fluentd_subsecond, &sink_call), sink_subject = fluentd_addr;
	if (sink_subject && !sink) {
		reply_err(errno, sink_call, sink_subject);
		return 125;
	}
	if (sink && log_cache && !log_file) {
		struct log_sink *tee = with_cache(sink, log_cache, cache_max_size, cache_max_file, &sink_call);
		if (!tee) {
			reply_err(errno, sink_call, log_cache);
			return 125;
		}
		sink = tee;
	}
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	if (sink && (pipe2(out_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0)) {
		reply_err(errno, "pipe", sink_subject);
		return 125;
	}
	g_out_w = out_pipe[1];
	g_err_w = err_pipe[1];

	int keep_sock = keep_pty ? keep_pty_pair() : -1;
	if (keep_pty && keep_sock < 0) {
		reply_err(errno, "socketpair", "--keep-pty");
		return 125;
	}
	pid_t child = clone(init_entry, init_stack + sizeof init_stack, (int)clone_flags | SIGCHLD, NULL);
	if (child < 0) {
		reply_err(errno, "clone", argv[0]);
		return 125;
	}
	char pidtext[16];
	snprintf(pidtext, sizeof pidtext, "%d", child);
	const char *hello[2] = {"pid", pidtext};
	send_fields(CTL_FD, 2, hello);

	/* The shim keeps nothing of the container's (but what shim-keep.c keeps): not its stdio, not the control socket. */
	close(CTL_FD);
	for (int k = 0; k < g_njoin; k++)
		close(g_join_fds[k]);
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (keep_sock >= 0) {
		close(keep_pty_init_end);
		keep_pty_receive(keep_sock);
	}

	int status = 0;
	if (sink) {
		close(out_pipe[1]);
		close(err_pipe[1]);
		if (relay_logs(out_pipe[0], err_pipe[0], sink, child, &status) < 0)
			return 125;
	} else {
		while (waitpid(child, &status, 0) < 0) {
			if (errno != EINTR)
				return 125;
		}
	}
	char line[64];
	exit_line(status, line, sizeof line);
	if (exit_file)
		write_exit_file(exit_file, line);
	write_full(STATUS_FD, line, strlen(line));
	return 0;
}
