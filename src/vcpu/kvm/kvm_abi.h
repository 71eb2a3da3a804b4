/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The PowerPC half of the KVM ABI (Linux arch/powerpc/include/uapi/asm/kvm.h
 * and the PowerPC ioctl encoding), written out here because the x86 headers
 * this project is usually built against do not have it.  The generic half
 * (struct kvm_run, capability numbers, exit reasons) comes from <linux/kvm.h>.
 *
 * On a PowerPC build the definitions are checked against the system headers
 * (kvm_abi_check.c), so a mistake here breaks the cross build, not a guest.
 */
#pragma once

#include <stdint.h>

/* PowerPC's _IOC layout: 13 size bits and 3 direction bits, with "none" = 1,
 * "write" = 4 and "read" = 2 (asm/ioctl.h), unlike x86's 14/2 and 0/1/2. */
#define PPC_IOC_NONE   1u
#define PPC_IOC_READ   2u
#define PPC_IOC_WRITE  4u
#define PPC_IOC(dir, nr, size) \
        ((unsigned long)(((dir) << 29) | ((uint32_t)(size) << 16) | (0xaeu << 8) | (nr)))
#define PPC_KVM_IO(nr)          PPC_IOC(PPC_IOC_NONE, nr, 0)
#define PPC_KVM_IOR(nr, t)      PPC_IOC(PPC_IOC_READ, nr, sizeof(t))
#define PPC_KVM_IOW(nr, t)      PPC_IOC(PPC_IOC_WRITE, nr, sizeof(t))
#define PPC_KVM_IOWR(nr, t)     PPC_IOC(PPC_IOC_READ | PPC_IOC_WRITE, nr, sizeof(t))

/* VM types for KVM_CREATE_VM (asm/kvm.h PPC_KVM_VM_*). */
#define PPC_KVM_VM_DEFAULT 0
#define PPC_KVM_VM_HV      1
#define PPC_KVM_VM_PR      2

/* struct kvm_regs on PowerPC: 49 doublewords. */
struct ppc_kvm_regs {
        uint64_t pc, cr, ctr, lr, xer, msr;
        uint64_t srr0, srr1, pid;
        uint64_t sprg0, sprg1, sprg2, sprg3, sprg4, sprg5, sprg6, sprg7;
        uint64_t gpr[32];
};

/* struct kvm_sregs on PowerPC: the Book3S view of its union (the BookE view
 * and the 1020-byte pad are shorter than this one). */
struct ppc_kvm_sregs {
        uint32_t pvr;
        union {
                struct {
                        uint64_t sdr1;
                        struct { uint64_t slbe, slbv; } slb[64];
                        struct {
                                uint32_t sr[16];
                                uint64_t ibat[8];
                                uint64_t dbat[8];
                        } ppc32;
                } s;
                uint8_t pad[1020];
        } u;
};

/* struct kvm_ppc_mmuv3_cfg (KVM_PPC_CONFIGURE_V3_MMU). */
struct ppc_kvm_mmuv3_cfg {
        uint64_t flags;
        uint64_t process_table;  /* partition-table entry doubleword 1 */
};
#define PPC_KVM_MMUV3_RADIX 1
#define PPC_KVM_MMUV3_GTSE  2

_Static_assert(sizeof(struct ppc_kvm_regs) == 392, "struct kvm_regs is 392 bytes on PowerPC");
_Static_assert(sizeof(struct ppc_kvm_sregs) == 1232, "struct kvm_sregs is 1232 bytes on PowerPC");

/* The PowerPC-specific vcpu and VM ioctls. */
#define PPC_KVM_GET_REGS            PPC_KVM_IOR(0x81, struct ppc_kvm_regs)
#define PPC_KVM_SET_REGS            PPC_KVM_IOW(0x82, struct ppc_kvm_regs)
#define PPC_KVM_GET_SREGS           PPC_KVM_IOR(0x83, struct ppc_kvm_sregs)
#define PPC_KVM_SET_SREGS           PPC_KVM_IOW(0x84, struct ppc_kvm_sregs)
#define PPC_KVM_ALLOCATE_HTAB       PPC_KVM_IOWR(0xa7, uint32_t)
#define PPC_KVM_CONFIGURE_V3_MMU    PPC_KVM_IOW(0xaf, struct ppc_kvm_mmuv3_cfg)

