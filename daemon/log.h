/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Logging for the daemon: to the journal (with sd-daemon priority prefixes)
 * when stderr is a journal stream, to plain stderr otherwise.  Only the
 * outermost caller logs; library code returns errors.
 */
#pragma once

#include <syslog.h>

void log_setup(const char *ident);
void log_set_max_level(int level);
void log_msg(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...)   log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)    log_msg(LOG_INFO, __VA_ARGS__)
#define log_notice(...)  log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_error(...)   log_msg(LOG_ERR, __VA_ARGS__)
