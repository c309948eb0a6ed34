/*
 * Batched init calls: the engine sends a whole sequence of calls in one
 * frame and the init answers them in one frame, instead of one round trip
 * per call (about a hundred per container). See init-batch.c.
 */
#ifndef DOCKBOOK_INIT_BATCH_H
#define DOCKBOOK_INIT_BATCH_H
#include <stdint.h>

/* Runs one call given as fields (op name first), answering through the shim's reply functions. */
typedef void (*init_call_fn)(uint32_t count, char **field, uint32_t *len);

/* The "batch" op: field[1..] are the calls (see init-batch.c). Answers on ctl_fd. */
void init_batch(uint32_t count, char **field, const uint32_t *len, init_call_fn run, int ctl_fd);

/* While a batch runs, takes a call's reply instead of it being sent: returns 1 when it took it. */
int init_batch_capture(int n, const char **fields);
#endif
