/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The device tree, boot layout and configuration limits of a created machine. */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elf_build.h"
#include "fake_vcpu.h"
#include "machine/machine.h"
#include "test.h"

static struct machine *create(unsigned vcpus, uint64_t mib, const char *initrd, bool testdev)
{
        struct elf_spec s = elf_spec_default(true);
        const char *path = elf_build_file(&s);
        struct machine_config cfg = {
                .memory_bytes = mib << 20, .vcpus = vcpus, .kernel_path = path,
                .initrd_path = initrd, .cmdline = "console=hvc0 quiet", .testdev = testdev,
                .backend_ops = &fake_vcpu_ops,
        };
        struct machine *m = NULL;
        char err[MACHINE_ERR_LEN];
        int r;

        CHECK(path);
        r = machine_create(&cfg, NULL, &m, err, sizeof(err));
        unlink(path);
        if (r < 0)
                test_failed(__FILE__, __LINE__, "machine_create: %s", err);
        return m;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
        int node = fdt_path_offset(fdt, path);
        const void *p;

        if (node < 0)
                test_failed(__FILE__, __LINE__, "no node %s", path);
        p = fdt_getprop(fdt, node, name, len);
        if (!p)
                test_failed(__FILE__, __LINE__, "no property %s in %s", name, path);
        return p;
}

static uint32_t cell(const void *fdt, const char *path, const char *name, int i)
{
        int len;
        const fdt32_t *p = prop(fdt, path, name, &len);

        CHECK(len >= 4 * (i + 1));
        return fdt32_to_cpu(p[i]);
}

static bool str_is(const void *fdt, const char *path, const char *name, const char *want)
{
        int len;
        const char *p = prop(fdt, path, name, &len);

        return len == (int)strlen(want) + 1 && strcmp(p, want) == 0;
}

TEST(test_fdt_root_is_qemu_pseries)
{
        struct machine *m = create(1, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);

        CHECK(fdt_check_header(fdt) == 0);
        CHECK(str_is(fdt, "/", "compatible", "qemu,pseries"));
        CHECK(str_is(fdt, "/", "device_type", "chrp"));
        CHECK(str_is(fdt, "/", "model", "IBM pSeries (emulated by qemu)"));
        CHECK_EQ(cell(fdt, "/", "#address-cells", 0), 2);
        CHECK_EQ(cell(fdt, "/", "#size-cells", 0), 2);
        machine_destroy(m);
}

TEST(test_fdt_chosen_has_bootargs_and_stdout)
{
        struct machine *m = create(1, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);
        int len;

        CHECK(str_is(fdt, "/chosen", "bootargs", "console=hvc0 quiet"));
        CHECK(str_is(fdt, "/chosen", "stdout-path", "/vdevice/vty@71000000"));
        CHECK(str_is(fdt, "/chosen", "linux,stdout-path", "/vdevice/vty@71000000"));
        CHECK_EQ(cell(fdt, "/chosen", "qemu,boot-kernel", 1), 0x400000);
        CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-start", &len) == NULL);
        machine_destroy(m);
}

TEST(test_fdt_memory_node_covers_ram)
{
        struct machine *m = create(1, 4096, NULL, false);
        const void *fdt = machine_fdt(m, NULL);

        CHECK(str_is(fdt, "/memory@0", "device_type", "memory"));
        CHECK_EQ(cell(fdt, "/memory@0", "reg", 0), 0);
        CHECK_EQ(cell(fdt, "/memory@0", "reg", 1), 0);
        CHECK_EQ(cell(fdt, "/memory@0", "reg", 2), 1);
        CHECK_EQ(cell(fdt, "/memory@0", "reg", 3), 0);
        machine_destroy(m);
}

