/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The device tree, one function per node.  Names and values follow QEMU's
 * pseries machine (7.2, POWER9) wherever a guest looks: guests written for
 * it find the same paths, compatibles, RTAS tokens and cpu properties here.
 * /hypervisor is ours (QEMU adds it only under KVM), as are linux,rtas-base
 * and linux,rtas-entry (a stub QEMU no longer provides; guests that call
 * KVMPPC_H_RTAS themselves need neither) and /testdev.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "devices/console.h"
#include "devices/rtas.h"
#include "devices/testdev.h"
#include "devices/xics.h"
#include "machine/machine_internal.h"

#define FDT_BUF_SIZE          (64u * 1024)
#define XICS_PHANDLE          0x1111u
#define CPU_CLOCK_HZ          1000000000u
#define CPU_TIMEBASE_HZ       512000000u
#define CPU_CACHE_LINE        128u
#define CPU_CACHE_SIZE        0x8000u
#define CPU_SLB_SIZE          32u
#define CPU_DEC_BITS          56u

#define CHECK(x) do { int r_ = (x); if (r_ < 0) return r_; } while (0)

static int setprop_cells(void *fdt, int node, const char *name, const uint32_t *cells, unsigned n)
{
        fdt32_t be[32];

        if (n > 32)
                return -FDT_ERR_NOSPACE;
        for (unsigned i = 0; i < n; i++)
                be[i] = cpu_to_fdt32(cells[i]);
        return fdt_setprop(fdt, node, name, be, n * sizeof(fdt32_t));
}

#define CELLS(fdt, node, name, ...) \
        setprop_cells(fdt, node, name, (const uint32_t[]){ __VA_ARGS__ }, \
                      sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static int fdt_root(void *fdt)
{
        CHECK(fdt_setprop_cell(fdt, 0, "#address-cells", 2));
        CHECK(fdt_setprop_cell(fdt, 0, "#size-cells", 2));
        CHECK(fdt_setprop_string(fdt, 0, "compatible", "qemu,pseries"));
        CHECK(fdt_setprop_string(fdt, 0, "model", "IBM pSeries (emulated by qemu)"));
        CHECK(fdt_setprop_string(fdt, 0, "device_type", "chrp"));
        return fdt_setprop_string(fdt, 0, "vm,uuid", "00000000-0000-0000-0000-000000000000");
}

static int fdt_chosen(void *fdt, const struct machine_fdt_info *info)
{
        /* What CAS would have agreed (option vector 5): byte 24 0xc0 "hash or
         * radix, switchable" (the guest picks radix unless disable_radix, then
         * H_REGISTER_PROC_TBL tells the MMU), byte 26 0x40 GTSE (tlbie). */
        static const uint8_t vec5[27] = { [24] = 0xc0, [26] = 0x40 };
        uint32_t seed[8] = { 0 };
        int node = fdt_add_subnode(fdt, 0, "chosen");

        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "bootargs", info->cmdline ? info->cmdline : ""));
        CHECK(fdt_setprop_string(fdt, node, "stdout-path", "/vdevice/vty@71000000"));
        CHECK(fdt_setprop_string(fdt, node, "linux,stdout-path", "/vdevice/vty@71000000"));
        CHECK(fdt_setprop(fdt, node, "ibm,architecture-vec-5", vec5, sizeof(vec5)));
        /* a fresh seed for the guest's RNG; zeroes if the host has none yet */
        if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed))
                memset(seed, 0, sizeof(seed));
        CHECK(fdt_setprop(fdt, node, "rng-seed", seed, sizeof(seed)));
        CHECK(fdt_setprop_u64(fdt, node, "qemu,boot-kernel", info->kernel_addr));
        CHECK(fdt_appendprop_u64(fdt, node, "qemu,boot-kernel", info->kernel_size));
        if (info->initrd_end > info->initrd_start) {
                CHECK(fdt_setprop_cell(fdt, node, "linux,initrd-start", (uint32_t)info->initrd_start));
                CHECK(fdt_setprop_cell(fdt, node, "linux,initrd-end", (uint32_t)info->initrd_end));
        }
        return 0;
}

