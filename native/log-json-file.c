/*
 * Docker's json-file driver: one JSON object per line,
 *   {"log":"hello\n","stream":"stdout","time":"2026-11-23T15:04:05.123456789Z"}
 * rotated as Docker rotates it: before a line is written, a file that has
 * reached max-size moves to PATH.1 (PATH.1 to PATH.2, …, the oldest beyond
 * max-file is overwritten) and a new empty PATH is opened. With max-file 1
 * the file is simply emptied.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "log-sink.h"

struct json_file {
	struct log_sink base;
	int fd;
	char path[PATH_MAX];
	long long max_size; /* -1: never rotate */
	int max_files;
	long long size;
	char *line;
	size_t cap;
};

static void rfc3339_nano(const struct timespec *ts, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&ts->tv_sec, &tm);
	size_t w = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + w, n - w, ".%09ldZ", ts->tv_nsec);
}

/* The JSON string body of data: quotes, backslashes and control bytes escaped. */
size_t json_escape(char *out, const char *data, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		switch (c) {
		case '"': out[o++] = '\\'; out[o++] = '"'; break;
		case '\\': out[o++] = '\\'; out[o++] = '\\'; break;
		case '\n': out[o++] = '\\'; out[o++] = 'n'; break;
		case '\r': out[o++] = '\\'; out[o++] = 'r'; break;
		case '\t': out[o++] = '\\'; out[o++] = 't'; break;
		default:
			if (c < 0x20)
				o += (size_t)sprintf(out + o, "\\u%04x", c);
			else
				out[o++] = (char)c;
		}
	}
	return o;
}

static int reopen(struct json_file *j, int flags)
{
	j->fd = open(j->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | flags, 0640);
	return j->fd;
}

static void rotate(struct json_file *j)
{
	char from[PATH_MAX + 16], to[PATH_MAX + 16];
	close(j->fd);
	for (int i = j->max_files - 1; i > 1; i--) {
		snprintf(from, sizeof from, "%s.%d", j->path, i - 1);
		snprintf(to, sizeof to, "%s.%d", j->path, i);
		rename(from, to);
	}
	if (j->max_files > 1) {
		snprintf(to, sizeof to, "%s.1", j->path);
		rename(j->path, to);
	}
	reopen(j, O_TRUNC);
	j->size = 0;
}

static void json_emit(struct log_sink *s, const char *stream, const char *data, size_t len, const struct timespec *ts)
{
	struct json_file *j = (struct json_file *)s;
	if (j->fd < 0)
		return;
	/* Worst case every byte becomes \u00XX: 6x, plus the frame. */
	size_t need = len * 6 + 128;
	if (need > j->cap) {
		char *p = realloc(j->line, need);
		if (!p)
			return;
		j->line = p;
		j->cap = need;
	}
	char when[64];
	rfc3339_nano(ts, when, sizeof when);
	size_t o = (size_t)sprintf(j->line, "{\"log\":\"");
	o += json_escape(j->line + o, data, len);
	o += (size_t)snprintf(j->line + o, j->cap - o, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", stream, when);
	if (j->max_size > 0 && j->size >= j->max_size) {
		rotate(j);
		if (j->fd < 0)
			return;
	}
	/* One write per line on an O_APPEND file: a reader never sees half a line. */
	if (write_all(j->fd, j->line, o) == 0)
		j->size += (long long)o;
}

static void json_close(struct log_sink *s)
{
	struct json_file *j = (struct json_file *)s;
	if (j->fd >= 0)
		close(j->fd);
	free(j->line);
	free(j);
}

struct log_sink *json_file_sink(const char *path, long long max_size, int max_files, const char **call)
{
	struct json_file *j = calloc(1, sizeof *j);
	if (!j || strlen(path) >= sizeof j->path) {
		free(j);
		*call = "open";
		errno = ENAMETOOLONG;
		return NULL;
	}
	j->base.emit = json_emit;
	j->base.close = json_close;
	snprintf(j->path, sizeof j->path, "%s", path);
	j->max_size = max_size;
	j->max_files = max_files < 1 ? 1 : max_files;
	if (reopen(j, 0) < 0) {
		*call = "open";
		free(j);
		return NULL;
	}
	/* A restarted container appends: its file is as full as it was. */
	struct stat st;
	if (fstat(j->fd, &st) == 0)
		j->size = st.st_size;
	return &j->base;
}
