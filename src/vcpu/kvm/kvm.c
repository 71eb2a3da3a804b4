/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The /dev/kvm backend.  Not written yet: the probe says so, and every
 * operation refuses, so "auto" picks the emulator.
 */
#include <errno.h>
#include <stdio.h>

#include "vcpu/vcpu.h"

static int kvm_probe(char *reason, size_t reason_len)
{
#if defined(__powerpc64__)
        snprintf(reason, reason_len, "the /dev/kvm backend is not built yet");
#else
        snprintf(reason, reason_len, "this host is not PowerPC: /dev/kvm here cannot run PowerPC guests");
#endif
        return -ENODEV;
}

static int kvm_check_extension(struct vcpu_vm *vm, long cap)
{
        (void)vm;
        (void)cap;
        return 0;
}

static int kvm_vm_create(const struct vcpu_vm_config *cfg, struct vcpu_vm **ret)
{
        (void)cfg;
        (void)ret;
        return -ENODEV;
}

const struct vcpu_backend_ops vcpu_kvm_ops = {
        .name = "kvm",
        .probe = kvm_probe,
        .check_extension = kvm_check_extension,
        .vm_create = kvm_vm_create,
};
