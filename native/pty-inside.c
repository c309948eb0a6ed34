/*
 * A container's terminal, made where runc makes it: inside the container,
 * after its mounts, from the /dev/ptmx of its own devpts (mounted with
 * newinstance). The program then sees /dev/pts/0 on its stdio, and `tty`
 * names a file that exists in the container. A pty opened on the host's
 * devpts would be a terminal whose path is nowhere in the container's /dev.
 *
 * A container's own terminal is also its /dev/console (runc bind-mounts
 * the slave there); an exec's is not.
 *
 * The init keeps the master open and tells the engine its number; the
 * engine takes its own copy (pidfd_getfd) before the init execs, and the
 * init's copy is closed at exec like every descriptor but stdio.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

/* Binds the slave at `console` over an empty file, the mount point runc makes. */
static int bind_console(const char *slave_path, const char *console, const char **call)
{
	*call = "open";
	int target = open(console, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (target < 0)
		return -1;
	close(target);
	*call = "mount";
	return mount(slave_path, console, NULL, MS_BIND, NULL);
}

/* Opens the slave of `master` as fd 0, 1 and 2. */
static int slave_as_stdio(int master, const char *console, const char **call)
{
	char path[64];
	*call = "unlockpt";
	if (unlockpt(master) < 0)
		return -1;
	*call = "ptsname";
	if (ptsname_r(master, path, sizeof path) != 0)
		return -1;
	*call = "open";
	int slave = open(path, O_RDWR | O_NOCTTY);
	if (slave < 0)
		return -1;
	int rc = console ? bind_console(path, console, call) : 0;
	for (int fd = 0; rc == 0 && fd < 3; fd++) {
		*call = "dup2";
		if (dup2(slave, fd) < 0)
			rc = -1;
	}
	int err = errno;
	if (slave > 2)
		close(slave);
	errno = err;
	return rc;
}

/*
 * Returns the master (the slave is now fd 0, 1 and 2), or -1 with errno and
 * the failed call in *call. With a console path, the slave is bound there.
 */
int pty_inside(const char *console, const char **call)
{
	*call = "open";
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return -1;
	if (slave_as_stdio(master, console, call) < 0) {
		int err = errno;
		close(master);
		errno = err;
		return -1;
	}
	return master;
}
