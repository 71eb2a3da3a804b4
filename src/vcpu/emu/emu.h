/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internals of the emulator backend shared between its files (not used by
 * instruction handlers, which need only cpu.h).
 */
#pragma once

#include "cpu.h"

/* Internal flag kept with a pending MMIO load: the access was big-endian. */
#define EMU_MEM_MMIO_BE 0x100u

enum emu_access {
        EMU_ACCESS_READ,
        EMU_ACCESS_WRITE,
        EMU_ACCESS_EXEC,
};

/* Translation with MSR[IR/DR] set (mmu.c).  Returns EMU_NEXT with *ret_ra,
 * or EMU_JUMP after raising the storage interrupt. */
int emu_mmu_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, uint64_t *ret_ra);

/*
 * MMU state (mmu.c, mmu_radix.c, mmu_hash.c, mmu_hcall.c).
 * emu_mmu_flush drops this vcpu's cached translations (tlbiel, slbie,
 * slbia, slbmte); emu_mmu_flush_all makes every vcpu of the VM drop theirs
 * before its next translation (tlbie, hash hcalls).
 */
void emu_mmu_flush(struct emu_cpu *cpu);
void emu_mmu_flush_all(struct emu_vm *vm);
/* tlbiel (global false) and tlbie (true) with operands RB and RS, as the
 * instruction word names them (mmu_inval.c): one page by EA is dropped
 * alone; every other form drops what emu_mmu_flush(_all) drops. */
void emu_mmu_tlbie(struct emu_cpu *cpu, uint32_t word, uint64_t rb, bool global);
/* A number that changes whenever this vcpu's cached translations may have
 * (any flush, or a stale cache found): the execution loop may keep using a
 * page it translated for fetch while the epoch, MSR[PR/IR/LE] and the EA
 * page are unchanged.  See mmu_inline.h for the data fast path. */
unsigned emu_mmu_epoch(struct emu_cpu *cpu);
/* The partition-table dword 1 (PATE1_GR | process table base | size) as
 * H_REGISTER_PROCESS_TABLE sets it; 0 means hash with no process table. */
void emu_mmu_set_process_table(struct emu_vm *vm, uint64_t patb);
/* A zeroed hashed page table of 2^shift bytes (18..46), replacing any old
 * one; shift 0 frees it.  0 or -EINVAL, -ENOMEM.  Only while no vcpu runs. */
int emu_mmu_hpt_alloc(struct emu_vm *vm, unsigned shift);
unsigned emu_mmu_hpt_shift(const struct emu_vm *vm);
void emu_mmu_vm_fini(struct emu_vm *vm);
/* The HPT size QEMU's pseries gives a guest of ram_size bytes: RAM rounded
 * up to a power of two, over 128; 2^18..2^46 bytes. */
unsigned emu_mmu_hpt_shift_for_ram(uint64_t ram_size);
/* The hash-table hypercalls served in the backend (as KVM HV does):
 * H_ENTER, H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE, H_CLEAR_REF,
 * H_CLEAR_MOD.  Arguments in r4.., results in r3.. .  False for any other
 * hypercall number. */
bool emu_mmu_hcall(struct emu_cpu *cpu);

/* The cpu of vcpu i, or NULL when there is none (backend.c). */
struct emu_cpu *emu_vcpu_cpu(struct emu_vm *vm, unsigned i);

/* The RAM slot holding real address ra, or NULL (mem.c). */
struct emu_slot *emu_slot_of(struct emu_vm *vm, uint64_t ra);

/* The host or a store wrote [ra, ra+size): pages holding decoded code get
 * a new generation, so every vcpu decodes them afresh (mem.c). */
void emu_note_code_write(struct emu_vm *vm, uint64_t ra, uint64_t size);

/*
 * Decrementer (timebase.c), for mtspr/mfspr DEC.  32 bits wide, 56 with
 * LPCR[LD]; the decrementer exception is pending while its most significant
 * bit is 1 (a level, as on POWER9), and a write with that bit clear lowers it.
 */