static int fdt_memory(void *fdt, const struct machine_fdt_info *info)
{
        int node = fdt_add_subnode(fdt, 0, "memory@0");

        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "device_type", "memory"));
        CHECK(CELLS(fdt, node, "reg", 0, 0, (uint32_t)(info->ram_size >> 32), (uint32_t)info->ram_size));
        return CELLS(fdt, node, "ibm,associativity", 4, 0, 0, 0, 0);
}

/* POWER9's ibm,pa-features as QEMU gives it (68 bytes). */
static const uint32_t power9_pa_features[] = {
        0x4200f63f, 0xc7c080f0, 0x80000000, 0x00000000, 0x00008000, 0x80008000,
        0x00008000, 0x80008000, 0x80008000, 0xc0008000, 0x80008000, 0x80008000,
        0x80008000, 0x80008000, 0x80008000, 0x80008000, 0x80000000,
};

static int fdt_cpu_mmu(void *fdt, int node, const struct machine_fdt_info *info)
{
        CHECK(setprop_cells(fdt, node, "ibm,pa-features", power9_pa_features,
                            sizeof(power9_pa_features) / sizeof(uint32_t)));
        CHECK(CELLS(fdt, node, "ibm,segment-page-sizes",
                    0x0c, 0x00, 0x01, 0x0c, 0x00, 0x10, 0x110, 0x01, 0x10, 0x01));
        CHECK(CELLS(fdt, node, "ibm,processor-radix-AP-encodings",
                    0x0c, 0xa0000010, 0x20000015, 0x4000001e));
        CHECK(CELLS(fdt, node, "ibm,processor-segment-sizes", 0x1c, 0x28, 0xffffffff, 0xffffffff));
        CHECK(CELLS(fdt, node, "ibm,pft-size", 0, info->hpt_shift));
        CHECK(fdt_setprop_cell(fdt, node, "slb-size", CPU_SLB_SIZE));
        return fdt_setprop_cell(fdt, node, "ibm,slb-size", CPU_SLB_SIZE);
}

static int fdt_cpu_caches(void *fdt, int node)
{
        CHECK(fdt_setprop_cell(fdt, node, "d-cache-block-size", CPU_CACHE_LINE));
        CHECK(fdt_setprop_cell(fdt, node, "d-cache-line-size", CPU_CACHE_LINE));
        CHECK(fdt_setprop_cell(fdt, node, "i-cache-block-size", CPU_CACHE_LINE));
        CHECK(fdt_setprop_cell(fdt, node, "i-cache-line-size", CPU_CACHE_LINE));
        CHECK(fdt_setprop_cell(fdt, node, "d-cache-size", CPU_CACHE_SIZE));
        return fdt_setprop_cell(fdt, node, "i-cache-size", CPU_CACHE_SIZE);
}

static int fdt_cpu(void *fdt, int cpus, const struct machine_fdt_info *info, unsigned i)
{
        char name[32];
        int node;

        snprintf(name, sizeof(name), "PowerPC,POWER9@%x", i);
        node = fdt_add_subnode(fdt, cpus, name);
        CHECK(node);
        CHECK(fdt_setprop_cell(fdt, node, "reg", i));
        CHECK(fdt_setprop_string(fdt, node, "device_type", "cpu"));
        CHECK(fdt_setprop_cell(fdt, node, "cpu-version", info->pvr));
        CHECK(fdt_cpu_caches(fdt, node));
        CHECK(fdt_setprop_cell(fdt, node, "timebase-frequency", CPU_TIMEBASE_HZ));
        CHECK(fdt_setprop_cell(fdt, node, "clock-frequency", CPU_CLOCK_HZ));
        CHECK(fdt_setprop_string(fdt, node, "status", "okay"));
        CHECK(fdt_setprop(fdt, node, "64-bit", NULL, 0));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,purr", 1));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,spurr", 1));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,vmx", 2));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,dfp", 1));
        CHECK(fdt_cpu_mmu(fdt, node, info));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,chip-id", 0));
        CHECK(fdt_setprop_cell(fdt, node, "ibm,ppc-interrupt-server#s", i));
        CHECK(CELLS(fdt, node, "ibm,ppc-interrupt-gserver#s", i, 0));
        return fdt_setprop_cell(fdt, node, "ibm,dec-bits", CPU_DEC_BITS);
}

