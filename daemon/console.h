/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A VM's console: a ring of the guest's recent output, kept while nobody is
 * attached, and the readers attached to it (OpenConsole file descriptors, the
 * PTY).  Each reader has its own position in the ring, so a slow reader
 * delays nobody: when the ring overtakes it, the bytes it missed are counted.
 *
 * console_append() may be called from vcpu threads; everything else runs on
 * the main thread.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-event.h>

typedef struct Console Console;

/* Input from a reader goes to the guest through this function. */
typedef size_t (*console_input_fn)(void *userdata, const uint8_t *buf, size_t len);

Console *console_new(sd_event *event, size_t ring_size, console_input_fn input, void *userdata);
void console_free(Console *c);

/* Thread safe.  Returns true when the main thread should call
 * console_flush() (the caller then wakes it). */
bool console_append(Console *c, const uint8_t *buf, size_t len);
/* Main thread: pushes new output to every reader. */
void console_flush(Console *c);

/* Attaches a reader: fd is owned by the console from now on.  With replay,
 * the reader first gets what the ring still holds.  Returns 0 or -errno. */
int console_attach(Console *c, int fd, bool replay);
/* Opens a PTY reader; its path is returned by console_pty_path(). */
int console_open_pty(Console *c);
const char *console_pty_path(const Console *c);
void console_detach_all(Console *c);

uint64_t console_dropped(const Console *c);   /* bytes the ring overwrote unread by any reader */
uint64_t console_total(const Console *c);     /* bytes the guest wrote */
/* Copies the ring's current contents (for tests and `info`). */
size_t console_snapshot(Console *c, uint8_t *buf, size_t len);