TEST(test_fdt_cpus_one_node_per_vcpu)
{
        struct machine *m = create(3, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);
        const char *cpu2 = "/cpus/PowerPC,POWER9@2";
        int len;

        CHECK_EQ(cell(fdt, "/cpus", "#address-cells", 0), 1);
        CHECK_EQ(cell(fdt, "/cpus", "#size-cells", 0), 0);
        CHECK(str_is(fdt, cpu2, "device_type", "cpu"));
        CHECK_EQ(cell(fdt, cpu2, "reg", 0), 2);
        CHECK_EQ(cell(fdt, cpu2, "ibm,ppc-interrupt-server#s", 0), 2);
        CHECK_EQ(cell(fdt, cpu2, "ibm,ppc-interrupt-gserver#s", 0), 2);
        CHECK_EQ(cell(fdt, cpu2, "timebase-frequency", 0), 512000000);
        CHECK_EQ(cell(fdt, cpu2, "clock-frequency", 0), 1000000000);
        CHECK_EQ(cell(fdt, cpu2, "cpu-version", 0), 0x004e1200);
        CHECK_EQ(cell(fdt, cpu2, "d-cache-block-size", 0), 128);
        CHECK_EQ(cell(fdt, cpu2, "d-cache-line-size", 0), 128);
        CHECK_EQ(cell(fdt, cpu2, "i-cache-block-size", 0), 128);
        CHECK_EQ(cell(fdt, cpu2, "i-cache-line-size", 0), 128);
        CHECK_EQ(cell(fdt, cpu2, "ibm,slb-size", 0), 32);
        CHECK_EQ(cell(fdt, cpu2, "ibm,vmx", 0), 2);
        CHECK_EQ(cell(fdt, cpu2, "ibm,dfp", 0), 1);
        CHECK_EQ(cell(fdt, cpu2, "ibm,dec-bits", 0), 56);
        CHECK(fdt_getprop(fdt, fdt_path_offset(fdt, cpu2), "64-bit", &len) && len == 0);
        CHECK_EQ(cell(fdt, cpu2, "ibm,pa-features", 0), 0x4200f63f);
        CHECK_EQ(cell(fdt, cpu2, "ibm,segment-page-sizes", 6), 0x110);
        CHECK_EQ(cell(fdt, cpu2, "ibm,processor-radix-AP-encodings", 3), 0x4000001e);
        CHECK_EQ(cell(fdt, cpu2, "ibm,pft-size", 1), 0x15);    /* QEMU's HPT for 256 MiB */
        CHECK(fdt_path_offset(fdt, "/cpus/PowerPC,POWER9@3") < 0);
        machine_destroy(m);
}

TEST(test_fdt_rtas_lists_every_call_and_the_stub)
{
        static const char *const calls[] = {
                "display-character", "get-time-of-day", "set-time-of-day", "power-off",
                "system-reboot", "ibm,os-term", "start-cpu", "stop-self",
                "query-cpu-stopped-state", "ibm,set-xive", "ibm,get-xive", "ibm,int-on",
                "ibm,int-off", "event-scan", "check-exception",
        };
        struct machine *m = create(1, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);
        struct machine_layout l;
        uint64_t ram_size;
        const uint8_t *ram = machine_ram(m, &ram_size);
        int len;
        const char *h;

        machine_get_layout(m, &l);
        for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
                CHECK(cell(fdt, "/rtas", calls[i], 0) >= 0x2000);
        CHECK_EQ(cell(fdt, "/rtas", "power-off", 0), 0x2003);
        CHECK_EQ(cell(fdt, "/rtas", "linux,rtas-entry", 0), l.rtas_addr);
        CHECK_EQ(cell(fdt, "/rtas", "linux,rtas-base", 0), l.rtas_addr);
        CHECK_EQ(cell(fdt, "/rtas", "rtas-size", 0), 0x1000);
        CHECK_EQ(ram[l.rtas_addr + 12], 0x44);    /* sc 1 in the stub */
        h = prop(fdt, "/rtas", "ibm,hypertas-functions", &len);
        CHECK(memmem(h, len, "hcall-term", 11));
        CHECK(memmem(h, len, "hcall-set-mode", 15));
        CHECK(memmem(h, len, "hcall-interrupt", 16));
        machine_destroy(m);
}

