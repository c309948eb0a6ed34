/*
 * Dual logging (Docker 20.10): a driver that cannot be read back (syslog,
 * fluentd) gets a local cache beside it, so `docker logs` and an attached
 * `docker run` still see the container's lines. Docker keeps the cache in
 * its `local` driver's format in container-cached.log; here it is the
 * json-file format, which the engine already reads, in a file of that
 * name, rotated by the cache-max-size and cache-max-file options.
 *
 * Every line goes to the remote driver and to the cache: a receiver that
 * is down costs the remote copy, never the local one.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include "log-sink.h"

struct tee {
	struct log_sink base;
	struct log_sink *remote;
	struct log_sink *cache;
};

static void tee_emit(struct log_sink *s, const char *stream, const char *data, size_t len, const struct timespec *ts)
{
	struct tee *t = (struct tee *)s;
	t->cache->emit(t->cache, stream, data, len, ts);
	t->remote->emit(t->remote, stream, data, len, ts);
}

static void tee_close(struct log_sink *s)
{
	struct tee *t = (struct tee *)s;
	t->remote->close(t->remote);
	t->cache->close(t->cache);
	free(t);
}

struct log_sink *with_cache(struct log_sink *remote, const char *path, long long max_size, int max_files, const char **call)
{
	struct log_sink *cache = json_file_sink(path, max_size, max_files, call);
	if (!cache)
		return NULL;
	struct tee *t = calloc(1, sizeof *t);
	if (!t) {
		cache->close(cache);
		*call = "malloc";
		return NULL;
	}
	t->base.emit = tee_emit;
	t->base.close = tee_close;
	t->remote = remote;
	t->cache = cache;
	return &t->base;
}
