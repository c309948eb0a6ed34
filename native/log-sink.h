/*
 * Where the shim's log relay sends a container's output: a json-file log
 * (rotated by size), a syslog receiver or a fluentd Forward receiver.
 *
 * The drivers run in the shim, not in the engine. Docker runs them in the
 * daemon and feeds them from the shim's fifos, so while dockerd is down the
 * pipes fill and the container blocks on write. Here the shim outlives the
 * engine and owns the destination itself: a daemon restart loses no line
 * and stalls no container, and nothing has to be re-attached afterwards.
 */
#ifndef DOCKBOOK_LOG_SINK_H
#define DOCKBOOK_LOG_SINK_H
#include <stddef.h>
#include <time.h>

struct log_sink {
	/* One line (or a 16 KiB piece of one), with its newline if it had one. */
	void (*emit)(struct log_sink *s, const char *stream, const char *data, size_t len, const struct timespec *ts);
	void (*close)(struct log_sink *s);
};

/* Each returns NULL with errno set, and names the failed call in *call. */
struct log_sink *json_file_sink(const char *path, long long max_size, int max_files, const char **call);
/* address: unix:PATH, unixgram:PATH, udp:HOST:PORT or tcp:HOST:PORT. */
struct log_sink *syslog_sink(const char *address, const char *format, int facility, const char *tag, const char **call);
/* address: tcp:HOST:PORT or unix:PATH. */
struct log_sink *fluentd_sink(const char *address, const char *tag, const char *id, const char *name, int subsecond, const char **call);

/* Dual logging: `remote` and a json-file cache at path (see log-cache.c); NULL leaves remote to the caller. */
struct log_sink *with_cache(struct log_sink *remote, const char *path, long long max_size, int max_files, const char **call);

/* Opens a stream or datagram socket to one of the addresses above (-1, errno on failure). */
int log_dial(const char *address);

int write_all(int fd, const void *p, size_t n);

#endif
