/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hvterm console ("hvterm1" at vty@71000000): output goes straight to the
 * machine's callback; input waits in a bounded ring until the guest polls
 * with H_GET_TERM_CHAR.  When the ring is full the oldest bytes make room and
 * are counted, so a flood of input never blocks the feeder.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HVTERM_INPUT_SIZE 4096u
#define HVTERM_VTY_REG    0x71000000u

struct hvterm {
        pthread_mutex_t lock;
        uint8_t buf[HVTERM_INPUT_SIZE];
        size_t head, len;           /* oldest byte at buf[head] */
        uint64_t dropped;           /* input bytes lost to a full ring */
        bool signal;                /* H_VIO_SIGNAL: interrupt on new input */
};

void hvterm_init(struct hvterm *t);
void hvterm_fini(struct hvterm *t);
void hvterm_reset(struct hvterm *t);
/* Queues input; returns len (all of it is taken, the oldest may be dropped).
 * *ret_notify (may be NULL) says whether the guest asked for an interrupt
 * and the ring was empty before (the moment QEMU's vty pulses its irq). */
size_t hvterm_input(struct hvterm *t, const uint8_t *buf, size_t len, bool *ret_notify);
void hvterm_set_signal(struct hvterm *t, bool on);
/* Takes up to max bytes of input; returns how many. */
size_t hvterm_read(struct hvterm *t, uint8_t *buf, size_t max);
uint64_t hvterm_dropped(struct hvterm *t);
