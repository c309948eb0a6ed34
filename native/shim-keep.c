/*
 * What the shim keeps of a container's stdin for an engine that restarts:
 * the pty master (-t) or the write end of the stdin pipe (-i), at fd 5.
 *
 * The engine holds its own copy and does the relaying; the shim's copy only
 * keeps the terminal or pipe alive, as containerd-shim keeps a container's
 * stdio while dockerd is away. Without it, the engine's death closes the last
 * master (the shell gets SIGHUP) or the last writer (the program reads EOF).
 * A restarted engine takes a copy back from here with pidfd_getfd.
 *
 * The pty is made inside the container by the init (pty-inside.c), so the
 * init sends the master to the shim over a socket pair made before clone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define KEEP_FD 5

/* The init's end of the pair (-1: nothing to send); the shim's end is returned. */
int keep_pty_init_end = -1;

int keep_pty_pair(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	keep_pty_init_end = sv[1];
	return sv[0];
}

/*
 * In the shim, after clone: waits for the master (or for the init to exec
 * or die without one: end-of-file) and keeps it at KEEP_FD.
 */
void keep_pty_receive(int sock)
{
	char data;
	struct iovec iov = {.iov_base = &data, .iov_len = 1};
	char ctrl[CMSG_SPACE(sizeof(int))];
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl, .msg_controllen = sizeof ctrl};
	ssize_t r;
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	close(sock);
	struct cmsghdr *c = r > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return;
	int master;
	memcpy(&master, CMSG_DATA(c), sizeof master);
	if (master != KEEP_FD) {
		dup2(master, KEEP_FD);
		close(master);
	}
}
