/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KVM_EXIT_DCR through the machine, as a BookE host's KVM raises it: the
 * emulator has no DCRs (POWER9 has no mfdcr/mtdcr), so a test-only hook
 * backend (this file; the emulator is not changed) wraps vcpu_emu_ops and
 * turns the guest's word accesses to a window at DCR_WINDOW into DCR exits
 * (dcrn = offset / 4), completing a DCR load on the next run as the seed
 * does: dcr.data into the load's target GPR.  The machine must route them to
 * its DCR bus (src/devices/dcr_bus.c: reads give 0, writes are counted).
 */
#include <string.h>
#include <unistd.h>

#include "../unit/machine/elf_build.h"
#include "machine/elf_loader.h"
#include "machine/machine.h"
#include "machine/machine_internal.h"
#include "test.h"

#define DCR_WINDOW 0xdc000000ull

static struct vcpu_backend_ops hook_ops;
static bool load_pending;
static uint32_t seen_dcrn[8], seen_data[8];
static bool seen_write[8];
static unsigned nseen;

static void put_be32(uint8_t *b, uint32_t v)
{
        b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
}

static uint32_t get_be32(const uint8_t *b)
{
        return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int hook_run(struct vcpu *v)
{
        struct vcpu_run *run = v->run;

        /* The DCR load's answer becomes the emulator's pending MMIO load
         * data (big-endian guest), which its run() writes into the GPR. */
        if (load_pending) {
                uint32_t d = run->dcr.data;
                load_pending = false;
                memset(&run->mmio, 0, sizeof(run->mmio));
                run->mmio.len = 4;
                put_be32(run->mmio.data, d);
        }
        int r = vcpu_emu_ops.run(v);
        if (r == 0 && run->exit_reason == KVM_EXIT_MMIO && run->mmio.len == 4 &&
            run->mmio.phys_addr >= DCR_WINDOW && run->mmio.phys_addr < DCR_WINDOW + 0x1000) {
                uint32_t dcrn = (uint32_t)(run->mmio.phys_addr - DCR_WINDOW) / 4;
                bool w = run->mmio.is_write;
                uint32_t data = w ? get_be32(run->mmio.data) : 0;

                run->exit_reason = KVM_EXIT_DCR;
                run->dcr.dcrn = dcrn;
                run->dcr.data = data;
                run->dcr.is_write = w;
                load_pending = !w;
                if (nseen < 8) {
                        seen_dcrn[nseen] = dcrn;
                        seen_data[nseen] = data;
                        seen_write[nseen++] = w;
                }
        }
        return r;
}

/* li r5,0; oris r5,r5,0xdc00; li r6,0x77; stw r6,0x40(r5);
 * li r7,-1; lwz r7,0x48(r5); b . */
static const uint32_t code[] = {
        0x38a00000, 0x64a5dc00, 0x38c00077, 0x90c50040,
        0x38e0ffff, 0x80e50048, 0x48000000,
};

static struct machine *start_hooked(void)
{
        struct elf_spec s = elf_spec_default(true);
        const char *path = elf_build_file(&s);
        struct machine_config cfg = { .memory_bytes = 64ull << 20, .vcpus = 1,
                                      .kernel_path = path, .backend_ops = &hook_ops };
        struct machine_callbacks cb = { 0 };
        char err[MACHINE_ERR_LEN];
        struct machine *m = NULL;
        uint64_t size;  /* the ELF's entry 0 runs at ELF_KERNEL_LOAD_ADDR */
        uint8_t *ram;

        hook_ops = vcpu_emu_ops;
        hook_ops.run = hook_run;
        CHECK_EQ(machine_create(&cfg, &cb, &m, err, sizeof(err)), 0);
        unlink(path);
        ram = machine_ram(m, &size);
        for (unsigned i = 0; i < sizeof(code) / 4; i++)
                put_be32(ram + ELF_KERNEL_LOAD_ADDR + 4 * i, code[i]);
        if (hook_ops.ram_written)
                hook_ops.ram_written(m->vm, ELF_KERNEL_LOAD_ADDR, sizeof(code));
        CHECK_EQ(machine_start(m), 0);
        for (int i = 0; i < 400 && nseen < 2; i++)
                usleep(5000);
        /* Pausing completes the pending DCR load before the vcpu parks. */
        CHECK_EQ(machine_pause(m), 0);
        return m;
}

TEST(test_dcr_exits_reach_the_machines_dcr_bus)
{
        struct machine *m;
        struct vcpu_regs regs;

        nseen = 0;
        m = start_hooked();
        CHECK_EQ(nseen, 2);
        CHECK_EQ(seen_dcrn[0], 0x10);
        CHECK(seen_write[0]);
        CHECK_EQ(seen_data[0], 0x77);
        CHECK_EQ(seen_dcrn[1], 0x12);
        CHECK(!seen_write[1]);
        CHECK_EQ(atomic_load(&m->plat.dcr.writes), 1);
        CHECK_EQ(atomic_load(&m->plat.dcr.reads), 1);
        /* The bus answers 0: the load completed into r7 (was -1). */
        CHECK_EQ(hook_ops.get_regs(machine_vcpu(m, 0), &regs), 0);
        CHECK_EQ(regs.gpr[7], 0);
        CHECK_EQ(regs.gpr[6], 0x77);
        machine_destroy(m);
}
