/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The vcpu interface: one operations table shaped like the KVM API, with two
 * backends behind it (src/vcpu/emu, the emulator, and src/vcpu/kvm, /dev/kvm).
 * src/machine drives every backend through this header and nothing else.
 *
 * Conventions: functions return 0 or a negative errno; nothing here logs,
 * exits or aborts.  Output parameters are named ret_* and are untouched on
 * failure.
 *
 * Exit protocol (the seed's kvm_arch_vcpu_ioctl_run): vcpu_run() returns with
 * vcpu->run filled in.  The caller serves the exit (writes mmio.data for an
 * MMIO load, papr_hcall.ret and the register results for a hypercall, osi.gprs
 * for an OSI call) and calls vcpu_run() again; that next run first completes
 * the exit into the vcpu's registers, then delivers pending interrupts, then
 * runs the guest.
 */
#pragma once

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PowerPC's KVM_INTERRUPT values (arch/powerpc/include/uapi/asm/kvm.h; not in
 * the x86 headers this may be built against). */
#define VCPU_INTERRUPT_SET        ((uint32_t)-1)
#define VCPU_INTERRUPT_UNSET      ((uint32_t)-2)
#define VCPU_INTERRUPT_SET_LEVEL  ((uint32_t)-3)

/* Paravirtual constants (linux/kvm_para.h, asm/epapr_hcalls.h). */
#define KVM_SC_MAGIC_R0              0x4b564d21u
#define HC_VENDOR_KVM                (42u << 16)
#define KVM_HC_FEATURES              3
#define KVM_HC_PPC_MAP_MAGIC_PAGE    4
#define KVM_FEATURE_MAGIC_PAGE       1
#define KVM_MAGIC_FEAT_SR            (1u << 0)
#define HC_EV_SUCCESS                0
#define HC_EV_UNIMPLEMENTED          12
#define OSI_SC_MAGIC_R3              0x113724FAu
#define OSI_SC_MAGIC_R4              0x77810F9Bu

/* Capabilities this interface knows by name (values from linux/kvm.h). */
#ifndef KVM_CAP_PPC_PAIRED_SINGLES
#define KVM_CAP_PPC_PAIRED_SINGLES 48
#endif

enum vcpu_backend_kind {
        VCPU_BACKEND_AUTO,
        VCPU_BACKEND_EMU,
        VCPU_BACKEND_KVM,
        _VCPU_BACKEND_MAX,
};

const char *vcpu_backend_kind_to_string(enum vcpu_backend_kind k);
int vcpu_backend_kind_from_string(const char *s); /* kind or -EINVAL */

/* What KVM_PPC_GET_PVINFO returns. */
struct vcpu_pvinfo {
        uint32_t flags;
        uint32_t hcall[4];
};

/* The run structure: KVM's exit reasons and payload shapes. */
struct vcpu_run {
        uint32_t exit_reason;      /* KVM_EXIT_* */
        uint8_t immediate_exit;    /* set by kick(): the next run returns INTR at once */
        union {
                struct {
                        uint64_t phys_addr;
                        uint8_t data[8];   /* guest byte order, as KVM */
                        uint32_t len;      /* 1, 2, 4 or 8 */
                        uint8_t is_write;
                } mmio;
                struct {
                        uint32_t dcrn;
                        uint32_t data;
                        uint8_t is_write;
                } dcr;
                struct {
                        uint64_t gprs[32];
                } osi;
                struct {
                        uint64_t nr;
                        uint64_t ret;      /* goes to r3 */
                        uint64_t args[9];  /* r4..r12 on entry; the caller may
                                            * write results here too: they go
                                            * back to r4..r12 on completion */
                } papr_hcall;
                struct {
                        uint32_t type;     /* KVM_SYSTEM_EVENT_* */
                } system_event;
                struct {
                        uint32_t suberror; /* KVM_INTERNAL_ERROR_* */
                        uint64_t pc;
                        uint32_t insn;
                        char reason[96];
                } internal;
        };
};

/* General registers, as struct kvm_regs on PowerPC. */
struct vcpu_regs {
        uint64_t pc, cr, ctr, lr, xer, msr;
        uint64_t srr0, srr1, pid;
        uint64_t sprg0, sprg1, sprg2, sprg3, sprg4, sprg5, sprg6, sprg7;
        uint64_t gpr[32];
};

/* Special registers: the Book3S subset of struct kvm_sregs. */
struct vcpu_sregs {
        uint32_t pvr;
        uint64_t sdr1;
        struct { uint64_t slbe, slbv; } slb[64];
        uint32_t slb_max;
};

struct vcpu_fpu {
        uint64_t fpr[32];
        uint64_t fpscr;
};

/* ONE_REG-style ids for single registers.  An SPR is VCPU_REG_SPR(number). */
#define VCPU_REG_SPR(n)        (0x10000u | (uint32_t)(n))
#define VCPU_REG_TB_OFFSET     0x20001u
#define VCPU_REG_DEC_EXPIRY    0x20002u
#define VCPU_REG_LPCR          0x20003u   /* per partition on emu: writes reach every vcpu */
#define VCPU_REG_VPA_ADDR      0x20004u
#define VCPU_REG_INSNS         0x20005u   /* emu: instructions executed (read only) */
/* emu, per partition: the partition-table dword 1 H_REGISTER_PROCESS_TABLE
 * sets (bit 0 GR = radix | process table base | size), as
 * KVM_PPC_CONFIGURE_V3_MMU; and the hashed page table the backend keeps,
 * as KVM_PPC_ALLOCATE_HTAB: writing shift (18..46) allocates a zeroed table
 * of 2^shift bytes, 0 frees it; reading gives the current shift or 0. */
