/*
 * The shim's log relay: reads a container's stdout and stderr pipes, cuts
 * them into lines and hands each to the log driver (see log-sink.h). The
 * shim does this, not the engine, so that logs keep flowing while the
 * engine is down (a daemon restart must find them complete).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "log-sink.h"

/* Docker splits a line that has no newline after 16 KiB. */
#define MAX_LINE (16 * 1024)

struct stream {
	int fd;
	const char *name;
	char buf[MAX_LINE];
	size_t len;
};

static void emit(struct log_sink *sink, const char *stream, const char *data, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	sink->emit(sink, stream, data, len, &ts);
}

/* Emits every complete line in the buffer (and a full buffer as a partial line). */
static void drain(struct log_sink *sink, struct stream *s, int flush_all)
{
	size_t start = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] == '\n') {
			emit(sink, s->name, s->buf + start, i + 1 - start);
			start = i + 1;
		}
	}
	if ((flush_all || s->len - start == MAX_LINE) && s->len > start) {
		emit(sink, s->name, s->buf + start, s->len - start);
		start = s->len;
	}
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

/* Relays until both pipes close, then reaps the container's process. */
int relay_logs(int out_fd, int err_fd, struct log_sink *sink, pid_t child, int *status)
{
	static struct stream streams[2];
	streams[0].fd = out_fd;
	streams[0].name = "stdout";
	streams[1].fd = err_fd;
	streams[1].name = "stderr";
	int open_streams = 2;
	while (open_streams > 0) {
		struct pollfd p[2];
		int n = 0;
		for (int k = 0; k < 2; k++) {
			if (streams[k].fd >= 0) {
				p[n].fd = streams[k].fd;
				p[n].events = POLLIN;
				n++;
			}
		}
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0, j = 0; k < 2; k++) {
			struct stream *s = &streams[k];
			if (s->fd < 0)
				continue;
			short ev = p[j++].revents;
			if (!(ev & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t r = read(s->fd, s->buf + s->len, MAX_LINE - s->len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (sink)
					drain(sink, s, 1);
				close(s->fd);
				s->fd = -1;
				open_streams--;
				continue;
			}
			s->len += (size_t)r;
			if (sink)
				drain(sink, s, 0);
			else
				s->len = 0;
		}
	}
	if (sink)
		sink->close(sink);
	while (waitpid(child, status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}
