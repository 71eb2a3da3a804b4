/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *log_ident = "ppcvmd";
static bool log_to_journal;
static int log_max_level = LOG_INFO;

void log_setup(const char *ident)
{
        log_ident = ident;
        /* systemd sets JOURNAL_STREAM when stderr is connected to the journal. */
        log_to_journal = getenv("JOURNAL_STREAM") != NULL;
}

void log_set_max_level(int level)
{
        log_max_level = level;
}

void log_msg(int priority, const char *fmt, ...)
{
        char buf[1024];
        va_list ap;

        if (priority > log_max_level)
                return;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (log_to_journal)
                fprintf(stderr, "<%d>%s\n", priority, buf);
        else
                fprintf(stderr, "%s: %s\n", log_ident, buf);
}
