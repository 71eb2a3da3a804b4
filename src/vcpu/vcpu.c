/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Backend names and selection. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vcpu.h"

static const char *const backend_names[_VCPU_BACKEND_MAX] = {
        [VCPU_BACKEND_AUTO] = "auto",
        [VCPU_BACKEND_EMU] = "emu",
        [VCPU_BACKEND_KVM] = "kvm",
};

const char *vcpu_backend_kind_to_string(enum vcpu_backend_kind k)
{
        return (unsigned)k < _VCPU_BACKEND_MAX ? backend_names[k] : NULL;
}

int vcpu_backend_kind_from_string(const char *s)
{
        for (int i = 0; s && i < _VCPU_BACKEND_MAX; i++)
                if (strcmp(s, backend_names[i]) == 0)
                        return i;
        return -EINVAL;
}

int vcpu_backend_select(enum vcpu_backend_kind kind, const struct vcpu_backend_ops **ret,
                        char *reason, size_t reason_len)
{
        char why[256] = "";
        int r;

        switch (kind) {
        case VCPU_BACKEND_EMU:
                *ret = &vcpu_emu_ops;
                snprintf(reason, reason_len, "the emulator was asked for");
                return 0;
        case VCPU_BACKEND_KVM:
                r = vcpu_kvm_ops.probe(why, sizeof(why));
                if (r < 0) {
                        snprintf(reason, reason_len, "%s", why);
                        return r;
                }
                *ret = &vcpu_kvm_ops;
                snprintf(reason, reason_len, "/dev/kvm runs PowerPC guests here");
                return 0;
        case VCPU_BACKEND_AUTO:
                r = vcpu_kvm_ops.probe(why, sizeof(why));
                if (r >= 0) {
                        *ret = &vcpu_kvm_ops;
                        snprintf(reason, reason_len, "/dev/kvm runs PowerPC guests here");
                } else {
                        *ret = &vcpu_emu_ops;
                        snprintf(reason, reason_len, "emulator chosen: %s", why);
                }
                return 0;
        default:
                return -EINVAL;
        }
}
