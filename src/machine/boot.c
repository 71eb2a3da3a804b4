/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The boot state, as QEMU's pseries machine lays it out for -kernel:
 *   kernel  at 0x400000 + (paddr & 0x0fffffff) per segment
 *   initrd  at (kernel end + 0x1ffff) & ~0xffff (64 KiB aligned, a gap after
 *           the kernel), described in /chosen linux,initrd-start/end
 *   fdt     at min(RAM, 2 GiB) - 2 MiB; the RTAS stub in the last page of
 *           that 2 MiB area (reserved in the fdt's memory map)
 *   vcpu 0  at the entry point (translated like the segments), MSR = 0
 *           (big-endian, 32-bit, real mode), r3 = fdt, r4 = kernel load
 *           address, r5 = 0; every other vcpu stopped until start-cpu.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/hcall.h"
#include "devices/rtas.h"
#include "machine/elf_loader.h"
#include "machine/machine_internal.h"

#define INITRD_ALIGN  0x10000ull
#define INITRD_GAP    0x10000ull

/* Reads a whole file (at most max bytes) into a new buffer. */
static int read_file(const char *path, uint64_t max, uint8_t **ret, size_t *ret_len,
                     char *err, size_t err_len, const char *what)
{
        struct stat st;
        uint8_t *buf;
        size_t done = 0;
        int fd, r;

        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) < 0) {
                r = -errno;
                snprintf(err, err_len, "%s %s: %s", what, path, strerror(-r));
                if (fd >= 0)
                        close(fd);
                return r;
        }
        if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
                snprintf(err, err_len, "%s %s: %s", what, path,
                         S_ISREG(st.st_mode) ? "larger than guest memory" : "not a regular file");
                close(fd);
                return S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
        }
        buf = malloc(st.st_size ? st.st_size : 1);
        if (!buf) {
                close(fd);
                snprintf(err, err_len, "%s %s: out of memory", what, path);
                return -ENOMEM;
        }
        while (done < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + done, st.st_size - done);

                if (n <= 0) {
                        r = n < 0 ? -errno : -EIO;
                        snprintf(err, err_len, "%s %s: read failed: %s", what, path, strerror(-r));
                        free(buf);
                        close(fd);
                        return r;
                }
                done += n;
        }
        close(fd);
        *ret = buf;
        *ret_len = done;
        return 0;
}

static uint64_t fdt_area(const struct machine *m)
{
        uint64_t top = m->ram_size < MACHINE_FDT_LIMIT ? m->ram_size : MACHINE_FDT_LIMIT;

        return top - MACHINE_FDT_MAX_SIZE;
}

int machine_boot_read(struct machine *m, char *err, size_t err_len)
{
        int r;

        r = read_file(m->kernel_path, m->ram_size, &m->kernel_buf, &m->kernel_len, err, err_len,
                      "kernel");
        if (r < 0 || !m->initrd_path)
                return r;
        return read_file(m->initrd_path, m->ram_size, &m->initrd_buf, &m->initrd_len, err, err_len,
                         "initrd");
}

static int load_kernel(struct machine *m, char *err, size_t err_len)
{
        char why[200];
        struct elf_image img;
        int r;

        r = elf_parse(m->kernel_buf, m->kernel_len, &img, why, sizeof(why));
        if (r >= 0)
                r = elf_load(&img, m->kernel_buf, m->ram, m->fdt_addr, why, sizeof(why));
        if (r < 0) {
                snprintf(err, err_len, "kernel %s: %s", m->kernel_path, why);
                return r;
        }
        m->kernel_addr = ELF_KERNEL_LOAD_ADDR;
        m->kernel_end = img.high;
        m->entry = img.entry;
        return 0;
}

static int load_initrd(struct machine *m, char *err, size_t err_len)
{
        uint64_t start = (m->kernel_end + INITRD_GAP + INITRD_ALIGN - 1) & ~(INITRD_ALIGN - 1);
        size_t len = m->initrd_len;

        m->initrd_start = m->initrd_end = 0;
        if (!m->initrd_buf)
                return 0;
        if (start > m->fdt_addr || len > m->fdt_addr - start) {
                snprintf(err, err_len, "initrd %s: %zu bytes do not fit between the kernel"
                         " (ends at 0x%" PRIx64 ") and the device tree at 0x%" PRIx64
                         "; give the machine more memory", m->initrd_path, len, m->kernel_end,
                         m->fdt_addr);
                return -ENOSPC;
        }
        memcpy(m->ram + start, m->initrd_buf, len);
        m->initrd_start = start;
        m->initrd_end = start + len;
        return 0;
}

