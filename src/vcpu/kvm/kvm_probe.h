/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probing /dev/kvm: opening it proves nothing (kvm.ko registers it even when
 * no PowerPC flavour can run a guest), so the probe creates a VM of each
 * type and says, per flavour, whether it is usable and why not.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct kvm_probe_flavour {
        bool usable;
        int error;           /* errno of KVM_CREATE_VM when not usable */
};

struct kvm_probe_result {
        bool device;                 /* /dev/kvm opened */
        int api_version;             /* -1 when unknown */
        bool powerpc_host;
        struct kvm_probe_flavour hv, pr;
        char reason[256];            /* one sentence covering all of the above */
};

/* Fills res; returns 0 when some flavour can run PowerPC guests, else -errno. */
int kvm_probe_host(struct kvm_probe_result *res);
