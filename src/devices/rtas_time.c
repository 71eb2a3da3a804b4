/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The guest's real-time clock: host UTC plus a per-VM offset in seconds that
 * set-time-of-day moves (the host clock is never touched).
 */
#include <time.h>

#include "devices/rtas.h"

static void rtas_get_time_of_day(struct rtas_call *c)
{
        struct timespec now;
        struct tm tm;
        time_t t;

        if (!rtas_check_counts(c, 0, 8))
                return;
        clock_gettime(CLOCK_REALTIME, &now);
        pthread_mutex_lock(&c->p->lock);
        t = now.tv_sec + (time_t)c->p->rtc_offset;
        pthread_mutex_unlock(&c->p->lock);
        gmtime_r(&t, &tm);
        c->rets[0] = RTAS_OUT_SUCCESS;
        c->rets[1] = (uint32_t)tm.tm_year + 1900;
        c->rets[2] = (uint32_t)tm.tm_mon + 1;
        c->rets[3] = (uint32_t)tm.tm_mday;
        c->rets[4] = (uint32_t)tm.tm_hour;
        c->rets[5] = (uint32_t)tm.tm_min;
        c->rets[6] = (uint32_t)tm.tm_sec;
        c->rets[7] = (uint32_t)now.tv_nsec;
}

static bool tod_valid(const uint32_t a[7])
{
        return a[0] >= 1900 && a[0] <= 9999 && a[1] >= 1 && a[1] <= 12 &&
               a[2] >= 1 && a[2] <= 31 && a[3] <= 23 && a[4] <= 59 && a[5] <= 60 &&
               a[6] <= 999999999;
}

static void rtas_set_time_of_day(struct rtas_call *c)
{
        struct tm tm = { 0 };
        time_t guest;

        if (!rtas_check_counts(c, 7, 1))
                return;
        if (!tod_valid(c->args)) {
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
                return;
        }
        tm.tm_year = (int)c->args[0] - 1900;
        tm.tm_mon = (int)c->args[1] - 1;
        tm.tm_mday = (int)c->args[2];
        tm.tm_hour = (int)c->args[3];
        tm.tm_min = (int)c->args[4];
        tm.tm_sec = (int)c->args[5];
        guest = timegm(&tm);
        pthread_mutex_lock(&c->p->lock);
        c->p->rtc_offset = (int64_t)guest - (int64_t)time(NULL);
        pthread_mutex_unlock(&c->p->lock);
        c->rets[0] = RTAS_OUT_SUCCESS;
}

const struct rtas_def rtas_calls_time[] = {
        { RTAS_GET_TIME_OF_DAY, "get-time-of-day", rtas_get_time_of_day },
        { RTAS_SET_TIME_OF_DAY, "set-time-of-day", rtas_set_time_of_day },
        { 0, NULL, NULL },
};
