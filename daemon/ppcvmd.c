/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvmd: the PowerPC VM service.  Owns every VM and its vcpu threads and
 * offers them on D-Bus as org.ppcvm.ppcvmd1.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "manager.h"

#define DEFAULT_STATE_DIR "/var/lib/ppcvmd"

static void help(void)
{
        printf("Usage: ppcvmd [OPTIONS]\n"
               "\n"
               "Runs PowerPC virtual machines and offers them on D-Bus as " PPCVMD_BUS_NAME ".\n"
               "\n"
               "Options:\n"
               "  --bus system|session|ADDRESS  the bus to serve on (default: system)\n"
               "  --state-dir DIR              where VM definitions are kept (default: " DEFAULT_STATE_DIR ",\n"
               "                               or $STATE_DIRECTORY under systemd)\n"
               "  --debug                      log more\n"
               "  --version                    print the version and exit\n"
               "  -h, --help                   print this help and exit\n");
}

static int open_bus(const char *which, sd_bus **ret)
{
        sd_bus *bus = NULL;
        int r;

        if (strcmp(which, "system") == 0)
                return sd_bus_open_system(ret);
        if (strcmp(which, "session") == 0 || strcmp(which, "user") == 0)
                return sd_bus_open_user(ret);
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, which);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                sd_bus_unref(bus);
                return r;
        }
        *ret = bus;
        return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
        /* The VMs are stopped once, on the way out of main(). */
        log_info("Received %s; stopping every VM", strsignal((int)si->ssi_signo));
        sd_notify(0, "STOPPING=1\nSTATUS=Stopping VMs");
        sd_event_exit(sd_event_source_get_event(s), 0);
        return 0;
}

int main(int argc, char **argv)
{
        static const struct option options[] = {
                { "bus", required_argument, NULL, 'b' },
                { "state-dir", required_argument, NULL, 's' },
                { "debug", no_argument, NULL, 'd' },
                { "version", no_argument, NULL, 'V' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        const char *bus_name = "system", *state_dir = NULL;
        sd_event *event = NULL;
        sd_bus *bus = NULL;
        Manager *m = NULL;
        int c, r;

        log_setup("ppcvmd");
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 'b':
                        bus_name = optarg;
                        break;
                case 's':
                        state_dir = optarg;
                        break;
                case 'd':
                        log_set_max_level(LOG_DEBUG);
                        break;
                case 'V':
                        printf("ppcvmd %s\n", PPCVMD_VERSION);
                        return 0;
                case 'h':
                        help();
                        return 0;
                default:
                        fprintf(stderr, "Try 'ppcvmd --help'.\n");
                        return 2;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "ppcvmd takes no arguments, only options. Try 'ppcvmd --help'.\n");
                return 2;
        }
        if (!state_dir)
                state_dir = getenv("STATE_DIRECTORY") ? getenv("STATE_DIRECTORY") : DEFAULT_STATE_DIR;

        /* vcpu threads must not take these signals; sd-event handles them. */
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &mask, NULL);
        signal(SIGPIPE, SIG_IGN);

        r = sd_event_default(&event);
        if (r < 0) {
                log_error("Failed to create the event loop: %s", strerror(-r));
                goto out;
        }
        r = open_bus(bus_name, &bus);
        if (r < 0) {
                log_error("Failed to connect to the %s bus: %s", bus_name, strerror(-r));
                goto out;
        }
        m = manager_new(event, bus, state_dir);
        r = manager_add_objects(m);
        if (r < 0) {
                log_error("Failed to register D-Bus objects: %s", strerror(-r));
                goto out;
        }
        r = manager_load(m);
        if (r < 0)
                goto out;
        r = sd_bus_request_name(bus, PPCVMD_BUS_NAME, 0);
        if (r < 0) {
                log_error("Failed to take the bus name " PPCVMD_BUS_NAME ": %s", strerror(-r));
                goto out;
        }
        r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
        if (r >= 0)
                r = sd_event_add_signal(event, NULL, SIGTERM, on_signal, m);
        if (r >= 0)
                r = sd_event_add_signal(event, NULL, SIGINT, on_signal, m);
        if (r >= 0)
                r = sd_event_set_watchdog(event, true);
        if (r < 0) {
                log_error("Failed to set up the event loop: %s", strerror(-r));
                goto out;
        }
        log_info("ppcvmd %s ready on the %s bus; state in %s; vcpus run on %s (%s)", PPCVMD_VERSION, bus_name,
                 state_dir, m->auto_backend->name, m->auto_reason);
        sd_notifyf(0, "READY=1\nSTATUS=Serving %u VM definitions", g_hash_table_size(m->vms));
        r = sd_event_loop(event);
        if (r < 0)
                log_error("Event loop failed: %s", strerror(-r));
out:
        if (m)
                manager_stop_all(m);
        if (bus)
                sd_bus_flush(bus);
        manager_free(m);
        sd_bus_flush_close_unref(bus);
        sd_event_unref(event);
        return r < 0 ? 1 : 0;
}
