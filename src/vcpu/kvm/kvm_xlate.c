/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Exits, completions, registers and PVINFO between vcpu.h and the kernel. */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "vcpu/kvm/kvm_xlate.h"

static const char *const exit_names[] = {
        [KVM_EXIT_UNKNOWN] = "UNKNOWN",
        [KVM_EXIT_EXCEPTION] = "EXCEPTION",
        [KVM_EXIT_IO] = "IO",
        [KVM_EXIT_HYPERCALL] = "HYPERCALL",
        [KVM_EXIT_DEBUG] = "DEBUG",
        [KVM_EXIT_HLT] = "HLT",
        [KVM_EXIT_MMIO] = "MMIO",
        [KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
        [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
        [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
        [KVM_EXIT_INTR] = "INTR",
        [KVM_EXIT_SET_TPR] = "SET_TPR",
        [KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
        [KVM_EXIT_S390_SIEIC] = "S390_SIEIC",
        [KVM_EXIT_S390_RESET] = "S390_RESET",
        [KVM_EXIT_DCR] = "DCR",
        [KVM_EXIT_NMI] = "NMI",
        [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
        [KVM_EXIT_OSI] = "OSI",
        [KVM_EXIT_PAPR_HCALL] = "PAPR_HCALL",
        [KVM_EXIT_S390_UCONTROL] = "S390_UCONTROL",
        [KVM_EXIT_WATCHDOG] = "WATCHDOG",
        [KVM_EXIT_S390_TSCH] = "S390_TSCH",
        [KVM_EXIT_EPR] = "EPR",
        [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
};

const char *kvm_exit_name(uint32_t reason, char *buf, size_t len)
{
        if (reason < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[reason])
                return exit_names[reason];
        snprintf(buf, len, "UNKNOWN(%" PRIu32 ")", reason);
        return buf;
}

static void internal_error(struct vcpu_run *out, uint32_t suberror, const char *fmt_what,
                           uint64_t detail)
{
        memset(&out->internal, 0, sizeof(out->internal));
        out->exit_reason = KVM_EXIT_INTERNAL_ERROR;
        out->internal.suberror = suberror;
        snprintf(out->internal.reason, sizeof(out->internal.reason), fmt_what, detail);
}

uint32_t kvm_xlate_exit(const struct kvm_run *k, struct vcpu_run *out)
{
        char name[24];

        out->exit_reason = k->exit_reason;
        switch (k->exit_reason) {
        case KVM_EXIT_MMIO:
                out->mmio.phys_addr = k->mmio.phys_addr;
                memcpy(out->mmio.data, k->mmio.data, sizeof(out->mmio.data));
                out->mmio.len = k->mmio.len;
                out->mmio.is_write = k->mmio.is_write;
                break;
        case KVM_EXIT_DCR:
                out->dcr.dcrn = k->dcr.dcrn;
                out->dcr.data = k->dcr.data;
                out->dcr.is_write = k->dcr.is_write;
                break;
        case KVM_EXIT_OSI:
                memcpy(out->osi.gprs, k->osi.gprs, sizeof(out->osi.gprs));
                break;
        case KVM_EXIT_PAPR_HCALL:
                out->papr_hcall.nr = k->papr_hcall.nr;
                out->papr_hcall.ret = k->papr_hcall.ret;
                memcpy(out->papr_hcall.args, k->papr_hcall.args, sizeof(out->papr_hcall.args));
                break;
        case KVM_EXIT_SYSTEM_EVENT:
                out->system_event.type = k->system_event.type;
                break;
        case KVM_EXIT_INTR:
        case KVM_EXIT_DEBUG:
                break;
        case KVM_EXIT_INTERNAL_ERROR:
                internal_error(out, k->internal.suberror, "KVM internal error (first datum 0x%" PRIx64 ")",
                               k->internal.ndata ? k->internal.data[0] : 0);
                break;
        case KVM_EXIT_FAIL_ENTRY:
                internal_error(out, 0, "KVM could not enter the guest (hardware reason 0x%" PRIx64 ")",
                               k->fail_entry.hardware_entry_failure_reason);
                break;
        default:
                internal_error(out, 0, "KVM exit %" PRIu64, k->exit_reason);
                /* Named, for the VM's crash message. */
                snprintf(out->internal.reason, sizeof(out->internal.reason),
                         "KVM exit %s (%" PRIu32 "), which a PowerPC machine does not serve",
                         kvm_exit_name(k->exit_reason, name, sizeof(name)), k->exit_reason);
                break;
        }
        return k->exit_reason;
}

void kvm_xlate_complete(const struct vcpu_run *in, uint32_t served, struct kvm_run *k)
{
        switch (served) {
        case KVM_EXIT_MMIO:
                /* Only a load reads it, but a store's data is the guest's own. */
                if (!in->mmio.is_write)
                        memcpy(k->mmio.data, in->mmio.data, sizeof(k->mmio.data));
                break;
        case KVM_EXIT_DCR:
                if (!in->dcr.is_write)
                        k->dcr.data = in->dcr.data;
                break;
        case KVM_EXIT_OSI:
                memcpy(k->osi.gprs, in->osi.gprs, sizeof(k->osi.gprs));
                break;
        case KVM_EXIT_PAPR_HCALL:
                k->papr_hcall.ret = in->papr_hcall.ret;
                memcpy(k->papr_hcall.args, in->papr_hcall.args, sizeof(k->papr_hcall.args));
                break;
        default:
                break;
        }
}

void kvm_regs_from_kernel(const struct ppc_kvm_regs *k, struct vcpu_regs *out)
{
        *out = (struct vcpu_regs){
                .pc = k->pc, .cr = k->cr, .ctr = k->ctr, .lr = k->lr, .xer = k->xer,
                .msr = k->msr, .srr0 = k->srr0, .srr1 = k->srr1, .pid = k->pid,
                .sprg0 = k->sprg0, .sprg1 = k->sprg1, .sprg2 = k->sprg2, .sprg3 = k->sprg3,
                .sprg4 = k->sprg4, .sprg5 = k->sprg5, .sprg6 = k->sprg6, .sprg7 = k->sprg7,
        };
        memcpy(out->gpr, k->gpr, sizeof(out->gpr));
}

void kvm_regs_to_kernel(const struct vcpu_regs *r, struct ppc_kvm_regs *out)
{
        *out = (struct ppc_kvm_regs){
                .pc = r->pc, .cr = r->cr, .ctr = r->ctr, .lr = r->lr, .xer = r->xer,
                .msr = r->msr, .srr0 = r->srr0, .srr1 = r->srr1, .pid = r->pid,
                .sprg0 = r->sprg0, .sprg1 = r->sprg1, .sprg2 = r->sprg2, .sprg3 = r->sprg3,
                .sprg4 = r->sprg4, .sprg5 = r->sprg5, .sprg6 = r->sprg6, .sprg7 = r->sprg7,
        };
        memcpy(out->gpr, r->gpr, sizeof(out->gpr));
}

void kvm_sregs_from_kernel(const struct ppc_kvm_sregs *k, struct vcpu_sregs *out)
{
        memset(out, 0, sizeof(*out));
        out->pvr = k->pvr;
        out->sdr1 = k->u.s.sdr1;
        for (unsigned i = 0; i < 64; i++) {
                out->slb[i].slbe = k->u.s.slb[i].slbe;
                out->slb[i].slbv = k->u.s.slb[i].slbv;
        }
        /* The kernel fills the entries it has and zeroes the rest. */
        out->slb_max = 64;
}

int kvm_sregs_to_kernel(const struct vcpu_sregs *s, struct ppc_kvm_sregs *out)
{
        if (s->slb_max > 64)
                return -EINVAL;
        memset(out, 0, sizeof(*out));
        out->pvr = s->pvr;
        out->u.s.sdr1 = s->sdr1;
        /* Entries past slb_max stay zero: invalid, which the kernel skips. */
        for (unsigned i = 0; i < s->slb_max; i++) {
                out->u.s.slb[i].slbe = s->slb[i].slbe;
                out->u.s.slb[i].slbv = s->slb[i].slbv;
        }
        return 0;
}

/* SPR numbers (Power ISA) and the ONE_REG ids KVM has for them. */
static const struct { uint16_t spr; uint64_t id; } spr_regs[] = {
        { 17, PPC_ONE_REG_DSCR },   { 18, PPC_ONE_REG_DSISR },  { 19, PPC_ONE_REG_DAR },
        { 29, PPC_ONE_REG_AMR },    { 48, PPC_ONE_REG_PID },    { 61, PPC_ONE_REG_IAMR },
        { 153, PPC_ONE_REG_FSCR },  { 157, PPC_ONE_REG_UAMOR }, { 159, PPC_ONE_REG_PSPB },
        { 180, PPC_ONE_REG_DAWR },  { 187, PPC_ONE_REG_CIABR }, { 188, PPC_ONE_REG_DAWRX },
        { 256, PPC_ONE_REG_VRSAVE },{ 308, PPC_ONE_REG_SPURR }, { 309, PPC_ONE_REG_PURR },
        { 318, PPC_ONE_REG_LPCR_64 },
        { 784, PPC_ONE_REG_SIER },  { 786, PPC_ONE_REG_MMCRA }, { 795, PPC_ONE_REG_MMCR0 },
        { 796, PPC_ONE_REG_SIAR },  { 797, PPC_ONE_REG_SDAR },  { 798, PPC_ONE_REG_MMCR1 },
        { 804, PPC_ONE_REG_EBBHR }, { 805, PPC_ONE_REG_EBBRR }, { 806, PPC_ONE_REG_BESCR },
        { 815, PPC_ONE_REG_TAR },   { 855, PPC_ONE_REG_PSSCR }, { 896, PPC_ONE_REG_PPR },
        { 1013, PPC_ONE_REG_DABR }, { 1015, PPC_ONE_REG_DABRX },
};

uint64_t kvm_one_reg_id(uint32_t vcpu_reg)
{
        switch (vcpu_reg) {
        case VCPU_REG_TB_OFFSET:
                return PPC_ONE_REG_TB_OFFSET;
        case VCPU_REG_DEC_EXPIRY:
                return PPC_ONE_REG_DEC_EXPIRY;
        case VCPU_REG_LPCR:
                return PPC_ONE_REG_LPCR_64;
        case VCPU_REG_VPA_ADDR:
                return PPC_ONE_REG_VPA_ADDR;
        default:
                break;
        }
        if ((vcpu_reg & ~0xffffu) != VCPU_REG_SPR(0))
                return 0;
        for (size_t i = 0; i < sizeof(spr_regs) / sizeof(spr_regs[0]); i++)
                if (spr_regs[i].spr == (vcpu_reg & 0xffffu))
                        return spr_regs[i].id;
        return 0;
}

unsigned kvm_one_reg_size(uint64_t id)
{
        switch (id & PPC_KVM_REG_SIZE_MASK) {
        case PPC_KVM_REG_U32:
                return 4;
        case PPC_KVM_REG_U64:
                return 8;
        default:
                return 0;
        }
}

void kvm_pvinfo_from_kernel(const struct kvm_ppc_pvinfo *k, struct vcpu_pvinfo *out)
{
        out->flags = k->flags;
        for (unsigned i = 0; i < 4; i++)
                out->hcall[i] = be32toh(k->hcall[i]);
}

void kvm_pvinfo_fallback(struct vcpu_pvinfo *out)
{
        out->flags = 0;
        out->hcall[0] = 0x3860ffffu;   /* li r3,-1 */
        out->hcall[1] = 0x60000000u;   /* nop */
        out->hcall[2] = 0x60000000u;
        out->hcall[3] = 0x60000000u;
}