/* ONE_REG ids: KVM_REG_PPC | size | index. */
#define PPC_KVM_REG_PPC      0x1000000000000000ull
#define PPC_KVM_REG_U32      0x0020000000000000ull
#define PPC_KVM_REG_U64      0x0030000000000000ull
#define PPC_KVM_REG_U128     0x0040000000000000ull
#define PPC_KVM_REG_SIZE_MASK 0x00f0000000000000ull
#define PPC_REG64(n)         (PPC_KVM_REG_PPC | PPC_KVM_REG_U64 | (n))
#define PPC_REG32(n)         (PPC_KVM_REG_PPC | PPC_KVM_REG_U32 | (n))

#define PPC_ONE_REG_HIOR        PPC_REG64(0x01)
#define PPC_ONE_REG_DABR        PPC_REG64(0x08)
#define PPC_ONE_REG_DSCR        PPC_REG64(0x09)
#define PPC_ONE_REG_PURR        PPC_REG64(0x0a)
#define PPC_ONE_REG_SPURR       PPC_REG64(0x0b)
#define PPC_ONE_REG_DAR         PPC_REG64(0x0c)
#define PPC_ONE_REG_DSISR       PPC_REG32(0x0d)
#define PPC_ONE_REG_AMR         PPC_REG64(0x0e)
#define PPC_ONE_REG_UAMOR       PPC_REG64(0x0f)
#define PPC_ONE_REG_MMCR0       PPC_REG64(0x10)
#define PPC_ONE_REG_MMCR1       PPC_REG64(0x11)
#define PPC_ONE_REG_MMCRA       PPC_REG64(0x12)
#define PPC_ONE_REG_SIAR        PPC_REG64(0x15)
#define PPC_ONE_REG_SDAR        PPC_REG64(0x16)
#define PPC_ONE_REG_SIER        PPC_REG64(0x17)
#define PPC_ONE_REG_FPR(n)      PPC_REG64(0x20 + (n))
#define PPC_ONE_REG_FPSCR       PPC_REG64(0x80)
#define PPC_ONE_REG_VPA_ADDR    PPC_REG64(0x82)
/* 128 bits: { u64 addr; u64 length; } (the kernel's vpaval). */
#define PPC_ONE_REG_VPA_SLB     (PPC_KVM_REG_PPC | PPC_KVM_REG_U128 | 0x83)
#define PPC_ONE_REG_VPA_DTL     (PPC_KVM_REG_PPC | PPC_KVM_REG_U128 | 0x84)
#define PPC_ONE_REG_TB_OFFSET   PPC_REG64(0x9c)
#define PPC_ONE_REG_IAMR        PPC_REG64(0x9f)
#define PPC_ONE_REG_FSCR        PPC_REG64(0xa3)
#define PPC_ONE_REG_PSPB        PPC_REG32(0xa4)
#define PPC_ONE_REG_EBBHR       PPC_REG64(0xa5)
#define PPC_ONE_REG_EBBRR       PPC_REG64(0xa6)
#define PPC_ONE_REG_BESCR       PPC_REG64(0xa7)
#define PPC_ONE_REG_TAR         PPC_REG64(0xa8)
#define PPC_ONE_REG_DAWR        PPC_REG64(0xaa)
#define PPC_ONE_REG_DAWRX       PPC_REG64(0xab)
#define PPC_ONE_REG_CIABR       PPC_REG64(0xac)
#define PPC_ONE_REG_PID         PPC_REG64(0xb2)
#define PPC_ONE_REG_VRSAVE      PPC_REG32(0xb4)
#define PPC_ONE_REG_LPCR_64     PPC_REG64(0xb5)
#define PPC_ONE_REG_PPR         PPC_REG64(0xb6)
#define PPC_ONE_REG_DABRX       PPC_REG32(0xb8)
#define PPC_ONE_REG_PSSCR       PPC_REG64(0xbd)
#define PPC_ONE_REG_DEC_EXPIRY  PPC_REG64(0xbe)

/* KVM_INTERRUPT argument values on PowerPC. */
#define PPC_KVM_INTERRUPT_SET        ((uint32_t)-1)
#define PPC_KVM_INTERRUPT_UNSET      ((uint32_t)-2)
#define PPC_KVM_INTERRUPT_SET_LEVEL  ((uint32_t)-3)

/* A VM ioctl, generic in <linux/kvm.h> but only meaningful (and encoded
 * the PowerPC way) on PowerPC. */
#define PPC_KVM_GET_PVINFO          PPC_IOC(PPC_IOC_WRITE, 0xa1, 128)
