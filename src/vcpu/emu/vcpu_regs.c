/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Register access from the host (KVM_GET/SET_REGS, SREGS, FPU, ONE_REG),
 * between runs on a vcpu that is not running.
 */
#include <errno.h>
#include <string.h>

#include "emu.h"

#define SPR_SDR1   25
#define SPR_SPRG4  276
#define SPR_TBL_W  284
#define SPR_TBU_W  285

int emu_get_regs(struct vcpu *vcpu, struct vcpu_regs *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        *ret = (struct vcpu_regs){
                .pc = cpu->nip, .cr = cpu->cr, .ctr = cpu->ctr, .lr = cpu->lr,
                .xer = emu_get_xer(cpu), .msr = cpu->msr,
                .srr0 = cpu->spr[SPR_SRR0], .srr1 = cpu->spr[SPR_SRR1],
                .pid = cpu->spr[SPR_PID],
                .sprg0 = cpu->spr[SPR_SPRG0], .sprg1 = cpu->spr[SPR_SPRG1],
                .sprg2 = cpu->spr[SPR_SPRG2], .sprg3 = cpu->spr[SPR_SPRG3],
                .sprg4 = cpu->spr[SPR_SPRG4], .sprg5 = cpu->spr[SPR_SPRG4 + 1],
                .sprg6 = cpu->spr[SPR_SPRG4 + 2], .sprg7 = cpu->spr[SPR_SPRG4 + 3],
        };
        memcpy(ret->gpr, cpu->gpr, sizeof(ret->gpr));
        return 0;
}

int emu_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        cpu->nip = regs->pc;
        cpu->cr = (uint32_t)regs->cr;
        cpu->ctr = regs->ctr;
        cpu->lr = regs->lr;
        emu_set_xer(cpu, regs->xer);
        cpu->msr = regs->msr;
        cpu->spr[SPR_SRR0] = regs->srr0;
        cpu->spr[SPR_SRR1] = regs->srr1;
        cpu->spr[SPR_PID] = regs->pid;
        cpu->spr[SPR_SPRG0] = regs->sprg0;
        cpu->spr[SPR_SPRG1] = regs->sprg1;
        cpu->spr[SPR_SPRG2] = regs->sprg2;
        cpu->spr[SPR_SPRG3] = regs->sprg3;
        cpu->spr[SPR_SPRG4] = regs->sprg4;
        cpu->spr[SPR_SPRG4 + 1] = regs->sprg5;
        cpu->spr[SPR_SPRG4 + 2] = regs->sprg6;
        cpu->spr[SPR_SPRG4 + 3] = regs->sprg7;
        memcpy(cpu->gpr, regs->gpr, sizeof(cpu->gpr));
        return 0;
}

/* SLB entries as KVM_GET_SREGS shows them: slbe = ESID | V | index (the
 * slbmte RB operand), slbv = the VSID doubleword (RS). */
#define SLBE_ESID_V      (0xfffffffff0000000ull | PPC_BIT(36))
#define SLBE_INDEX_MASK  0xfffull

int emu_get_sregs(struct vcpu *vcpu, struct vcpu_sregs *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        memset(ret, 0, sizeof(*ret));
        ret->pvr = (uint32_t)cpu->spr[SPR_PVR];
        ret->sdr1 = cpu->spr[SPR_SDR1];
        for (unsigned i = 0; i < EMU_SLB_ENTRIES; i++) {
                ret->slb[i].slbe = cpu->slb[i].esid | i;
                ret->slb[i].slbv = cpu->slb[i].vsid;
        }
        ret->slb_max = EMU_SLB_ENTRIES;
        return 0;
}

int emu_set_sregs(struct vcpu *vcpu, const struct vcpu_sregs *sregs)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        if (sregs->slb_max > 64)
                return -EINVAL;
        cpu->spr[SPR_PVR] = sregs->pvr;
        cpu->spr[SPR_SDR1] = sregs->sdr1;
        memset(cpu->slb, 0, sizeof(cpu->slb));
        for (unsigned i = 0; i < sregs->slb_max; i++) {
                uint64_t idx = sregs->slb[i].slbe & SLBE_INDEX_MASK;
                if (idx < EMU_SLB_ENTRIES) {
                        cpu->slb[idx].esid = sregs->slb[i].slbe & SLBE_ESID_V;
                        cpu->slb[idx].vsid = sregs->slb[i].slbv;
                }
        }
        emu_tlb_flush(cpu);
        emu_mmu_flush(cpu);
        return 0;
}

