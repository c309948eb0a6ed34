/*
 * The "batch" op of a container's init.
 *
 * Building a container is about a hundred calls (mount, mkdir, mknod, …),
 * each a blocking round trip between the engine and the init: two context
 * switches and a few syscalls per call, more than the call itself costs.
 * When no learner is stepping through the calls, the engine sends them all
 * in one frame; the init runs them in order, stops at the first failure, and
 * answers with every call's reply and timing in one frame. The engine still
 * reports one traced call per entry, with its own result or errno.
 *
 * Request: "batch", then one field per call: a frame (as on the socket) of
 *   [tolerated errnos, op, args…]; the errnos ("2,17" or "") end that call
 *   only, not the batch.
 * Reply: "batch", then one field per call that ran: a frame of the call's
 *   own reply ("ok" value | "err" errno call subject) followed by its start
 *   (µs since the epoch) and its duration (ns).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "init-batch.h"

#define MAX_CALL_FIELDS 4096

/* Growing byte buffer holding the reply frame under construction. */
struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_u32(struct buf *b, uint32_t v) { put(b, &v, 4); }

static void put_field(struct buf *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	put(b, s, n);
}

/* The reply of the call now running, taken by init_batch_capture. */
static int capturing;
static int captured_n;
static char *captured[4];

static void set_reply(int n, const char **fields)
{
	captured_n = n > 4 ? 4 : n;
	for (int i = 0; i < captured_n; i++)
		captured[i] = strdup(fields[i]);
}

int init_batch_capture(int n, const char **fields)
{
	if (!capturing)
		return 0;
	set_reply(n, fields);
	return 1;
}

static void drop_captured(void)
{
	for (int i = 0; i < captured_n; i++)
		free(captured[i]);
	captured_n = 0;
}

/* Splits a call's frame into NUL-terminated fields; returns the count, or -1 if malformed. */
static int split_call(const char *p, uint32_t n, char **fields, uint32_t *lens)
{
	uint32_t count, off = 4;
	if (n < 4)
		return -1;
	memcpy(&count, p, 4);
	if (count < 2 || count > MAX_CALL_FIELDS)
		return -1;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t l = 0;
		if (n - off >= 4)
			memcpy(&l, p + off, 4);
		char *f = n - off >= 4 && l <= n - off - 4 ? malloc(l + 1) : NULL;
		if (!f) {
			while (i > 0)
				free(fields[--i]);
			return -1;
		}
		off += 4;
		fields[i] = f;
		memcpy(fields[i], p + off, l);
		fields[i][l] = 0;
		lens[i] = l;
		off += l;
	}
	return (int)count;
}

static int tolerated(const char *list, int err)
{
	for (const char *s = list; *s;) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s)
			break;
		if (v == err)
			return 1;
		s = *end == ',' ? end + 1 : end;
	}
	return 0;
}

static long long now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Runs one call of the batch and appends its reply; returns 0 when the batch goes on. */
static int run_one(const char *frame, uint32_t n, init_call_fn run, struct buf *out)
{
	static char *fields[MAX_CALL_FIELDS];
	static uint32_t lens[MAX_CALL_FIELDS];
	int count = split_call(frame, n, fields, lens);
	long long start = now_ns(CLOCK_REALTIME), t0 = now_ns(CLOCK_MONOTONIC);
	const char *op = count > 1 ? fields[1] : "batch";
	drop_captured();
	if (count < 0) {
		const char *f[4] = {"err", "22", "batch", "malformed call"};
		set_reply(4, f);
	} else if (!strcmp(op, "exec") || !strcmp(op, "batch")) {
		/* exec hands the socket over to the program; a batch inside a batch means nothing */
		const char *f[4] = {"err", "22", op, "cannot be part of a batch"};
		set_reply(4, f);
	} else {
		capturing = 1;
		run((uint32_t)count - 1, fields + 1, lens + 1);
		capturing = 0;
	}
	if (captured_n == 0) {
		const char *f[4] = {"err", "5", op, "no reply"};
		set_reply(4, f);
	}
	long long dur = now_ns(CLOCK_MONOTONIC) - t0;
	int failed = strcmp(captured[0], "ok") != 0;
	int stop = failed && !(count > 0 && captured_n > 1 && tolerated(fields[0], atoi(captured[1])));

	char start_us[24], dur_ns[24];
	snprintf(start_us, sizeof start_us, "%lld", start / 1000);
	snprintf(dur_ns, sizeof dur_ns, "%lld", dur);
	struct buf one = {0};
	put_u32(&one, (uint32_t)captured_n + 2);
	for (int i = 0; i < captured_n; i++)
		put_field(&one, captured[i], strlen(captured[i]));
	put_field(&one, start_us, strlen(start_us));
	put_field(&one, dur_ns, strlen(dur_ns));
	put_field(out, one.p, one.len);
	if (one.failed)
		out->failed = 1;
	free(one.p);
	drop_captured();
	for (int i = 0; i < count; i++)
		free(fields[i]);
	return stop;
}

void init_batch(uint32_t count, char **field, const uint32_t *len, init_call_fn run, int ctl_fd)
{
	struct buf out = {0};
	uint32_t ran = 0;
	put_u32(&out, 0); /* the count, filled in below */
	put_field(&out, "batch", 5);
	for (uint32_t i = 1; i < count; i++) {
		ran++;
		if (run_one(field[i], len[i], run, &out))
			break;
	}
	if (out.failed) {
		free(out.p);
		/* No memory for the answer: say so in a frame small enough to send. */
		const char *f[4] = {"err", "12", "batch", "no memory for the reply"};
		struct buf small = {0};
		put_u32(&small, 4);
		for (int i = 0; i < 4; i++)
			put_field(&small, f[i], strlen(f[i]));
		out = small;
	} else {
		uint32_t total = ran + 1;
		memcpy(out.p, &total, 4);
	}
	for (size_t off = 0; off < out.len && !out.failed;) {
		ssize_t w = write(ctl_fd, out.p + off, out.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(out.p);
}
