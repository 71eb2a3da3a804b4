/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdbool.h>
#include <systemd/sd-bus.h>

#define BUS_NAME   "org.ppcvm.ppcvmd1"
#define MGR_PATH   "/org/ppcvm/ppcvmd1"
#define VM_PREFIX  "/org/ppcvm/ppcvmd1/vm"
#define MGR_IFACE  "org.ppcvm.ppcvmd1.Manager"
#define VM_IFACE   "org.ppcvm.ppcvmd1.VM"
#define VCPU_IFACE "org.ppcvm.ppcvmd1.VCPU"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sd_bus_message, sd_bus_message_unref)

extern bool arg_json;
extern sd_bus *bus;
extern volatile sig_atomic_t console_interrupted;

int vm_path(const char *name, char **ret);
int cmd_run(int argc, char **argv);

/* console.c: pumps a console fd to stdout and stdin to it until the fd
 * closes or the user types Ctrl-].  Returns 0, 1 when the user left, 2 when
 * a signal (SIGINT, SIGTERM) interrupted it. */
int console_pump(int fd, bool interactive, bool show_escape_hint);

/* output.c */
void print_json(JsonNode *node);
int print_bus_error(const char *what, const sd_bus_error *error, int r);
