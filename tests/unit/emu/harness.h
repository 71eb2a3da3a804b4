/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A bare emulated cpu for instruction tests: RAM at real address 0, 64-bit
 * big-endian supervisor state with FP, VMX and VSX enabled.  emu_test_step()
 * executes one instruction word at cpu.nip (the word is not fetched from RAM),
 * the way the execution loop would.
 */
#pragma once

#include "vcpu/emu/cpu.h"
#include "vcpu/emu/emu.h"

struct emu_test {
        struct emu_vm vm;
        struct emu_cpu cpu;
        struct vcpu_run run;
        uint8_t *ram;
        size_t ram_size;
};

void emu_test_init(struct emu_test *t, size_t ram_size);
void emu_test_fini(struct emu_test *t);
/* Returns the handler's EMU_* result; nip advanced on EMU_NEXT. */
int emu_test_step(struct emu_test *t, uint32_t word);
/* Reads/writes RAM in big-endian order for test set-up. */
uint64_t emu_test_peek(const struct emu_test *t, uint64_t addr, unsigned size);
void emu_test_poke(struct emu_test *t, uint64_t addr, unsigned size, uint64_t val);