void emu_dec_write(struct emu_cpu *cpu, uint64_t val);
uint64_t emu_dec_read(struct emu_cpu *cpu);
bool emu_dec_pending(const struct emu_cpu *cpu);
/* The decrementer expires (DEC reads 0) at guest TB value tb. */
void emu_dec_set_expiry(struct emu_cpu *cpu, uint64_t tb);
uint64_t emu_host_ns(void);            /* CLOCK_MONOTONIC */

/*
 * Requests to a vcpu: bits of emu_vcpu.req, set from any thread.  The
 * execution loop tests the whole word at block boundaries only.
 */
#define EMU_REQ_EXT_EDGE   0x1u   /* KVM_INTERRUPT SET: cleared when delivered */
#define EMU_REQ_EXT_LEVEL  0x2u   /* SET_LEVEL: until UNSET */
#define EMU_REQ_DEC        0x4u   /* the decrementer timer fired */
#define EMU_REQ_KICK       0x8u   /* run() returns KVM_EXIT_INTR */
#define EMU_REQ_EXT        (EMU_REQ_EXT_EDGE | EMU_REQ_EXT_LEVEL)

/*
 * Decoded code (exec.c): one page of 1024 instruction slots, keyed by real
 * page address and MSR[LE], filled lazily; slot 1024 ends the page.
 */
#define EMU_PAGE_INSNS   1024u
/* Direct mapped, a page allocated when first used: at most 2048 x 33 KiB
 * (about 64 MiB, plus translated code) a vcpu, but only as many as the
 * guest runs code pages (a small guest: a few).  Linux's boot runs code in
 * well over 512 pages: with 512 slots they evicted each other (re-decoded
 * and re-translated over and over) and boot to /init took about twice as
 * long. */
#define EMU_ICACHE_PAGES 2048u

struct emu_page {
        uint64_t key;                      /* real page | EMU_PAGE_LE | 1 */
        uint32_t gen;                      /* *pageinfo when decoded */
        _Atomic uint32_t *pageinfo;
        const uint8_t *host;
        struct emu_jit_page *jit;          /* translated blocks (jit/), or NULL */
        struct emu_insn insn[EMU_PAGE_INSNS + 1];
};

struct emu_icache {
        struct emu_page *page[EMU_ICACHE_PAGES];
        unsigned mem_gen;                  /* vm->mem_gen the pages belong to */
        struct emu_jit *jit;               /* the block translator, or NULL (jit/jit.h) */
        bool jit_checked;                  /* jit was created (or refused) */
};

struct emu_vcpu_stats {
        uint64_t exits[32];
        _Atomic uint64_t halt_wakeup;
        uint64_t hcalls;
};

/* A vcpu of the emulator backend. */
struct emu_vcpu {
        struct vcpu base;
        struct emu_cpu cpu;
        struct vcpu_run run;
        struct emu_icache icache;

        atomic_uint req;                   /* EMU_REQ_* */
        atomic_bool prodded;               /* H_PROD: the next H_CEDE returns */
        pthread_mutex_t lock;              /* halted, mp_state, and waking */
        pthread_cond_t cond;
        bool halted;
        enum vcpu_mp_state mp_state;

        bool osi_enabled;                  /* KVM_CAP_PPC_OSI */
        uint32_t exit_to_complete;         /* the exit the last run returned */
        uint64_t magic_page_pa, magic_page_ea;
        uint64_t vpa_addr;

        /* the decrementer's host deadline; under vm->lock */
        bool dec_armed;
        uint64_t dec_deadline_ns;

        struct emu_vcpu_stats stats;
};

/* The per-VM timer thread: sets EMU_REQ_DEC when a vcpu's decrementer
 * deadline passes.  Started on first use; state under vm->lock. */
struct emu_timer {
        pthread_t thread;
        pthread_cond_t cond;               /* CLOCK_MONOTONIC */
        bool started, stop;
        uint64_t wake_ns;                  /* when the thread will next look */
};

/* The backend's VM: struct emu_vm plus what only the backend needs. */
struct emu_host_vm {
        struct emu_vm vm;
        struct emu_timer timer;
};

#define emu_container_of(ptr, type, member) \
        ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

static inline struct emu_vcpu *emu_vcpu_of(struct vcpu *vcpu)
{
        return emu_container_of(vcpu, struct emu_vcpu, base);
}