#define VCPU_REG_PROC_TABLE    0x20006u
#define VCPU_REG_HTAB_SHIFT    0x20007u

/* Multiprocessing state, as KVM_GET_MP_STATE. */
enum vcpu_mp_state {
        VCPU_MP_RUNNABLE = 0,
        VCPU_MP_HALTED = 3,     /* KVM_MP_STATE_HALTED */
        VCPU_MP_STOPPED = 5,    /* KVM_MP_STATE_STOPPED: not started (RTAS start-cpu) */
};

struct vcpu_stats {
        uint64_t exits[32];        /* indexed by KVM_EXIT_* (values < 32) */
        uint64_t halt_wakeup;
        uint64_t instructions;     /* emu only; 0 on kvm */
        uint64_t hcalls;           /* hypercalls served without leaving the backend */
};

struct vcpu_vm;
struct vcpu;

/* Options a VM is created with. */
struct vcpu_vm_config {
        unsigned max_vcpus;
        uint32_t pvr;          /* 0: the backend's default (POWER9 0x004e1200 on emu) */
        int kvm_type;          /* kvm: 0 auto, 1 HV, 2 PR */
};

struct vcpu_backend_ops {
        const char *name;

        /* Is the backend usable here?  0, or -errno with a sentence in reason. */
        int (*probe)(char *reason, size_t reason_len);
        /* KVM_CHECK_EXTENSION; vm may be NULL (system-level question). */
        int (*check_extension)(struct vcpu_vm *vm, long cap);
        int (*get_pvinfo)(struct vcpu_vm *vm, struct vcpu_pvinfo *ret);

        int (*vm_create)(const struct vcpu_vm_config *cfg, struct vcpu_vm **ret);
        void (*vm_destroy)(struct vcpu_vm *vm);
        /* Guest RAM: host memory backs [gpa, gpa+size).  size 0 removes the slot. */
        int (*set_memory_region)(struct vcpu_vm *vm, unsigned slot, uint64_t gpa,
                                 uint64_t size, void *host);

        int (*vcpu_create)(struct vcpu_vm *vm, unsigned id, struct vcpu **ret);
        void (*vcpu_destroy)(struct vcpu *vcpu);

        int (*run)(struct vcpu *vcpu);
        /* Thread safe.  irq is VCPU_INTERRUPT_SET / _SET_LEVEL / _UNSET. */
        int (*interrupt)(struct vcpu *vcpu, uint32_t irq);
        /* Thread safe: makes a running run() return KVM_EXIT_INTR soon, or the
         * next one return at once. Also wakes a halted vcpu. */
        void (*kick)(struct vcpu *vcpu);
        int (*enable_cap)(struct vcpu *vcpu, uint32_t cap, uint32_t flags,
                          const uint64_t args[4]);

        /* Register access: only between runs, on a vcpu that is not running. */
        int (*get_regs)(struct vcpu *vcpu, struct vcpu_regs *ret);
        int (*set_regs)(struct vcpu *vcpu, const struct vcpu_regs *regs);
        int (*get_sregs)(struct vcpu *vcpu, struct vcpu_sregs *ret);
        int (*set_sregs)(struct vcpu *vcpu, const struct vcpu_sregs *sregs);
        int (*get_fpu)(struct vcpu *vcpu, struct vcpu_fpu *ret);
        int (*set_fpu)(struct vcpu *vcpu, const struct vcpu_fpu *fpu);
        /* VCPU_REG_LPCR may be set from any thread. */
        int (*get_one_reg)(struct vcpu *vcpu, uint32_t id, uint64_t *ret);
        int (*set_one_reg)(struct vcpu *vcpu, uint32_t id, uint64_t val);
        int (*get_mp_state)(struct vcpu *vcpu, enum vcpu_mp_state *ret);
        int (*set_mp_state)(struct vcpu *vcpu, enum vcpu_mp_state state);
        void (*get_stats)(struct vcpu *vcpu, struct vcpu_stats *ret);

        /* Optional (NULL: nothing to do, as on kvm).  The host wrote guest
         * RAM [gpa, gpa+len) itself (DMA, loading, reset): the emulator
         * drops code it decoded from there.  Any thread. */
        void (*ram_written)(struct vcpu_vm *vm, uint64_t gpa, uint64_t len);
};

/* Every backend's objects start with these. */
struct vcpu_vm {
        const struct vcpu_backend_ops *ops;
};

struct vcpu {
        const struct vcpu_backend_ops *ops;
        struct vcpu_vm *vm;
        unsigned id;
        struct vcpu_run *run;
};

extern const struct vcpu_backend_ops vcpu_emu_ops;
extern const struct vcpu_backend_ops vcpu_kvm_ops;

/* The backend for a kind; AUTO probes kvm, then falls back to emu.  reason
 * receives a sentence saying why the backend was picked. */
int vcpu_backend_select(enum vcpu_backend_kind kind, const struct vcpu_backend_ops **ret,
                        char *reason, size_t reason_len);