TEST(test_fdt_rtas_stub_is_reserved)
{
        struct machine *m = create(1, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);
        struct machine_layout l;
        uint64_t addr, size;

        machine_get_layout(m, &l);
        CHECK_EQ(fdt_num_mem_rsv(fdt), 1);
        CHECK_EQ(fdt_get_mem_rsv(fdt, 0, &addr, &size), 0);
        CHECK_EQ(addr, l.rtas_addr);
        CHECK_EQ(size, 0x1000);
        machine_destroy(m);
}

TEST(test_fdt_vty_and_xics_match_qemu)
{
        struct machine *m = create(2, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);

        CHECK(str_is(fdt, "/vdevice", "compatible", "IBM,vdevice"));
        CHECK(str_is(fdt, "/vdevice/vty@71000000", "compatible", "hvterm1"));
        CHECK(str_is(fdt, "/vdevice/vty@71000000", "device_type", "serial"));
        CHECK_EQ(cell(fdt, "/vdevice/vty@71000000", "reg", 0), 0x71000000);
        CHECK(str_is(fdt, "/interrupt-controller", "compatible", "IBM,ppc-xicp"));
        CHECK(str_is(fdt, "/interrupt-controller", "device_type",
                     "PowerPC-External-Interrupt-Presentation"));
        CHECK_EQ(cell(fdt, "/interrupt-controller", "ibm,interrupt-server-ranges", 1), 2);
        CHECK_EQ(cell(fdt, "/event-sources/epow-events", "interrupts", 0), 0x1000);
        machine_destroy(m);
}

TEST(test_fdt_hypervisor_carries_the_pvinfo_sequence)
{
        struct machine *m = create(1, 256, NULL, false);
        const void *fdt = machine_fdt(m, NULL);

        CHECK(str_is(fdt, "/hypervisor", "compatible", "linux,kvm"));
        CHECK_EQ(cell(fdt, "/hypervisor", "hcall-instructions", 0), 0x3c004b56);
        CHECK_EQ(cell(fdt, "/hypervisor", "hcall-instructions", 2), 0x44000002);
        machine_destroy(m);
}

TEST(test_fdt_testdev_only_when_asked)
{
        struct machine *m = create(1, 256, NULL, true);
        const void *fdt = machine_fdt(m, NULL);

        CHECK(str_is(fdt, "/testdev@f0000000", "compatible", "ppcvmd,testdev"));
        CHECK_EQ(cell(fdt, "/testdev@f0000000", "reg", 1), 0xf0000000);
        machine_destroy(m);
        m = create(1, 256, NULL, false);
        CHECK(fdt_path_offset(machine_fdt(m, NULL), "/testdev@f0000000") < 0);
        machine_destroy(m);
}

TEST(test_fdt_is_placed_below_ram_top_like_qemu)
{
        struct machine *m = create(1, 256, NULL, false);
        struct machine_layout l;
        size_t size;
        const void *fdt = machine_fdt(m, &size);
        const uint8_t *ram = machine_ram(m, NULL);

        machine_get_layout(m, &l);
        CHECK_EQ(l.fdt_addr, 0x0fe00000);
        CHECK(memcmp(ram + l.fdt_addr, fdt, size) == 0);
        machine_destroy(m);
        m = create(1, 4096, NULL, false);
        machine_get_layout(m, &l);
        CHECK_EQ(l.fdt_addr, 0x7fe00000);
        machine_destroy(m);
}

TEST(test_boot_state_of_vcpu0_and_the_others)
{
        struct machine *m = create(2, 256, NULL, false);
        struct fake_vcpu *v0 = fake_of(machine_vcpu(m, 0)), *v1 = fake_of(machine_vcpu(m, 1));
        struct machine_layout l;

        machine_get_layout(m, &l);
        CHECK_EQ(v0->regs.pc, 0x400000);
        CHECK_EQ(v0->regs.msr, 0);
        CHECK_EQ(v0->regs.gpr[3], l.fdt_addr);
        CHECK_EQ(v0->regs.gpr[4], 0x400000);
        CHECK_EQ(v0->regs.gpr[5], 0);
        CHECK_EQ(v0->mp, VCPU_MP_RUNNABLE);
        CHECK_EQ(v1->mp, VCPU_MP_STOPPED);
        machine_destroy(m);
}

