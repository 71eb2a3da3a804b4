/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvm-run: runs one guest through the machine API, without the daemon.
 * The console is stdout (and stdin, when there is input); the exit status
 * says how the guest ended:
 *   0 power-off (RTAS)   2 reboot   3 ibm,os-term   4 crash   5 timeout
 *   1 usage or load error
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machine/machine.h"

enum {
        EXIT_POWEROFF = 0,
        EXIT_USAGE = 1,
        EXIT_REBOOT = 2,
        EXIT_OS_TERM = 3,
        EXIT_CRASH = 4,
        EXIT_TIMEOUT = 5,
};

struct runner {
        pthread_mutex_t lock;
        pthread_cond_t cond;
        bool stopped;
        enum machine_stop_reason reason;
        char detail[512];
        struct machine *m;
};

static void on_console(void *userdata, const uint8_t *buf, size_t len)
{
        (void)userdata;
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
}

static void on_stopped(void *userdata, enum machine_stop_reason reason, const char *detail)
{
        struct runner *r = userdata;

        pthread_mutex_lock(&r->lock);
        r->stopped = true;
        r->reason = reason;
        snprintf(r->detail, sizeof(r->detail), "%s", detail ? detail : "");
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->lock);
}

/* Feeds stdin to the console until EOF; the process exits without joining. */
static void *stdin_thread(void *arg)
{
        struct runner *r = arg;
        uint8_t buf[256];
        ssize_t n;

        while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
                if (n > 0)
                        machine_console_input(r->m, buf, (size_t)n);
        return NULL;
}

static void usage(FILE *f)
{
        fprintf(f,
                "Usage: ppcvm-run --kernel ELF [options]\n"
                "  --kernel ELF       64-bit PowerPC ELF to boot (either byte order)\n"
                "  --initrd FILE      initial ramdisk\n"
                "  --append STRING    kernel command line (/chosen/bootargs)\n"
                "  --vcpus N          vcpus, 1-%u (default 1)\n"
                "  --memory MIB       guest memory in MiB (default 256)\n"
                "  --backend KIND     auto, emu or kvm (default auto)\n"
                "  --testdev          map the MMIO test device\n"
                "  --timeout SEC      stop the guest after SEC seconds (exit 5)\n"
                "  --stats            per-vcpu exit counts and instructions on stderr\n"
                "  --dump-dtb FILE    write the device tree to FILE and exit\n"
                "Exit status: 0 power-off, 2 reboot, 3 os-term, 4 crash, 5 timeout, 1 error.\n",
                MACHINE_MAX_VCPUS);
}

struct options {
        struct machine_config cfg;
        double timeout;
        bool stats;
        const char *dump_dtb;
};

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *ret)
{
        char *end;
        unsigned long long v;

        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno || end == s || *end || v > max || s[0] == '-')
                return false;
        *ret = v;
        return true;
}

static int parse_args(int argc, char **argv, struct options *o)
{
        static const struct option longopts[] = {
                { "kernel", required_argument, NULL, 'k' },
                { "initrd", required_argument, NULL, 'i' },
                { "append", required_argument, NULL, 'a' },
                { "vcpus", required_argument, NULL, 'c' },
                { "memory", required_argument, NULL, 'm' },
                { "backend", required_argument, NULL, 'b' },
                { "testdev", no_argument, NULL, 't' },
                { "timeout", required_argument, NULL, 'T' },
                { "stats", no_argument, NULL, 's' },
                { "dump-dtb", required_argument, NULL, 'd' },
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        unsigned long long v;
        char *end;
        int c, kind;

        o->cfg = (struct machine_config){ .memory_bytes = 256ull << 20, .vcpus = 1,
                                          .backend = VCPU_BACKEND_AUTO };
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 'k': o->cfg.kernel_path = optarg; break;
                case 'i': o->cfg.initrd_path = optarg; break;
                case 'a': o->cfg.cmdline = optarg; break;
                case 't': o->cfg.testdev = true; break;
                case 's': o->stats = true; break;
                case 'd': o->dump_dtb = optarg; break;
                case 'h': usage(stdout); exit(0);
                case 'c':
                        if (!parse_uint(optarg, MACHINE_MAX_VCPUS, &v) || v == 0) {
                                fprintf(stderr, "ppcvm-run: --vcpus %s: give 1 to %u\n", optarg, MACHINE_MAX_VCPUS);
                                return -1;
                        }
                        o->cfg.vcpus = (unsigned)v;
                        break;
                case 'm':
                        if (!parse_uint(optarg, MACHINE_MAX_MEMORY >> 20, &v) || v < (MACHINE_MIN_MEMORY >> 20)) {
                                fprintf(stderr, "ppcvm-run: --memory %s: give %llu to %llu (MiB)\n", optarg,
                                        MACHINE_MIN_MEMORY >> 20, MACHINE_MAX_MEMORY >> 20);
                                return -1;
                        }
                        o->cfg.memory_bytes = v << 20;
                        break;
                case 'b':
                        kind = vcpu_backend_kind_from_string(optarg);
                        if (kind < 0) {
                                fprintf(stderr, "ppcvm-run: --backend %s: give auto, emu or kvm\n", optarg);
                                return -1;
                        }
                        o->cfg.backend = kind;
                        break;
                case 'T':
                        o->timeout = strtod(optarg, &end);
                        if (end == optarg || *end || !(o->timeout > 0)) {
                                fprintf(stderr, "ppcvm-run: --timeout %s: give a positive number of seconds\n", optarg);
                                return -1;
                        }
                        break;
                default:
                        usage(stderr);
                        return -1;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "ppcvm-run: unexpected argument '%s'\n", argv[optind]);
                return -1;
        }
        if (!o->cfg.kernel_path) {
                fprintf(stderr, "ppcvm-run: --kernel is required\n");
                usage(stderr);
                return -1;
        }
        return 0;
}