static int fdt_cpus(void *fdt, const struct machine_fdt_info *info)
{
        int node = fdt_add_subnode(fdt, 0, "cpus");

        CHECK(node);
        CHECK(fdt_setprop_cell(fdt, node, "#address-cells", 1));
        CHECK(fdt_setprop_cell(fdt, node, "#size-cells", 0));
        /* added last first: libfdt prepends, and cpu 0 should come first */
        for (unsigned i = info->nr_vcpus; i-- > 0;)
                CHECK(fdt_cpu(fdt, node, info, i));
        return 0;
}

struct token_ctx {
        void *fdt;
        int node, err;
};

static void add_token(void *opaque, const char *name, uint32_t token)
{
        struct token_ctx *t = opaque;
        int r = fdt_setprop_cell(t->fdt, t->node, name, token);

        if (r < 0)
                t->err = r;
}

/* The hypercall families this platform implements, by PAPR's names. */
static const char hypertas[] =
        "hcall-term\0hcall-dabr\0hcall-interrupt\0hcall-vio\0hcall-splpar\0hcall-set-mode\0"
        "hcall-sprg0\0hcall-copy\0ibm,random-v1";

static int fdt_rtas(void *fdt, const struct machine_fdt_info *info)
{
        struct token_ctx t = { .fdt = fdt };
        int node = fdt_add_subnode(fdt, 0, "rtas");

        CHECK(node);
        t.node = node;
        rtas_for_each(add_token, &t);
        CHECK(t.err);
        CHECK(fdt_setprop(fdt, node, "ibm,hypertas-functions", hypertas, sizeof(hypertas)));
        CHECK(fdt_setprop_cell(fdt, node, "rtas-size", (uint32_t)info->rtas_size));
        CHECK(fdt_setprop_cell(fdt, node, "linux,rtas-base", (uint32_t)info->rtas_addr));
        CHECK(fdt_setprop_cell(fdt, node, "linux,rtas-entry", (uint32_t)info->rtas_addr));
        CHECK(fdt_setprop_cell(fdt, node, "rtas-error-log-max", 0x800));
        CHECK(fdt_setprop_cell(fdt, node, "rtas-event-scan-rate", 1));
        return fdt_setprop(fdt, node, "ibm,extended-os-term", NULL, 0);
}

static int fdt_event_sources(void *fdt)
{
        int node = fdt_add_subnode(fdt, 0, "event-sources"), epow;

        CHECK(node);
        CHECK(fdt_setprop(fdt, node, "interrupt-controller", NULL, 0));
        CHECK(fdt_setprop_cell(fdt, node, "#interrupt-cells", 2));
        CHECK(CELLS(fdt, node, "interrupt-ranges", XICS_IRQ_EPOW, 1));
        epow = fdt_add_subnode(fdt, node, "epow-events");
        CHECK(epow);
        return CELLS(fdt, epow, "interrupts", XICS_IRQ_EPOW, 0);
}

