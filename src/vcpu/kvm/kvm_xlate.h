/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Translation between ppcvmd's vcpu interface (vcpu.h) and the kernel's
 * PowerPC KVM ABI (kvm_abi.h, <linux/kvm.h>): exits, their completion,
 * registers, ONE_REG ids and PVINFO.  Pure functions: no ioctl, no state,
 * so they are unit tested on any host (tests/kvm/test_xlate.c).
 */
#pragma once

#include <linux/kvm.h>

#include "vcpu/kvm/kvm_abi.h"
#include "vcpu/vcpu.h"

/* What a KVM_RUN that returned 0 left in the kernel's run structure, as a
 * vcpu_run exit.  Exits the machine has no use for (SHUTDOWN, FAIL_ENTRY,
 * exits of other architectures) become KVM_EXIT_INTERNAL_ERROR whose reason
 * names the kernel's exit; DEBUG passes through for a debugger.  Returns
 * the kernel's exit reason (for statistics). */
uint32_t kvm_xlate_exit(const struct kvm_run *k, struct vcpu_run *out);

/* Before the next KVM_RUN: the host's answer to the exit it was given
 * (`served` is the vcpu_run exit reason it saw) goes where the kernel reads
 * it: MMIO load data, hypercall return and r4..r12, OSI GPRs, DCR load data. */
void kvm_xlate_complete(const struct vcpu_run *in, uint32_t served, struct kvm_run *k);

/* KVM_EXIT_* as a name ("MMIO", "PAPR_HCALL"); "UNKNOWN(n)" style names
 * go into buf for reasons it does not know. */
const char *kvm_exit_name(uint32_t reason, char *buf, size_t len);

void kvm_regs_from_kernel(const struct ppc_kvm_regs *k, struct vcpu_regs *out);
void kvm_regs_to_kernel(const struct vcpu_regs *r, struct ppc_kvm_regs *out);
void kvm_sregs_from_kernel(const struct ppc_kvm_sregs *k, struct vcpu_sregs *out);
/* -EINVAL when slb_max > 64. */
int kvm_sregs_to_kernel(const struct vcpu_sregs *s, struct ppc_kvm_sregs *out);

/* The ONE_REG id for a VCPU_REG_* id, or 0 when KVM has no register for it
 * (the caller answers those itself or refuses with -ENOENT). */
uint64_t kvm_one_reg_id(uint32_t vcpu_reg);
/* Byte size of a ONE_REG id's value (4 or 8; 0 for other sizes). */
unsigned kvm_one_reg_size(uint64_t id);

/* KVM_PPC_GET_PVINFO's answer: the kernel stores the hcall words
 * big-endian whatever the host's byte order. */
void kvm_pvinfo_from_kernel(const struct kvm_ppc_pvinfo *k, struct vcpu_pvinfo *out);
/* When the kernel has no PVINFO: "li r3,-1; nop; nop; nop", so a guest's
 * paravirtual hypercall fails cleanly with -1 instead of trapping. */
void kvm_pvinfo_fallback(struct vcpu_pvinfo *out);
