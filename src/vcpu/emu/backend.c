/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Placeholder: the emulator's vcpu_backend_ops come with the core work. */
#include "emu.h"

const struct vcpu_backend_ops vcpu_emu_ops = { .name = "emu" };

struct emu_cpu *emu_vcpu_cpu(struct emu_vm *vm, unsigned i)
{
        (void)vm;
        (void)i;
        return NULL;
}
