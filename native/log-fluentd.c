/*
 * Docker's fluentd driver: each line (without its newline) goes to a Forward
 * protocol receiver as one msgpack message
 *   [tag, time, {"container_id": …, "container_name": "/name", "source": "stdout"|"stderr", "log": …}]
 * time is whole seconds, or an EventTime (ext type 0: u32 seconds, u32
 * nanoseconds) with fluentd-sub-second-precision. A broken connection is
 * dialled again once per message; a message that still cannot go is dropped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log-sink.h"

struct fluentd_sink {
	struct log_sink base;
	int fd;
	int subsecond;
	char address[4200];
	char tag[256];
	char id[80];
	char name[300];
	uint8_t *buf;
	size_t cap, len;
};

static void put(struct fluentd_sink *f, const void *p, size_t n)
{
	memcpy(f->buf + f->len, p, n);
	f->len += n;
}

static void put_be(struct fluentd_sink *f, uint64_t v, int bytes)
{
	for (int k = bytes - 1; k >= 0; k--)
		f->buf[f->len++] = (uint8_t)(v >> (8 * k));
}

/* msgpack str: fixstr, str8, str16 or str32 by length. */
static void put_str(struct fluentd_sink *f, const char *s, size_t n)
{
	if (n < 32) {
		f->buf[f->len++] = (uint8_t)(0xa0 | n);
	} else if (n < 0x100) {
		f->buf[f->len++] = 0xd9;
		put_be(f, n, 1);
	} else if (n < 0x10000) {
		f->buf[f->len++] = 0xda;
		put_be(f, n, 2);
	} else {
		f->buf[f->len++] = 0xdb;
		put_be(f, n, 4);
	}
	put(f, s, n);
}

static void put_cstr(struct fluentd_sink *f, const char *s) { put_str(f, s, strlen(s)); }

static void fluentd_emit(struct log_sink *s, const char *stream, const char *data, size_t len, const struct timespec *ts)
{
	struct fluentd_sink *f = (struct fluentd_sink *)s;
	if (len > 0 && data[len - 1] == '\n')
		len--;
	size_t need = len + 1024;
	if (need > f->cap) {
		uint8_t *p = realloc(f->buf, need);
		if (!p)
			return;
		f->buf = p;
		f->cap = need;
	}
	f->len = 0;
	f->buf[f->len++] = 0x93; /* [tag, time, record] */
	put_cstr(f, f->tag);
	if (f->subsecond) {
		f->buf[f->len++] = 0xd7; /* fixext 8, type 0: EventTime */
		f->buf[f->len++] = 0x00;
		put_be(f, (uint64_t)ts->tv_sec, 4);
		put_be(f, (uint64_t)ts->tv_nsec, 4);
	} else {
		f->buf[f->len++] = 0xce; /* uint32 */
		put_be(f, (uint64_t)ts->tv_sec, 4);
	}
	f->buf[f->len++] = 0x84; /* a map of four */
	put_cstr(f, "container_id");
	put_cstr(f, f->id);
	put_cstr(f, "container_name");
	put_cstr(f, f->name);
	put_cstr(f, "source");
	put_cstr(f, stream);
	put_cstr(f, "log");
	put_str(f, data, len);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (f->fd < 0)
			f->fd = log_dial(f->address);
		if (f->fd < 0)
			return;
		if (write_all(f->fd, f->buf, f->len) == 0)
			return;
		close(f->fd);
		f->fd = -1;
	}
}

static void fluentd_close(struct log_sink *s)
{
	struct fluentd_sink *f = (struct fluentd_sink *)s;
	if (f->fd >= 0)
		close(f->fd);
	free(f->buf);
	free(f);
}

struct log_sink *fluentd_sink(const char *address, const char *tag, const char *id, const char *name, int subsecond, const char **call)
{
	struct fluentd_sink *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->base.emit = fluentd_emit;
	f->base.close = fluentd_close;
	f->subsecond = subsecond;
	snprintf(f->address, sizeof f->address, "%s", address);
	snprintf(f->tag, sizeof f->tag, "%s", tag);
	snprintf(f->id, sizeof f->id, "%s", id);
	snprintf(f->name, sizeof f->name, "%s", name);
	/* Docker connects when the container starts (unless fluentd-async): no receiver, no start. */
	f->fd = log_dial(address);
	if (f->fd < 0) {
		*call = "connect";
		int e = errno;
		free(f);
		errno = e;
		return NULL;
	}
	return &f->base;
}