int emu_get_fpu(struct vcpu *vcpu, struct vcpu_fpu *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        for (unsigned i = 0; i < 32; i++)
                ret->fpr[i] = emu_fpr(cpu, i);
        ret->fpscr = cpu->fpscr;
        return 0;
}

int emu_set_fpu(struct vcpu *vcpu, const struct vcpu_fpu *fpu)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        for (unsigned i = 0; i < 32; i++)
                emu_set_fpr(cpu, i, fpu->fpr[i]);
        cpu->fpscr = fpu->fpscr;
        return 0;
}

static int get_spr(struct emu_cpu *cpu, unsigned n, uint64_t *ret)
{
        switch (n) {
        case SPR_XER:   *ret = emu_get_xer(cpu); return 0;
        case SPR_LR:    *ret = cpu->lr; return 0;
        case SPR_CTR:   *ret = cpu->ctr; return 0;
        case SPR_DEC:   *ret = emu_dec_read(cpu); return 0;
        case SPR_LPCR:  *ret = atomic_load(&cpu->vm->lpcr); return 0;
        case SPR_TBL_R: *ret = emu_read_tb(cpu->vm); return 0;
        case SPR_TBU_R: *ret = emu_read_tb(cpu->vm) >> 32; return 0;
        default:        *ret = cpu->spr[n]; return 0;
        }
}

static int set_spr(struct emu_cpu *cpu, unsigned n, uint64_t val)
{
        switch (n) {
        case SPR_XER:   emu_set_xer(cpu, val); return 0;
        case SPR_LR:    cpu->lr = val; return 0;
        case SPR_CTR:   cpu->ctr = val; return 0;
        case SPR_DEC:   emu_dec_write(cpu, val); return 0;
        case SPR_LPCR:  atomic_store(&cpu->vm->lpcr, val); return 0;
        case SPR_TBL_R:
        case SPR_TBU_R:
        case SPR_TBL_W:
        case SPR_TBU_W:
                return -EINVAL;   /* the timebase moves with VCPU_REG_TB_OFFSET */
        default:        cpu->spr[n] = val; return 0;
        }
}

int emu_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        struct emu_cpu *cpu = &v->cpu;

        if (id >= VCPU_REG_SPR(0) && id < VCPU_REG_SPR(1024))
                return get_spr(cpu, id - VCPU_REG_SPR(0), ret);
        switch (id) {
        case VCPU_REG_TB_OFFSET:  *ret = (uint64_t)atomic_load(&cpu->vm->tb_offset); return 0;
        case VCPU_REG_DEC_EXPIRY: *ret = cpu->dec_zero; return 0;
        case VCPU_REG_LPCR:       *ret = atomic_load(&cpu->vm->lpcr); return 0;
        case VCPU_REG_VPA_ADDR:   *ret = v->vpa_addr; return 0;
        case VCPU_REG_INSNS:      *ret = cpu->insns; return 0;
        case VCPU_REG_PROC_TABLE: *ret = atomic_load(&cpu->vm->mmu.patb); return 0;
        case VCPU_REG_HTAB_SHIFT: *ret = emu_mmu_hpt_shift(cpu->vm); return 0;
        default:                  return -EINVAL;
        }
}

int emu_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        struct emu_cpu *cpu = &v->cpu;

        if (id >= VCPU_REG_SPR(0) && id < VCPU_REG_SPR(1024))
                return set_spr(cpu, id - VCPU_REG_SPR(0), val);
        switch (id) {
        case VCPU_REG_TB_OFFSET:  atomic_store(&cpu->vm->tb_offset, (int64_t)val); return 0;
        case VCPU_REG_DEC_EXPIRY: emu_dec_set_expiry(cpu, val); return 0;
        case VCPU_REG_LPCR:       atomic_store(&cpu->vm->lpcr, val); return 0;
        case VCPU_REG_VPA_ADDR:   v->vpa_addr = val; return 0;
        case VCPU_REG_PROC_TABLE: emu_mmu_set_process_table(cpu->vm, val); return 0;
        case VCPU_REG_HTAB_SHIFT: return val > 63 ? -EINVAL : emu_mmu_hpt_alloc(cpu->vm, (unsigned)val);
        default:                  return -EINVAL;   /* including INSNS: read only */
        }
}
