/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Prints the device tree properties guests (this runtime, Linux's pseries
 * platform code) rely on, so the comparison with QEMU catches a difference
 * in any of them.  Values that legitimately differ (RTAS token numbers,
 * phandles, addresses chosen by the machine) are only checked for presence.
 */
#include "rt/rt.h"

static void print_strings(const char *label, int node, const char *prop)
{
        int len = 0;
        const char *p = node >= 0 ? dt_prop(node, prop, &len) : NULL;

        printf("%s %s:", label, prop);
        if (!p)
                printf(" (absent)");
        for (int i = 0; p && i < len; i += (int)strlen(p + i) + 1)
                printf(" \"%s\"", p + i);
        printf("\n");
}

static void print_cells(const char *label, int node, const char *prop)
{
        int len = 0;
        const uint32_t *p = node >= 0 ? dt_prop(node, prop, &len) : NULL;

        printf("%s %s:", label, prop);
        if (!p)
                printf(" (absent)");
        for (int i = 0; p && i < len / 4; i++)
                printf(" %#x", be32(p[i]));
        printf("\n");
}

static void print_flag(const char *label, int node, const char *prop)
{
        printf("%s %s: %s\n", label, prop, node >= 0 && dt_prop(node, prop, NULL) ? "present"
                                                                              : "absent");
}

static void test_root(void)
{
        int root = dt_find("/");

        print_strings("/", root, "device_type");      /* Linux's pseries probe wants "chrp" */
        print_cells("/", root, "#address-cells");
        print_cells("/", root, "#size-cells");
        print_strings("/chosen", dt_find("/chosen"), "stdout-path");
        print_strings("/chosen", dt_find("/chosen"), "linux,stdout-path");
}

static void test_memory(void)
{
        int mem = dt_find("/memory@0");

        print_strings("/memory@0", mem, "device_type");
        print_cells("/memory@0", mem, "reg");
}

static void test_cpus(void)
{
        int cpus = dt_find("/cpus");
        int cpu = -1;
        unsigned n = 0;
        static const char *const cell_props[] = {
                "reg", "ibm,ppc-interrupt-server#s", "ibm,ppc-interrupt-gserver#s",
                "timebase-frequency", "clock-frequency", "cpu-version", "ibm,dec-bits",
                "ibm,slb-size", "ibm,pft-size", "ibm,vmx", "ibm,dfp", "ibm,purr",
                "ibm,processor-segment-sizes", "ibm,segment-page-sizes",
                "ibm,processor-radix-AP-encodings", "ibm,pa-features",
                "i-cache-size", "d-cache-size", "i-cache-block-size", "d-cache-block-size",
                "i-cache-line-size", "d-cache-line-size",
        };

        print_cells("/cpus", cpus, "#address-cells");
        print_cells("/cpus", cpus, "#size-cells");
        while (cpus >= 0 && (cpu = dt_next_child(cpus, cpu)) >= 0) {
                char label[64];

                snprintf(label, sizeof(label), "/cpus/%s", dt_name(cpu));
                print_strings(label, cpu, "device_type");
                print_strings(label, cpu, "status");
                print_flag(label, cpu, "64-bit");
                for (size_t i = 0; i < ARRAY_SIZE(cell_props); i++)
                        print_cells(label, cpu, cell_props[i]);
                n++;
        }
        check_eq("cpu nodes", n, cpu_count());
}

static void test_vdevice(void)
{
        int vdev = dt_find("/vdevice");
        int vty = dt_find("/vdevice/vty");

        print_strings("/vdevice", vdev, "compatible");
        print_strings("/vdevice", vdev, "device_type");
        print_cells("/vdevice", vdev, "#address-cells");
        print_cells("/vdevice", vdev, "#size-cells");
        printf("/vdevice vty node: %s\n", vty >= 0 ? dt_name(vty) : "(absent)");
        print_strings("vty", vty, "compatible");
        print_strings("vty", vty, "device_type");
        print_cells("vty", vty, "reg");
}

static void test_interrupt_controller(void)
{
        int ic = dt_find("/interrupt-controller");

        print_strings("/interrupt-controller", ic, "compatible");
        print_strings("/interrupt-controller", ic, "device_type");
        print_flag("/interrupt-controller", ic, "interrupt-controller");
        print_cells("/interrupt-controller", ic, "#interrupt-cells");
        print_cells("/interrupt-controller", ic, "ibm,interrupt-server-ranges");
}

static void test_rtas(void)
{
        int rtas = dt_find("/rtas");
        static const char *const services[] = {
                "display-character", "get-time-of-day", "set-time-of-day", "power-off",
                "system-reboot", "query-cpu-stopped-state", "start-cpu", "stop-self",
                "event-scan", "check-exception", "ibm,os-term", "ibm,set-xive",
                "ibm,get-xive", "ibm,int-on", "ibm,int-off",
        };
        /* What Linux keys its firmware features on for what these guests use. */
        static const char *const hypertas[] = {
                "hcall-term", "hcall-interrupt", "hcall-splpar", "hcall-set-mode",
                "hcall-sprg0", "hcall-dabr",
        };

        for (size_t i = 0; i < ARRAY_SIZE(services); i++)
                check(rtas_token(services[i]) != RTAS_UNKNOWN_SERVICE, "RTAS token %s",
                      services[i]);
        for (size_t i = 0; i < ARRAY_SIZE(hypertas); i++)
                check(dt_has_string(rtas, "ibm,hypertas-functions", hypertas[i]),
                      "ibm,hypertas-functions has %s", hypertas[i]);
        print_cells("/rtas", rtas, "rtas-error-log-max");
        print_cells("/rtas", rtas, "rtas-event-scan-rate");
}

static void test_event_sources(void)
{
        int ev = dt_find("/event-sources");

        print_flag("/event-sources", ev, "interrupt-controller");
        print_cells("/event-sources", ev, "#interrupt-cells");
        print_cells("/event-sources/epow-events", dt_find("/event-sources/epow-events"),
                    "interrupts");
}

int guest_main(void)
{
        test_root();
        test_memory();
        test_cpus();
        test_vdevice();
        test_interrupt_controller();
        test_rtas();
        test_event_sources();
        return 0;
}
