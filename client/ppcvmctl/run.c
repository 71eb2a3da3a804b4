/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvmctl run: one guest in a transient VM, its console on this terminal,
 * and an exit status that says how the guest ended.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ppcvmctl.h"

enum {
        RUN_EXIT_POWEROFF = 0,
        RUN_EXIT_ERROR = 1,
        RUN_EXIT_REBOOT = 2,
        RUN_EXIT_OS_TERM = 3,
        RUN_EXIT_CRASH = 4,
};

static char *stop_reason;

static int on_stopped(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        const char *reason;
        if (sd_bus_message_read(m, "s", &reason) >= 0) {
                g_free(stop_reason);
                stop_reason = g_strdup(reason);
        }
        return 0;
}

/* SIZE: MiB by default, or with a K, M, G or T suffix (binary). */
static int parse_memory(const char *s, uint64_t *ret_mib)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        uint64_t mul = 1ull << 20;

        if (errno || end == s || v <= 0)
                return -EINVAL;
        switch (*end) {
        case 'K': case 'k': mul = 1ull << 10; end++; break;
        case 'M': case 'm': mul = 1ull << 20; end++; break;
        case 'G': case 'g': mul = 1ull << 30; end++; break;
        case 'T': case 't': mul = 1ull << 40; end++; break;
        case 0: break;
        default: return -EINVAL;
        }
        if (*end == 'i' || *end == 'B')
                end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
        if (*end || v * (double)mul > (double)(1ull << 50))
                return -EINVAL;
        uint64_t bytes = (uint64_t)(v * (double)mul);
        if (bytes % (1ull << 20))
                return -EINVAL;
        *ret_mib = bytes >> 20;
        return 0;
}

static void on_signal(int sig)
{
        console_interrupted = 1;
}

static int exit_status_for(const char *reason)
{
        if (!reason)
                return RUN_EXIT_ERROR;
        if (strcmp(reason, "poweroff") == 0)
                return RUN_EXIT_POWEROFF;
        if (g_str_has_prefix(reason, "reboot"))
                return RUN_EXIT_REBOOT;
        if (g_str_has_prefix(reason, "os-term"))
                return RUN_EXIT_OS_TERM;
        if (g_str_has_prefix(reason, "crash"))
                return RUN_EXIT_CRASH;
        return RUN_EXIT_ERROR;
}

