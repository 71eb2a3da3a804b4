/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * `sc`: what the backend does before the guest's own system call handler
 * sees it, in the order KVM (book3s_pr) decides:
 *   sc 1          sPAPR hypercall: H_CEDE, H_PROD and H_CONFER here, every
 *                 other one a KVM_EXIT_PAPR_HCALL; from problem state
 *                 H_PRIVILEGE, as QEMU answers;
 *   sc, OSI magic Mac-on-Linux OSI call exit, when enabled on the vcpu;
 *   sc, r0 "KVM!" the KVM/ePAPR paravirtual hypercall, from supervisor state;
 *   anything else the system call interrupt (0xc00).
 */
#include <string.h>

#include "emu.h"

/* PAPR hypercall numbers (PAPR 14.5.4.3; Linux asm/hvcall.h) and return
 * codes served in the backend. */
#define H_SUCCESS    0
#define H_PRIVILEGE  ((uint64_t)-3)
#define H_PARAMETER  ((uint64_t)-4)
#define H_CEDE       0xE0
#define H_CONFER     0xE4
#define H_PROD       0xE8

static int hcall_cede(struct emu_cpu *cpu, struct emu_vcpu *v)
{
        /* H_CEDE enables external interrupts and waits for one. */
        cpu->msr |= MSR_EE;
        cpu->gpr[3] = H_SUCCESS;
        if (v)
                emu_vcpu_cede(v);
        cpu->nip = emu_nia(cpu, cpu->nip + 4);
        return EMU_JUMP;        /* deliver what woke us right away */
}

static int hcall_prod(struct emu_cpu *cpu)
{
        uint64_t target = cpu->gpr[4];
        struct emu_cpu *o = target < cpu->vm->max_vcpus ?
                            emu_vcpu_cpu(cpu->vm, (unsigned)target) : NULL;

        if (!o || !o->owner) {
                cpu->gpr[3] = H_PARAMETER;
                return EMU_NEXT;
        }
        atomic_store_explicit(&o->owner->prodded, true, memory_order_release);
        emu_vcpu_wake(o->owner, true);
        cpu->gpr[3] = H_SUCCESS;
        return EMU_NEXT;
}

static int papr_hcall_exit(struct emu_cpu *cpu)
{
        struct vcpu_run *run = cpu->run;

        memset(&run->papr_hcall, 0, sizeof(run->papr_hcall));
        run->exit_reason = KVM_EXIT_PAPR_HCALL;
        run->papr_hcall.nr = cpu->gpr[3];
        for (unsigned i = 0; i < 9; i++)
                run->papr_hcall.args[i] = cpu->gpr[4 + i];
        cpu->nip = emu_nia(cpu, cpu->nip + 4);
        return EMU_EXIT;
}

static int sc_hypercall(struct emu_cpu *cpu)
{
        struct emu_vcpu *v = cpu->owner;

        if (cpu->msr & MSR_PR) {
                cpu->gpr[3] = H_PRIVILEGE;
                return EMU_NEXT;
        }
        switch (cpu->gpr[3]) {
        case H_CEDE:
                if (v)
                        v->stats.hcalls++;
                return hcall_cede(cpu, v);
        case H_PROD:
                if (v)
                        v->stats.hcalls++;
                return hcall_prod(cpu);
        case H_CONFER:
                /* Nothing to give our time to: the host schedules vcpus. */
                if (v)
                        v->stats.hcalls++;
                cpu->gpr[3] = H_SUCCESS;
                return EMU_NEXT;
        default:
                /* The hashed page table is the backend's (mmu_hcall.c). */
                if (emu_mmu_hcall(cpu)) {
                        if (v)
                                v->stats.hcalls++;
                        return EMU_NEXT;
                }
                return papr_hcall_exit(cpu);
        }
}

static bool is_osi_call(const struct emu_cpu *cpu)
{
        return cpu->owner && cpu->owner->osi_enabled &&
               (uint32_t)cpu->gpr[3] == OSI_SC_MAGIC_R3 &&
               (uint32_t)cpu->gpr[4] == OSI_SC_MAGIC_R4;
}

static int osi_exit(struct emu_cpu *cpu)
{
        struct vcpu_run *run = cpu->run;

        run->exit_reason = KVM_EXIT_OSI;
        memcpy(run->osi.gprs, cpu->gpr, sizeof(run->osi.gprs));
        cpu->nip = emu_nia(cpu, cpu->nip + 4);
        return EMU_EXIT;
}

/* KVM's paravirtual hypercall (the seed's kvmppc_kvm_pv): nr in r11,
 * parameters in r3..r6, status to r3 and a second value to r4. */
static int kvm_pv_hypercall(struct emu_cpu *cpu)
{
        struct emu_vcpu *v = cpu->owner;
        uint32_t nr = (uint32_t)cpu->gpr[11];
        uint64_t p[4];
        uint64_t status, r2 = 0;

        for (unsigned i = 0; i < 4; i++)
                p[i] = emu_sf(cpu) ? cpu->gpr[3 + i] : (uint32_t)cpu->gpr[3 + i];
        switch (nr) {
        case HC_VENDOR_KVM | KVM_HC_PPC_MAP_MAGIC_PAGE:
                if (v) {
                        v->magic_page_pa = p[0];
                        v->magic_page_ea = p[1];
                }
                r2 = KVM_MAGIC_FEAT_SR;
                status = HC_EV_SUCCESS;
                break;
        case HC_VENDOR_KVM | KVM_HC_FEATURES:
                r2 = 1u << KVM_FEATURE_MAGIC_PAGE;
                status = HC_EV_SUCCESS;
                break;
        default:
                status = HC_EV_UNIMPLEMENTED;
                break;
        }
        if (v)
                v->stats.hcalls++;
        cpu->gpr[3] = status;
        cpu->gpr[4] = r2;
        return EMU_NEXT;
}

int emu_sc(struct emu_cpu *cpu, unsigned lev)
{
        if (lev == 1)
                return sc_hypercall(cpu);
        if (lev == 0 && is_osi_call(cpu))
                return osi_exit(cpu);
        if (lev == 0 && !(cpu->msr & MSR_PR) && (uint32_t)cpu->gpr[0] == KVM_SC_MAGIC_R0)
                return kvm_pv_hypercall(cpu);
        return emu_raise(cpu, EXC_SYSCALL, emu_nia(cpu, cpu->nip + 4), 0);
}
