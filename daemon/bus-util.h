/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* D-Bus helpers shared by the object files: errors and authorization. */
#pragma once

#include <glib.h>
#include <systemd/sd-bus.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sd_bus_message, sd_bus_message_unref)

/* Maps a VM_ERROR GError to a D-Bus error; returns the negative errno sd-bus wants. */
int bus_set_gerror(sd_bus_error *ret_error, const GError *error);
/* Sets a kernel-shaped failure: the error name is the errno's name
 * (org.ppcvm.ppcvmd1.Error.EINVAL), the message says what failed. */
int bus_set_errno(sd_bus_error *ret_error, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Methods that change state: root, the daemon's own user, or the ppcvm
 * group.  Returns 0, or a negative errno with AccessDenied set. */
int bus_check_write_access(sd_bus_message *m, sd_bus_error *ret_error);

const char *kvm_exit_reason_name(unsigned reason);