static int place_fdt(struct machine *m, char *err, size_t err_len)
{
        struct machine_fdt_info info = {
                .ram_size = m->ram_size, .nr_vcpus = m->nr_vcpus, .pvr = 0x004e1200,
                .cmdline = m->cmdline, .kernel_addr = m->kernel_addr,
                .kernel_size = m->kernel_end - m->kernel_addr,
                .initrd_start = m->initrd_start, .initrd_end = m->initrd_end,
                .rtas_addr = m->rtas_addr, .rtas_size = MACHINE_RTAS_SIZE,
                .hpt_shift = m->hpt_shift,
                .testdev = m->cfg.testdev,
        };
        int r;

        if (m->ops->get_pvinfo)
                m->ops->get_pvinfo(m->vm, &info.pvinfo);
        free(m->fdt);
        m->fdt = NULL;
        r = machine_fdt_build(&info, &m->fdt, &m->fdt_size);
        if (r < 0 || m->fdt_size > MACHINE_FDT_MAX_SIZE - MACHINE_RTAS_SIZE) {
                snprintf(err, err_len, "cannot build the device tree: %s",
                         r < 0 ? strerror(-r) : "too large");
                return r < 0 ? r : -E2BIG;
        }
        memcpy(m->ram + m->fdt_addr, m->fdt, m->fdt_size);
        rtas_stub_write(m->ram + m->rtas_addr);
        return 0;
}

/* A fresh hashed page table for the partition, sized as QEMU sizes it;
 * the tree advertises that size even if the backend keeps no HPT. */
static void alloc_hpt(struct machine *m)
{
        if (hcall_mmu_alloc_hpt(m->vcpus[0].vcpu, m->ram_size, &m->hpt_shift) < 0)
                m->hpt_shift = hcall_mmu_hpt_shift(m->ram_size);
}

int machine_boot_load(struct machine *m, char *err, size_t err_len)
{
        int r;

        alloc_hpt(m);
        m->fdt_addr = fdt_area(m);
        m->rtas_addr = m->fdt_addr + MACHINE_FDT_MAX_SIZE - MACHINE_RTAS_SIZE;
        if ((r = load_kernel(m, err, err_len)) < 0)
                return r;
        if ((r = load_initrd(m, err, err_len)) < 0)
                return r;
        return place_fdt(m, err, err_len);
}

/* LPCR fields H_SET_MODE and H_REGISTER_PROC_TBL change: a reset puts
 * them back (hash translation, big-endian interrupts, no AIL). */
#define LPCR_ILE  (1ull << (63 - 38))
#define LPCR_AIL  (3ull << (63 - 40))
#define LPCR_UPRT (1ull << (63 - 41))
#define LPCR_HR   (1ull << (63 - 43))
#define LPCR_GTSE (1ull << (63 - 53))
#define LPCR_GUEST_FIELDS (LPCR_ILE | LPCR_AIL | LPCR_UPRT | LPCR_HR | LPCR_GTSE)

#define SPR_DEC        22
#define DEC_RESET      0x7fffffffull   /* no decrementer interrupt for ~4 s */

/* What set_regs does not cover: an empty SLB (same PVR), a decrementer far
 * from zero, the external line down. */
static void reset_vcpu_extras(struct machine *m, struct vcpu *v)
{
        const struct vcpu_backend_ops *ops = m->ops;
        struct vcpu_sregs sregs;

        if (ops->get_sregs && ops->set_sregs && ops->get_sregs(v, &sregs) >= 0) {
                uint32_t pvr = sregs.pvr;

                memset(&sregs, 0, sizeof(sregs));
                sregs.pvr = pvr;
                ops->set_sregs(v, &sregs);
        }
        if (ops->set_one_reg)
                ops->set_one_reg(v, VCPU_REG_SPR(SPR_DEC), DEC_RESET);
        if (ops->interrupt)
                ops->interrupt(v, VCPU_INTERRUPT_UNSET);
}

static int boot_vcpu(struct machine *m, unsigned i)
{
        const struct vcpu_backend_ops *ops = m->ops;
        struct vcpu *v = m->vcpus[i].vcpu;
        struct vcpu_regs regs = { 0 };
        struct vcpu_fpu fpu = { 0 };
        int r;

        if (i == 0) {
                regs.pc = m->entry;
                regs.gpr[3] = m->fdt_addr;
                regs.gpr[4] = m->kernel_addr;
                regs.gpr[5] = 0;
        }
        regs.msr = 0;
        if ((r = ops->set_regs(v, &regs)) < 0)
                return r;
        if (ops->set_fpu)
                ops->set_fpu(v, &fpu);
        reset_vcpu_extras(m, v);
        if (ops->set_one_reg)
                ops->set_one_reg(v, VCPU_REG_VPA_ADDR, 0);
        if (ops->set_mp_state)
                ops->set_mp_state(v, i == 0 ? VCPU_MP_RUNNABLE : VCPU_MP_STOPPED);
        m->vcpus[i].stopped = i != 0;
        m->vcpus[i].start_pending = false;
        m->vcpus[i].stop_self_pending = false;
        return 0;
}

int machine_boot_vcpus(struct machine *m)
{
        uint64_t lpcr;
        int r;

        for (unsigned i = 0; i < m->nr_vcpus && m->ops->get_one_reg; i++)
                if (m->ops->get_one_reg(m->vcpus[i].vcpu, VCPU_REG_LPCR, &lpcr) >= 0)
                        m->ops->set_one_reg(m->vcpus[i].vcpu, VCPU_REG_LPCR,
                                            lpcr & ~LPCR_GUEST_FIELDS);
        if (m->ops->set_one_reg)
                m->ops->set_one_reg(m->vcpus[0].vcpu, VCPU_REG_PROC_TABLE, 0);
        for (unsigned i = 0; i < m->nr_vcpus; i++)
                if ((r = boot_vcpu(m, i)) < 0)
                        return r;
        return 0;
}
