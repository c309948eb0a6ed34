/*
 * Docker's syslog driver: each line (without its newline) becomes one syslog
 * message, stdout at severity info and stderr at err, in the format Docker
 * writes for --log-opt syslog-format:
 *   rfc5424       <PRI>1 TIMESTAMP HOST TAG PID TAG - MSG
 *   rfc5424micro  the same with microseconds in TIMESTAMP
 *   rfc3164       <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG
 *   (unset)       <PRI>Mmm dd hh:mm:ss TAG[PID]: MSG on a unix socket,
 *                 <PRI> TIMESTAMP HOST TAG[PID]: MSG elsewhere
 * and a newline after each message. PID is the process that sends (dockerd
 * there, the shim here).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "log-sink.h"

#define SEV_ERR 3
#define SEV_INFO 6

struct syslog_sink {
	struct log_sink base;
	int fd;
	int stream; /* a byte stream (tcp, unix): reconnect when it breaks */
	char address[4200];
	char format[16];
	char tag[256];
	char host[256];
	int facility;
	char *msg;
	size_t cap;
};

/* RFC 3339 in the local zone, as Go's time.RFC3339 (micro: with up to 6 fraction digits, trailing zeros dropped). */
static void rfc3339(const struct timespec *ts, int micro, char *out, size_t n)
{
	struct tm tm;
	localtime_r(&ts->tv_sec, &tm);
	size_t w = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (micro) {
		char frac[24];
		snprintf(frac, sizeof frac, "%06ld", (ts->tv_nsec / 1000) % 1000000);
		int k = 6;
		while (k > 0 && frac[k - 1] == '0')
			frac[--k] = 0;
		if (k > 0)
			w += (size_t)snprintf(out + w, n - w, ".%s", frac);
	}
	long off = tm.tm_gmtoff;
	if (off == 0)
		snprintf(out + w, n - w, "Z");
	else
		snprintf(out + w, n - w, "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
}

/* Go's time.Stamp: "Jan _2 15:04:05". */
static void stamp(const struct timespec *ts, char *out, size_t n)
{
	struct tm tm;
	localtime_r(&ts->tv_sec, &tm);
	strftime(out, n, "%b %e %H:%M:%S", &tm);
}

static void syslog_emit(struct log_sink *s, const char *stream, const char *data, size_t len, const struct timespec *ts)
{
	struct syslog_sink *y = (struct syslog_sink *)s;
	if (len > 0 && data[len - 1] == '\n')
		len--;
	int pri = y->facility * 8 + (strcmp(stream, "stderr") ? SEV_INFO : SEV_ERR);
	size_t need = len + 1024;
	if (need > y->cap) {
		char *p = realloc(y->msg, need);
		if (!p)
			return;
		y->msg = p;
		y->cap = need;
	}
	char when[64];
	int pid = getpid();
	int head;
	if (!strcmp(y->format, "rfc5424") || !strcmp(y->format, "rfc5424micro")) {
		rfc3339(ts, y->format[7] == 'm', when, sizeof when);
		head = snprintf(y->msg, y->cap, "<%d>1 %s %s %s %d %s - ", pri, when, y->host, y->tag, pid, y->tag);
	} else if (!strcmp(y->format, "rfc3164")) {
		stamp(ts, when, sizeof when);
		head = snprintf(y->msg, y->cap, "<%d>%s %s %s[%d]: ", pri, when, y->host, y->tag, pid);
	} else {
		/* No syslog-format: dockerd's default, on every transport (checked against dockerd 20.10). */
		stamp(ts, when, sizeof when);
		head = snprintf(y->msg, y->cap, "<%d>%s %s[%d]: ", pri, when, y->tag, pid);
	}
	size_t o = (size_t)head;
	memcpy(y->msg + o, data, len);
	o += len;
	y->msg[o++] = '\n';
	for (int attempt = 0; attempt < 2; attempt++) {
		if (y->fd < 0)
			y->fd = log_dial(y->address);
		if (y->fd < 0)
			return;
		if (write_all(y->fd, y->msg, o) == 0)
			return;
		if (!y->stream)
			return; /* a datagram nobody received is gone, as with Docker's UDP */
		close(y->fd);
		y->fd = -1;
	}
}

static void syslog_close(struct log_sink *s)
{
	struct syslog_sink *y = (struct syslog_sink *)s;
	if (y->fd >= 0)
		close(y->fd);
	free(y->msg);
	free(y);
}

struct log_sink *syslog_sink(const char *address, const char *format, int facility, const char *tag, const char **call)
{
	struct syslog_sink *y = calloc(1, sizeof *y);
	if (!y)
		return NULL;
	y->base.emit = syslog_emit;
	y->base.close = syslog_close;
	snprintf(y->address, sizeof y->address, "%s", address);
	snprintf(y->format, sizeof y->format, "%s", format);
	snprintf(y->tag, sizeof y->tag, "%s", tag);
	y->facility = facility;
	y->stream = !strncmp(address, "tcp:", 4) || !strncmp(address, "unix:", 5);
	if (gethostname(y->host, sizeof y->host) < 0)
		strcpy(y->host, "localhost");
	/* Docker dials when the container starts: a receiver that is not there fails the start. */
	y->fd = log_dial(address);
	if (y->fd < 0) {
		*call = "connect";
		int e = errno;
		free(y);
		errno = e;
		return NULL;
	}
	return &y->base;
}
