/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A platform with 1 MiB of RAM, two fake vcpus and recording hooks. */
#pragma once

#include "devices/hcall.h"
#include "devices/platform.h"
#include "devices/rtas.h"
#include "fake_vcpu.h"
#include "test.h"

#define DEVTEST_RAM     (1u << 20)
#define DEVTEST_RTAS    0x1000u     /* where devtest_rtas builds its block */

struct devtest {
        struct platform p;
        uint8_t *ram;
        struct vcpu_vm *vm;
        struct vcpu *v[2];
        char out[4096];
        size_t out_len;
        int stops;
        enum platform_stop stop_why;
        char stop_detail[256];
        int start_calls, start_ret;
        unsigned start_index;
        uint64_t start_entry, start_r3;
        int stop_self_calls;
        bool stopped[2];
};

void devtest_init(struct devtest *t, bool testdev);
void devtest_fini(struct devtest *t);
/* Hypercall nr from vcpu `cpu` with args r4..; results in ret_args (r4..r12). */
int64_t devtest_hcall(struct devtest *t, unsigned cpu, uint64_t nr, uint64_t a0, uint64_t a1,
                      uint64_t a2, uint64_t a3, uint64_t ret_args[9]);
/* RTAS call from vcpu 0 through KVMPPC_H_RTAS; rets[] filled; returns rets[0]
 * as a signed status (or the hcall's failure). */
int32_t devtest_rtas(struct devtest *t, uint32_t token, uint32_t nargs, uint32_t nret,
                     const uint32_t *args, uint32_t *rets);
uint32_t devtest_be32(const struct devtest *t, uint64_t gpa);
