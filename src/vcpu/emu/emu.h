/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the emulator backend shared between its files (not used by
 * instruction handlers, which need only cpu.h).
 */
#pragma once

#include "cpu.h"

/* Internal flag kept with a pending MMIO load: the access was big-endian. */
#define EMU_MEM_MMIO_BE 0x100u

enum emu_access {
        EMU_ACCESS_READ,
        EMU_ACCESS_WRITE,
        EMU_ACCESS_EXEC,
};

/* Translation with MSR[IR/DR] set (mmu.c).  Returns EMU_NEXT with *ret_ra,
 * or EMU_JUMP after raising the storage interrupt. */
int emu_mmu_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, uint64_t *ret_ra);

/* The cpu of vcpu i, or NULL when there is none (backend.c). */
struct emu_cpu *emu_vcpu_cpu(struct emu_vm *vm, unsigned i);
