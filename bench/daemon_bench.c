/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon figures of bench/run, measured as a D-Bus client of a running
 * ppcvmd (bench/run starts a private bus and daemon):
 *
 *  - create+start to first console byte: CreateVMWithFlags(paused),
 *    OpenConsole, Resume, then the guest's first byte; median and p99;
 *  - VMs per second over that sequence;
 *  - host memory per idle VM beyond its guest RAM: the daemon's RSS growth
 *    less the growth of the guest RAM mappings (found in smaps by size);
 *  - CPU time of the daemon while N VMs idle in H_CEDE;
 *  - GetVM and VCPU.Interrupt round trips, and Interrupt -> the guest's
 *    '!' acknowledgement on the console.
 *
 * Prints one JSON object on stdout.
 *   daemon-bench --bus ADDR --kernel idle.elf --daemon-pid PID
 *                [--vms N] [--idle-vms N] [--idle-seconds S] [--calls N]
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

#define BUS_NAME     "org.ppcvm.ppcvmd1"
#define MGR_PATH     "/org/ppcvm/ppcvmd1"
#define MGR_IFACE    "org.ppcvm.ppcvmd1.Manager"
#define VM_IFACE     "org.ppcvm.ppcvmd1.VM"
#define VCPU_IFACE   "org.ppcvm.ppcvmd1.VCPU"
#define MEMORY_MIB   64
#define CREATE_PAUSED 1

struct vm {
        char *path;
        int console;
};

static GDBusConnection *bus;

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, GError *err)
{
        fprintf(stderr, "daemon-bench: %s: %s\n", what, err ? err->message : strerror(errno));
        exit(1);
}

static GVariant *call(const char *path, const char *iface, const char *method, GVariant *args,
                      const char *ret_type)
{
        GError *err = NULL;
        GVariant *r = g_dbus_connection_call_sync(bus, BUS_NAME, path, iface, method, args,
                                                  ret_type ? G_VARIANT_TYPE(ret_type) : NULL,
                                                  G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &err);
        if (!r)
                die(method, err);
        return r;
}

static int open_console(const char *path)
{
        GError *err = NULL;
        GUnixFDList *fds = NULL;
        GVariant *r = g_dbus_connection_call_with_unix_fd_list_sync(
                bus, BUS_NAME, path, VM_IFACE, "OpenConsole", NULL, G_VARIANT_TYPE("(h)"),
                G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &fds, NULL, &err);
        gint32 idx;
        int fd;

        if (!r)
                die("OpenConsole", err);
        g_variant_get(r, "(h)", &idx);
        fd = g_unix_fd_list_get(fds, idx, &err);
        if (fd < 0)
                die("OpenConsole fd", err);
        g_variant_unref(r);
        g_object_unref(fds);
        return fd;
}

/* Reads until byte `want` arrives; false after 30 s. */
static bool wait_byte(int fd, char want)
{
        double end = now() + 30;
        char buf[256];

        while (now() < end) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                if (poll(&p, 1, 1000) <= 0)
                        continue;
                ssize_t n = read(fd, buf, sizeof(buf));
                if (n <= 0)
                        return false;
                if (memchr(buf, want, (size_t)n))
                        return true;
        }
        return false;
}

static struct vm start_vm(unsigned i, const char *kernel, double *ret_latency)
{
        char def[1024];
        struct vm vm;
        GVariant *r;
        double t0 = now();

        snprintf(def, sizeof(def),
                 "{\"name\":\"bench-%u\",\"memory_mib\":%d,\"vcpus\":1,\"backend\":\"emu\","
                 "\"kernel\":\"%s\"}", i, MEMORY_MIB, kernel);
        r = call(MGR_PATH, MGR_IFACE, "CreateVMWithFlags",
                 g_variant_new("(st)", def, (guint64)CREATE_PAUSED), "(o)");
        g_variant_get(r, "(o)", &vm.path);
        g_variant_unref(r);
        vm.console = open_console(vm.path);
        g_variant_unref(call(vm.path, VM_IFACE, "Resume", NULL, NULL));
        if (!wait_byte(vm.console, 'U')) {
                errno = ETIMEDOUT;
                die("first console byte", NULL);
        }
        *ret_latency = now() - t0;
        return vm;
}

