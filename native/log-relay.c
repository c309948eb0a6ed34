/*
 * The shim's log relay: reads a container's stdout and stderr pipes and
 * appends every line to a file in Docker's json-file format,
 *   {"log":"hello\n","stream":"stdout","time":"2026-11-23T15:04:05.123456789Z"}
 * The shim does this, not the engine, so that logs keep flowing while the
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

/* Docker splits a line that has no newline after 16 KiB. */
#define MAX_LINE (16 * 1024)

struct stream {
	int fd;
	const char *name;
	char buf[MAX_LINE];
	size_t len;
};

static void now_rfc3339(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t w = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + w, n - w, ".%09ldZ", ts.tv_nsec);
}

static void emit(int log_fd, const char *stream, const char *data, size_t len)
{
	/* Worst case every byte becomes \u00XX: 6x, plus the frame. */
	static char line[MAX_LINE * 6 + 128];
	char when[64];
	now_rfc3339(when, sizeof when);
	size_t o = (size_t)snprintf(line, sizeof line, "{\"log\":\"");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		switch (c) {
		case '"': line[o++] = '\\'; line[o++] = '"'; break;
		case '\\': line[o++] = '\\'; line[o++] = '\\'; break;
		case '\n': line[o++] = '\\'; line[o++] = 'n'; break;
		case '\r': line[o++] = '\\'; line[o++] = 'r'; break;
		case '\t': line[o++] = '\\'; line[o++] = 't'; break;
		default:
			if (c < 0x20)
				o += (size_t)sprintf(line + o, "\\u%04x", c);
			else
				line[o++] = (char)c;
		}
	}
	o += (size_t)snprintf(line + o, sizeof line - o, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", stream, when);
	/* One write per line on an O_APPEND file: a reader never sees half a line. */
	for (size_t off = 0; off < o;) {
		ssize_t w = write(log_fd, line + off, o - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* Emits every complete line in the buffer (and a full buffer as a partial line). */
static void drain(int log_fd, struct stream *s, int flush_all)
{
	size_t start = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] == '\n') {
			emit(log_fd, s->name, s->buf + start, i + 1 - start);
			start = i + 1;
		}
	}
	if ((flush_all || s->len - start == MAX_LINE) && s->len > start) {
		emit(log_fd, s->name, s->buf + start, s->len - start);
		start = s->len;
	}
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

/* Relays until both pipes close, then reaps the container's process. */
int relay_logs(int out_fd, int err_fd, const char *path, pid_t child, int *status)
{
	int log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
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
				if (log_fd >= 0)
					drain(log_fd, s, 1);
				close(s->fd);
				s->fd = -1;
				open_streams--;
				continue;
			}
			s->len += (size_t)r;
			if (log_fd >= 0)
				drain(log_fd, s, 0);
			else
				s->len = 0;
		}
	}
	if (log_fd >= 0)
		close(log_fd);
	while (waitpid(child, status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}