static int fdt_vdevice(void *fdt)
{
        int node = fdt_add_subnode(fdt, 0, "vdevice"), vty;

        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "device_type", "vdevice"));
        CHECK(fdt_setprop_string(fdt, node, "compatible", "IBM,vdevice"));
        CHECK(fdt_setprop_cell(fdt, node, "#address-cells", 1));
        CHECK(fdt_setprop_cell(fdt, node, "#size-cells", 0));
        CHECK(fdt_setprop_cell(fdt, node, "#interrupt-cells", 2));
        CHECK(fdt_setprop(fdt, node, "interrupt-controller", NULL, 0));
        vty = fdt_add_subnode(fdt, node, "vty@71000000");
        CHECK(vty);
        CHECK(fdt_setprop_cell(fdt, vty, "reg", HVTERM_VTY_REG));
        CHECK(fdt_setprop_string(fdt, vty, "device_type", "serial"));
        CHECK(fdt_setprop_string(fdt, vty, "compatible", "hvterm1"));
        return CELLS(fdt, vty, "interrupts", XICS_IRQ_VTY, 0);
}

static int fdt_interrupt_controller(void *fdt, const struct machine_fdt_info *info)
{
        int node = fdt_add_subnode(fdt, 0, "interrupt-controller");

        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "device_type", "PowerPC-External-Interrupt-Presentation"));
        CHECK(fdt_setprop_string(fdt, node, "compatible", "IBM,ppc-xicp"));
        CHECK(fdt_setprop(fdt, node, "interrupt-controller", NULL, 0));
        CHECK(CELLS(fdt, node, "ibm,interrupt-server-ranges", 0, info->nr_vcpus));
        CHECK(fdt_setprop_cell(fdt, node, "#interrupt-cells", 2));
        CHECK(fdt_setprop_cell(fdt, node, "linux,phandle", XICS_PHANDLE));
        return fdt_setprop_cell(fdt, node, "phandle", XICS_PHANDLE);
}

static int fdt_hypervisor(void *fdt, const struct machine_fdt_info *info)
{
        int node = fdt_add_subnode(fdt, 0, "hypervisor");

        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "compatible", "linux,kvm"));
        return setprop_cells(fdt, node, "hcall-instructions", info->pvinfo.hcall, 4);
}

static int fdt_testdev(void *fdt)
{
        char name[32];
        int node;

        snprintf(name, sizeof(name), "testdev@%llx", (unsigned long long)TESTDEV_BASE);
        node = fdt_add_subnode(fdt, 0, name);
        CHECK(node);
        CHECK(fdt_setprop_string(fdt, node, "compatible", "ppcvmd,testdev"));
        return CELLS(fdt, node, "reg", (uint32_t)(TESTDEV_BASE >> 32), (uint32_t)TESTDEV_BASE,
                     (uint32_t)(TESTDEV_SIZE >> 32), (uint32_t)TESTDEV_SIZE);
}

static int fdt_nodes(void *fdt, const struct machine_fdt_info *info)
{
        CHECK(fdt_add_mem_rsv(fdt, info->rtas_addr, info->rtas_size));
        CHECK(fdt_root(fdt));
        CHECK(fdt_chosen(fdt, info));
        CHECK(fdt_rtas(fdt, info));
        CHECK(fdt_event_sources(fdt));
        CHECK(fdt_cpus(fdt, info));
        CHECK(fdt_vdevice(fdt));
        CHECK(fdt_memory(fdt, info));
        CHECK(fdt_interrupt_controller(fdt, info));
        CHECK(fdt_hypervisor(fdt, info));
        if (info->testdev)
                CHECK(fdt_testdev(fdt));
        return fdt_pack(fdt);
}

int machine_fdt_build(const struct machine_fdt_info *info, void **ret, size_t *ret_size)
{
        void *fdt = calloc(1, FDT_BUF_SIZE);
        int r;

        if (!fdt)
                return -ENOMEM;
        r = fdt_create_empty_tree(fdt, FDT_BUF_SIZE);
        if (r >= 0)
                r = fdt_nodes(fdt, info);
        if (r < 0) {
                free(fdt);
                return r == -FDT_ERR_NOSPACE ? -E2BIG : -EINVAL;
        }
        *ret = fdt;
        *ret_size = fdt_totalsize(fdt);
        return 0;
}