static inline struct emu_host_vm *emu_host_vm_of(struct emu_vm *vm)
{
        return emu_container_of(vm, struct emu_host_vm, vm);
}

/* vcpu_run.c */
/* Wakes v if it sleeps (H_CEDE, stopped); counts halt_wakeup if asked. */
void emu_vcpu_wake(struct emu_vcpu *v, bool count_wakeup);
/* H_CEDE: sleeps until an interrupt is pending, v is prodded or kicked. */
void emu_vcpu_cede(struct emu_vcpu *v);
/* Fills v->run for KVM_EXIT_INTERNAL_ERROR at the current nip. */
void emu_internal_error(struct emu_vcpu *v, const char *reason);
int emu_run(struct vcpu *vcpu);
int emu_interrupt(struct vcpu *vcpu, uint32_t irq);
void emu_kick(struct vcpu *vcpu);
int emu_enable_cap(struct vcpu *vcpu, uint32_t cap, uint32_t flags, const uint64_t args[4]);
int emu_get_mp_state(struct vcpu *vcpu, enum vcpu_mp_state *ret);
int emu_set_mp_state(struct vcpu *vcpu, enum vcpu_mp_state state);

/* vcpu_regs.c */
int emu_get_regs(struct vcpu *vcpu, struct vcpu_regs *ret);
int emu_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs);
int emu_get_sregs(struct vcpu *vcpu, struct vcpu_sregs *ret);
int emu_set_sregs(struct vcpu *vcpu, const struct vcpu_sregs *sregs);
int emu_get_fpu(struct vcpu *vcpu, struct vcpu_fpu *ret);
int emu_set_fpu(struct vcpu *vcpu, const struct vcpu_fpu *fpu);
int emu_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret);
int emu_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val);

/* exec.c */
/* Runs guest code until an exit; v->run says which. */
void emu_exec(struct emu_vcpu *v);
/* trace.c: runs instructions one at a time while MSR[SE] or MSR[BE] is
 * set or cpu.pmu_step asks for it (see there); true when run() must return
 * (v->run says why), false when the block loop may go on. */
bool emu_exec_step(struct emu_vcpu *v);
/* Delivers one deliverable pending interrupt; true if a kick asks run()
 * to return KVM_EXIT_INTR. */
bool emu_service_requests(struct emu_vcpu *v);
void emu_icache_flush(struct emu_icache *ic);
void emu_icache_free(struct emu_icache *ic);

/* timebase.c */
int emu_timer_init(struct emu_host_vm *hvm);
void emu_timer_fini(struct emu_host_vm *hvm);
/* Stops v's decrementer timer (vcpu destruction). */
void emu_dec_disarm(struct emu_vcpu *v);

/*
 * SPRs as the guest accesses them (spr.c): privilege, facility and width
 * rules of Power ISA 3.0 for a partition guest.  Each returns EMU_NEXT
 * (*ret set, or left untouched when the access is a no-op) or EMU_JUMP
 * after raising the interrupt the access causes.
 */
int emu_mfspr(struct emu_cpu *cpu, unsigned spr, uint64_t *ret);
int emu_mtspr(struct emu_cpu *cpu, unsigned spr, uint64_t val);
/* The same SPRs as the host (the hypervisor) sees them, for get/set_one_reg:
 * no privilege or facility checks, never an interrupt.  0, -ENOENT for an
 * SPR the guest does not have, -EPERM for setting a read-only one. */
int emu_spr_get(struct emu_cpu *cpu, unsigned spr, uint64_t *ret);
int emu_spr_set(struct emu_cpu *cpu, unsigned spr, uint64_t val);
/* Architected reset values of the SPRs spr.c owns (PPR, CTRL, PIR). */
void emu_spr_reset(struct emu_cpu *cpu, uint32_t pir);

/* MSR writes by the guest (regs.c), Power ISA 3.0 Book III: the value the
 * MSR takes after mtmsr (l32 = 32-bit form), mtmsrd, or rfid from srr1. */
uint64_t emu_msr_after_mtmsr(uint64_t msr, uint64_t rs, bool l32, bool l1);
uint64_t emu_msr_after_rfid(uint64_t msr, uint64_t srr1);
