/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

void emu_test_init(struct emu_test *t, size_t ram_size)
{
        memset(t, 0, sizeof(*t));
        t->ram = calloc(1, ram_size);
        t->ram_size = ram_size;
        t->vm.slots[0] = (struct emu_slot){ .gpa = 0, .size = ram_size, .host = t->ram };
        t->vm.nslots = 1;
        t->vm.pvr = EMU_PVR_POWER9;
        pthread_mutex_init(&t->vm.resv_lock, NULL);
        pthread_mutex_init(&t->vm.lock, NULL);
        t->cpu.vm = &t->vm;
        t->cpu.run = &t->run;
        t->cpu.msr = MSR_SF | MSR_FP | MSR_VEC | MSR_VSX | MSR_ME;
        t->cpu.nip = 0x1000;
        emu_decode_init();
}

void emu_test_fini(struct emu_test *t)
{
        free(t->ram);
        pthread_mutex_destroy(&t->vm.resv_lock);
        pthread_mutex_destroy(&t->vm.lock);
}

int emu_test_step(struct emu_test *t, uint32_t word)
{
        struct emu_insn in;
        int r;

        emu_decode(word, &in);
        r = in.fn(&t->cpu, &in);
        if (r == EMU_NEXT)
                t->cpu.nip = emu_nia(&t->cpu, t->cpu.nip + 4);
        return r;
}

uint64_t emu_test_peek(const struct emu_test *t, uint64_t addr, unsigned size)
{
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
                v = (v << 8) | t->ram[addr + i];
        return v;
}

void emu_test_poke(struct emu_test *t, uint64_t addr, unsigned size, uint64_t val)
{
        for (unsigned i = size; i-- > 0; val >>= 8)
                t->ram[addr + i] = (uint8_t)val;
}