static int dump_dtb(struct machine *m, const char *path)
{
        size_t size;
        const void *fdt = machine_fdt(m, &size);
        FILE *f = fopen(path, "wb");

        if (!f || fwrite(fdt, 1, size, f) != size || fclose(f) != 0) {
                fprintf(stderr, "ppcvm-run: Failed to write the device tree to %s: %s\n", path, strerror(errno));
                return EXIT_USAGE;
        }
        return 0;
}

/* Waits for the guest to stop, or for the timeout; true if it stopped. */
static bool wait_stopped(struct runner *r, double timeout)
{
        struct timespec deadline;
        bool stopped;

        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += (time_t)timeout;
        deadline.tv_nsec += (long)((timeout - (double)(time_t)timeout) * 1e9);
        if (deadline.tv_nsec >= 1000000000L) {
                deadline.tv_sec++;
                deadline.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&r->lock);
        while (!r->stopped) {
                if (timeout > 0) {
                        if (pthread_cond_timedwait(&r->cond, &r->lock, &deadline) == ETIMEDOUT)
                                break;
                } else {
                        pthread_cond_wait(&r->cond, &r->lock);
                }
        }
        stopped = r->stopped;
        pthread_mutex_unlock(&r->lock);
        return stopped;
}

static const char *const exit_names[32] = {
        [KVM_EXIT_UNKNOWN] = "unknown", [KVM_EXIT_HLT] = "hlt", [KVM_EXIT_MMIO] = "mmio",
        [KVM_EXIT_INTR] = "intr", [KVM_EXIT_SHUTDOWN] = "shutdown", [KVM_EXIT_DCR] = "dcr",
        [KVM_EXIT_INTERNAL_ERROR] = "internal_error", [KVM_EXIT_OSI] = "osi",
        [KVM_EXIT_PAPR_HCALL] = "papr_hcall", [KVM_EXIT_SYSTEM_EVENT] = "system_event",
};

static void print_stats(struct machine *m)
{
        for (unsigned i = 0; i < machine_vcpu_count(m); i++) {
                struct vcpu_stats s;

                if (machine_vcpu_stats(m, i, &s) < 0)
                        continue;
                fprintf(stderr, "vcpu %u: instructions %" PRIu64 " hcalls-in-backend %" PRIu64
                        " halt_wakeup %" PRIu64, i, s.instructions, s.hcalls, s.halt_wakeup);
                for (unsigned e = 0; e < 32; e++)
                        if (s.exits[e])
                                fprintf(stderr, " %s %" PRIu64, exit_names[e] ? exit_names[e] : "exit", s.exits[e]);
                fputc('\n', stderr);
        }
}

static int exit_status(const struct runner *r)
{
        switch (r->reason) {
        case MACHINE_STOP_POWEROFF:
                return EXIT_POWEROFF;
        case MACHINE_STOP_REBOOT:
                return EXIT_REBOOT;
        case MACHINE_STOP_OS_TERM:
                if (r->detail[0])
                        fprintf(stderr, "ppcvm-run: the guest terminated: %s\n", r->detail);
                return EXIT_OS_TERM;
        default:
                fprintf(stderr, "ppcvm-run: the guest crashed: %s\n", r->detail);
                return EXIT_CRASH;
        }
}

int main(int argc, char **argv)
{
        struct runner r = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
        struct machine_callbacks cb = { .userdata = &r, .console_output = on_console,
                                        .stopped = on_stopped };
        struct options o = { 0 };
        char err[MACHINE_ERR_LEN];
        pthread_t input;
        int status, e;

        if (parse_args(argc, argv, &o) < 0)
                return EXIT_USAGE;
        e = machine_create(&o.cfg, &cb, &r.m, err, sizeof(err));
        if (e < 0) {
                fprintf(stderr, "ppcvm-run: Failed to create the machine: %s\n", err);
                return EXIT_USAGE;
        }
        if (o.dump_dtb) {
                status = dump_dtb(r.m, o.dump_dtb);
                machine_destroy(r.m);
                return status;
        }
        e = machine_start(r.m);
        if (e < 0) {
                fprintf(stderr, "ppcvm-run: Failed to start the machine: %s\n", strerror(-e));
                machine_destroy(r.m);
                return EXIT_USAGE;
        }
        if (pthread_create(&input, NULL, stdin_thread, &r) == 0)
                pthread_detach(input);
        if (wait_stopped(&r, o.timeout)) {
                status = exit_status(&r);
        } else {
                fprintf(stderr, "ppcvm-run: timeout after %g s: stopping the guest\n", o.timeout);
                status = EXIT_TIMEOUT;
        }
        machine_stop(r.m);
        if (o.stats)
                print_stats(r.m);
        fflush(stdout);
        /* the stdin thread may sit in read(): leave without destroying under it */
        _exit(status);
}
