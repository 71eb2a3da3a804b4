/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Between the data-access files (mem.c, mem_quad.c): the storage interrupt
 * for an access that cannot be performed on device memory, and the
 * reservation bookkeeping every store to RAM does.
 */
#pragma once

#include "emu.h"

/* DSISR bits (Book III 7.5.3, 32-bit numbering of the DSISR's bits 32:63). */
#define DSISR_BADACCESS PPC_BIT32(5)    /* 0x04000000: bit 37, unsupported access type */
#define DSISR_ISSTORE   PPC_BIT32(6)    /* 0x02000000: bit 38, the access was a store */

/*
 * Raises the data storage interrupt with DSISR_BADACCESS (plus
 * DSISR_ISSTORE for a store) and DAR = ea: what the ISA gives for the
 * quadword, reserve/conditional and atomic accesses to caching-inhibited
 * storage, and what KVM injects for an MMIO access it cannot emulate
 * (kvmppc_emulate_mmio, EMULATE_FAIL).  Returns EMU_JUMP.
 */
int emu_mem_bad_access(struct emu_cpu *cpu, uint64_t ea, bool is_write);

/* A store to [ra, ra+size) of RAM: clears the other vcpus' reservations on
 * the granules it touches.  Called with vm->resv_lock held. */
void emu_resv_kill_others(struct emu_cpu *cpu, uint64_t ra, unsigned size);