static void destroy_vm(struct vm *vm)
{
        g_variant_unref(call(vm->path, VM_IFACE, "Destroy", NULL, NULL));
        close(vm->console);
        g_free(vm->path);
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

static double pct(double *v, unsigned n, double p)
{
        qsort(v, n, sizeof(*v), cmp_double);
        unsigned i = (unsigned)(p * (n - 1) + 0.5);
        return v[i < n ? i : n - 1];
}

/* The daemon's resident set (kB), and the part of it in guest RAM mappings:
 * anonymous mappings exactly MEMORY_MIB large. */
static void daemon_rss(long pid, long *ret_total, long *ret_guest)
{
        char path[64], line[512];
        long size = -1, total = 0, guest = 0, v;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%ld/smaps", pid);
        f = fopen(path, "r");
        if (!f)
                die(path, NULL);
        while (fgets(line, sizeof(line), f)) {
                if (sscanf(line, "Size: %ld kB", &v) == 1) {
                        size = v;
                } else if (sscanf(line, "Rss: %ld kB", &v) == 1) {
                        total += v;
                        if (size == MEMORY_MIB * 1024)
                                guest += v;
                }
        }
        fclose(f);
        *ret_total = total;
        *ret_guest = guest;
}

/* The daemon's CPU seconds (all threads). */
static double daemon_cpu(long pid)
{
        char path[64], buf[1024];
        unsigned long ut, st;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
        f = fopen(path, "r");
        if (!f || !fgets(buf, sizeof(buf), f))
                die(path, NULL);
        fclose(f);
        /* Fields after the command name's closing parenthesis: state is 3,
         * utime 14, stime 15. */
        char *p = strrchr(buf, ')');
        if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
                die("parsing /proc/PID/stat", NULL);
        return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char **argv)
{
        const char *addr = NULL, *kernel = NULL;
        long pid = 0;
        unsigned nvms = 100, nidle = 50, calls = 1000;
        double idle_s = 10;
        GError *err = NULL;

        for (int i = 1; i + 1 < argc; i += 2) {
                if (!strcmp(argv[i], "--bus")) addr = argv[i + 1];
                else if (!strcmp(argv[i], "--kernel")) kernel = argv[i + 1];
                else if (!strcmp(argv[i], "--daemon-pid")) pid = atol(argv[i + 1]);
                else if (!strcmp(argv[i], "--vms")) nvms = (unsigned)atoi(argv[i + 1]);
                else if (!strcmp(argv[i], "--idle-vms")) nidle = (unsigned)atoi(argv[i + 1]);
                else if (!strcmp(argv[i], "--idle-seconds")) idle_s = atof(argv[i + 1]);
                else if (!strcmp(argv[i], "--calls")) calls = (unsigned)atoi(argv[i + 1]);
        }
        if (!addr || !kernel || !pid || !nvms || !calls) {
                fprintf(stderr, "usage: daemon-bench --bus ADDR --kernel ELF --daemon-pid PID "
                        "[--vms N] [--idle-vms N] [--idle-seconds S] [--calls N]\n");
                return 2;
        }
        if (nidle > nvms)
                nidle = nvms;
        bus = g_dbus_connection_new_for_address_sync(
                addr, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &err);
        if (!bus)
                die("connecting to the bus", err);
        /* The daemon may still be coming up. */
        for (int tries = 0;; tries++) {
                GVariant *r = g_dbus_connection_call_sync(bus, BUS_NAME, MGR_PATH, MGR_IFACE,
                                                          "ListVMs", NULL, NULL, 0, 2000, NULL, NULL);
                if (r) {
                        g_variant_unref(r);
                        break;
                }
                if (tries > 200) {
                        errno = ETIMEDOUT;
                        die("waiting for ppcvmd", NULL);
                }
                g_usleep(50000);
        }

        struct vm *vms = calloc(nvms, sizeof(*vms));
        double *lat = calloc(nvms > calls ? nvms : calls, sizeof(double));
        double *lat2 = calloc(calls, sizeof(double));
        long rss0, guest0, rss1, guest1;

        daemon_rss(pid, &rss0, &guest0);
        double t0 = now();
        for (unsigned i = 0; i < nvms; i++)
                vms[i] = start_vm(i, kernel, &lat[i]);
        double create_s = now() - t0;
        g_usleep(500000);   /* let the last ones reach H_CEDE */
        daemon_rss(pid, &rss1, &guest1);
        double fb_med = pct(lat, nvms, 0.5), fb_p99 = pct(lat, nvms, 0.99);
        double kib_per_vm = (double)((rss1 - rss0) - (guest1 - guest0)) / nvms;
        double guest_kib_per_vm = (double)(guest1 - guest0) / nvms;

        for (unsigned i = nidle; i < nvms; i++)
                destroy_vm(&vms[i]);
        g_usleep(500000);
        double c0 = daemon_cpu(pid), w0 = now();
        g_usleep((gulong)(idle_s * 1e6));
        double idle_cpu = daemon_cpu(pid) - c0, idle_wall = now() - w0;

        /* Round trips. */
        for (unsigned i = 0; i < calls; i++) {
                double s = now();
                g_variant_unref(call(MGR_PATH, MGR_IFACE, "GetVM", g_variant_new("(s)", "bench-0"),
                                     "(o)"));
                lat[i] = now() - s;
        }
        double get_med = pct(lat, calls, 0.5), get_p99 = pct(lat, calls, 0.99);

        char *vcpu = g_strdup_printf("%s/vcpu/0", vms[0].path);
        for (unsigned i = 0; i < calls; i++) {
                double s = now();
                g_variant_unref(call(vcpu, VCPU_IFACE, "Interrupt", g_variant_new("(s)", "raise"),
                                     NULL));
                lat[i] = now() - s;
                if (!wait_byte(vms[0].console, '!')) {
                        errno = ETIMEDOUT;
                        die("interrupt acknowledgement", NULL);
                }
                lat2[i] = now() - s;
        }
        double irq_med = pct(lat, calls, 0.5), irq_p99 = pct(lat, calls, 0.99);
        double ack_med = pct(lat2, calls, 0.5), ack_p99 = pct(lat2, calls, 0.99);
        g_free(vcpu);

        for (unsigned i = 0; i < nidle; i++)
                destroy_vm(&vms[i]);

        printf("{\"vms\": %u, \"first_byte_median_s\": %.6f, \"first_byte_p99_s\": %.6f,\n"
               " \"vms_per_second\": %.2f, \"kib_per_vm\": %.1f, \"guest_kib_touched_per_vm\": %.1f,\n"
               " \"idle_vms\": %u, \"idle_seconds\": %.2f, \"idle_cpu_s\": %.3f,\n"
               " \"calls\": %u, \"getvm_median_s\": %.6f, \"getvm_p99_s\": %.6f,\n"
               " \"interrupt_median_s\": %.6f, \"interrupt_p99_s\": %.6f,\n"
               " \"irq_latency_median_s\": %.6f, \"irq_latency_p99_s\": %.6f}\n",
               nvms, fb_med, fb_p99, nvms / create_s, kib_per_vm, guest_kib_per_vm, nidle,
               idle_wall, idle_cpu, calls, get_med, get_p99, irq_med, irq_p99, ack_med, ack_p99);
        g_object_unref(bus);
        free(vms);
        free(lat);
        free(lat2);
        return 0;
}