TEST(test_initrd_follows_the_kernel_64k_aligned)
{
        char path[] = "/tmp/ppcvm-test-initrd-XXXXXX";
        int fd = mkstemp(path);
        struct machine *m;
        struct machine_layout l;
        const void *fdt;
        const uint8_t *ram;

        CHECK(fd >= 0);
        CHECK_EQ(write(fd, "INITRD!", 7), 7);
        close(fd);
        m = create(1, 256, path, false);
        unlink(path);
        machine_get_layout(m, &l);
        fdt = machine_fdt(m, NULL);
        ram = machine_ram(m, NULL);
        CHECK_EQ(l.initrd_start, 0x420000);    /* (0x400100 + 0x1ffff) & ~0xffff */
        CHECK_EQ(l.initrd_end, 0x420007);
        CHECK_EQ(cell(fdt, "/chosen", "linux,initrd-start", 0), 0x420000);
        CHECK_EQ(cell(fdt, "/chosen", "linux,initrd-end", 0), 0x420007);
        CHECK(memcmp(ram + 0x420000, "INITRD!", 7) == 0);
        machine_destroy(m);
}

static int try_create(uint64_t bytes, unsigned vcpus, bool testdev, char *err)
{
        struct elf_spec s = elf_spec_default(true);
        const char *path = elf_build_file(&s);
        struct machine_config cfg = { .memory_bytes = bytes, .vcpus = vcpus, .kernel_path = path,
                                      .testdev = testdev, .backend_ops = &fake_vcpu_ops };
        struct machine *m = NULL;
        int r = machine_create(&cfg, NULL, &m, err, MACHINE_ERR_LEN);

        unlink(path);
        machine_destroy(m);
        return r;
}

TEST(test_memory_limits_are_enforced)
{
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(try_create(8ull << 20, 1, false, err), -EINVAL);
        CHECK(strstr(err, "memory"));
        CHECK_EQ(try_create((16ull << 20) + 4096, 1, false, err), -EINVAL);
        CHECK_EQ(try_create(2ull << 40, 1, false, err), -EINVAL);
        CHECK_EQ(try_create(16ull << 20, 1, false, err), 0);
}

TEST(test_vcpu_count_limits_are_enforced)
{
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(try_create(64ull << 20, 0, false, err), -EINVAL);
        CHECK_EQ(try_create(64ull << 20, 65, false, err), -EINVAL);
        CHECK(strstr(err, "65 vcpus"));
        CHECK_EQ(try_create(64ull << 20, 64, false, err), 0);
}

TEST(test_testdev_needs_memory_below_it)
{
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(try_create(4096ull << 20, 1, true, err), -EINVAL);
        CHECK(strstr(err, "test device"));
}

TEST(test_missing_kernel_names_the_file)
{
        struct machine_config cfg = { .memory_bytes = 64ull << 20, .vcpus = 1,
                                      .kernel_path = "/nonexistent/vmlinux",
                                      .backend_ops = &fake_vcpu_ops };
        struct machine *m = NULL;
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(machine_create(&cfg, NULL, &m, err, sizeof(err)), -ENOENT);
        CHECK(strstr(err, "kernel /nonexistent/vmlinux"));
}

TEST(test_kernel_too_big_for_memory_is_refused)
{
        struct elf_spec s = elf_spec_default(true);
        const char *path;
        struct machine_config cfg = { .memory_bytes = 16ull << 20, .vcpus = 1,
                                      .backend_ops = &fake_vcpu_ops };
        struct machine *m = NULL;
        char err[MACHINE_ERR_LEN];

        s.seg[0].memsz = 32ull << 20;
        path = elf_build_file(&s);
        cfg.kernel_path = path;
        CHECK_EQ(machine_create(&cfg, NULL, &m, err, sizeof(err)), -ENOSPC);
        unlink(path);
        CHECK(strstr(err, "needs guest memory"));
}
