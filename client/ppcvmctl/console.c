/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ppcvmctl.h"

#define ESCAPE_CHAR 0x1d   /* Ctrl-] */

volatile sig_atomic_t console_interrupted;

static bool write_all(int fd, const char *buf, size_t len)
{
        while (len > 0) {
                ssize_t n = write(fd, buf, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN) {
                        struct pollfd p = { .fd = fd, .events = POLLOUT };
                        poll(&p, 1, -1);
                        continue;
                }
                if (n <= 0)
                        return false;
                buf += n;
                len -= (size_t)n;
        }
        return true;
}

int console_pump(int fd, bool interactive, bool show_escape_hint)
{
        struct termios saved, raw;
        bool tty = interactive && isatty(STDIN_FILENO);
        bool stdin_open = true;
        int left = 0;
        char buf[4096];

        if (tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
                raw = saved;
                cfmakeraw(&raw);
                raw.c_oflag |= OPOST | ONLCR;
                tcsetattr(STDIN_FILENO, TCSANOW, &raw);
        } else {
                tty = false;
        }
        if (show_escape_hint)
                fprintf(stderr, "Connected to the console. Press Ctrl-] to leave.\r\n");
        for (;;) {
                struct pollfd p[2] = {
                        { .fd = fd, .events = POLLIN },
                        { .fd = STDIN_FILENO, .events = POLLIN },
                };
                int n = poll(p, stdin_open && interactive ? 2 : 1, -1);
                if (console_interrupted) {
                        left = 2;
                        break;
                }
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        break;
                if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
                        ssize_t r = read(fd, buf, sizeof(buf));
                        if (r < 0 && (errno == EINTR || errno == EAGAIN))
                                continue;
                        if (r <= 0)
                                break;
                        if (!write_all(STDOUT_FILENO, buf, (size_t)r))
                                break;
                }
                if (stdin_open && interactive && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
                        ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
                        if (r <= 0) {
                                stdin_open = false;
                                continue;
                        }
                        char *esc = tty ? memchr(buf, ESCAPE_CHAR, (size_t)r) : NULL;
                        if (esc)
                                r = esc - buf;
                        if (r > 0 && !write_all(fd, buf, (size_t)r))
                                break;
                        if (esc) {
                                left = 1;
                                break;
                        }
                }
        }
        if (tty)
                tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        return left;
}