int cmd_run(int argc, char **argv)
{
        static const struct option opts[] = {
                { "kernel", required_argument, NULL, 'k' },
                { "initrd", required_argument, NULL, 'i' },
                { "append", required_argument, NULL, 'a' },
                { "vcpus", required_argument, NULL, 'c' },
                { "memory", required_argument, NULL, 'm' },
                { "backend", required_argument, NULL, 'b' },
                { "name", required_argument, NULL, 'n' },
                { "testdev", no_argument, NULL, 't' },
                {}
        };
        g_autofree char *kernel = NULL, *initrd = NULL, *name = NULL, *path = NULL, *json = NULL;
        const char *append = "", *backend = "auto";
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        sd_bus_slot *match = NULL;
        uint64_t memory_mib = 256, vcpus = 1;
        bool testdev = false;
        int c, r, fd;

        while ((c = getopt_long(argc, argv, "", opts, NULL)) >= 0) {
                char *end;
                switch (c) {
                case 'k':
                        g_free(kernel);
                        kernel = realpath(optarg, NULL);
                        if (!kernel) {
                                fprintf(stderr, "Cannot use kernel %s: %s\n", optarg, strerror(errno));
                                return RUN_EXIT_ERROR;
                        }
                        break;
                case 'i':
                        g_free(initrd);
                        initrd = realpath(optarg, NULL);
                        if (!initrd) {
                                fprintf(stderr, "Cannot use initrd %s: %s\n", optarg, strerror(errno));
                                return RUN_EXIT_ERROR;
                        }
                        break;
                case 'a':
                        append = optarg;
                        break;
                case 'c':
                        vcpus = strtoull(optarg, &end, 10);
                        if (*end || end == optarg || vcpus == 0 || vcpus > 1024) {
                                fprintf(stderr, "--vcpus takes a number of vcpus\n");
                                return 2;
                        }
                        break;
                case 'm':
                        if (parse_memory(optarg, &memory_mib) < 0) {
                                fprintf(stderr, "--memory takes a size in whole MiB: 256, 256M, 1G\n");
                                return 2;
                        }
                        break;
                case 'b':
                        backend = optarg;
                        break;
                case 'n':
                        g_free(name);
                        name = g_strdup(optarg);
                        break;
                case 't':
                        testdev = true;
                        break;
                default:
                        return 2;
                }
        }
        if (!kernel || optind != argc)
                return 2;
        if (access(kernel, R_OK) < 0) {
                fprintf(stderr, "Cannot read kernel %s: %s\n", kernel, strerror(errno));
                return RUN_EXIT_ERROR;
        }
        if (!name)
                name = g_strdup_printf("run-%d", (int)getpid());

        g_autoptr(JsonBuilder) b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, name);
        json_builder_set_member_name(b, "memory_mib");
        json_builder_add_int_value(b, (gint64)memory_mib);
        json_builder_set_member_name(b, "vcpus");
        json_builder_add_int_value(b, (gint64)vcpus);
        json_builder_set_member_name(b, "backend");
        json_builder_add_string_value(b, backend);
        json_builder_set_member_name(b, "kernel");
        json_builder_add_string_value(b, kernel);
        if (initrd) {
                json_builder_set_member_name(b, "initrd");
                json_builder_add_string_value(b, initrd);
        }
        json_builder_set_member_name(b, "cmdline");
        json_builder_add_string_value(b, append);
        json_builder_set_member_name(b, "testdev");
        json_builder_add_boolean_value(b, testdev);
        json_builder_set_member_name(b, "on_reboot");
        json_builder_add_string_value(b, "destroy");
        json_builder_set_member_name(b, "on_crash");
        json_builder_add_string_value(b, "destroy");
        json_builder_end_object(b);
        g_autoptr(JsonNode) root = json_builder_get_root(b);
        g_autoptr(JsonGenerator) gen = json_generator_new();
        json_generator_set_root(gen, root);
        json = json_generator_to_data(gen, NULL);

        r = sd_bus_path_encode(VM_PREFIX, name, &path);
        if (r >= 0)
                r = sd_bus_match_signal(bus, &match, BUS_NAME, path, VM_IFACE, "Stopped", on_stopped, NULL);
        if (r < 0) {
                fprintf(stderr, "Failed to watch VM %s: %s\n", name, strerror(-r));
                return RUN_EXIT_ERROR;
        }
        /* Created paused, so nothing the guest does is missed before the
         * console is attached. */
        r = sd_bus_call_method(bus, BUS_NAME, "/org/ppcvm/ppcvmd1", MGR_IFACE, "CreateVMWithFlags", &error, NULL,
                               "st", json, (uint64_t)1);
        if (r < 0) {
                print_bus_error("Failed to create the VM", &error, r);
                sd_bus_error_free(&error);
                return RUN_EXIT_ERROR;
        }
        r = sd_bus_call_method(bus, BUS_NAME, path, VM_IFACE, "OpenConsole", &error, &reply, "");
        if (r >= 0)
                r = sd_bus_message_read(reply, "h", &fd);
        if (r >= 0)
                r = sd_bus_call_method(bus, BUS_NAME, path, VM_IFACE, "Resume", &error, NULL, "");
        if (r < 0) {
                print_bus_error("Failed to start the guest", &error, r);
                sd_bus_error_free(&error);
                sd_bus_call_method(bus, BUS_NAME, path, VM_IFACE, "Destroy", NULL, NULL, "");
                return RUN_EXIT_ERROR;
        }

        struct sigaction sa = { .sa_handler = on_signal };
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        int left = fd >= 0 ? console_pump(fd, true, isatty(STDIN_FILENO)) : 0;
        if (left) {
                sd_bus_call_method(bus, BUS_NAME, path, VM_IFACE, "Destroy", NULL, NULL, "");
                fprintf(stderr, "\nVM %s destroyed.\n", name);
                sd_bus_slot_unref(match);
                return left == 2 ? 128 + SIGINT : RUN_EXIT_ERROR;
        }

        /* The console closed: wait (briefly) for the signal telling why. */
        for (int i = 0; !stop_reason && i < 100; i++) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        break;
                if (r == 0)
                        sd_bus_wait(bus, 100 * 1000);
        }
        sd_bus_slot_unref(match);
        r = exit_status_for(stop_reason);
        if (r != RUN_EXIT_POWEROFF)
                fprintf(stderr, "The guest did not power off: %s\n", stop_reason ? stop_reason : "no reason given");
        return r;
}
