/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest entry, interrupt vectors, hypercalls and RTAS entry.
 *
 * A vcpu always starts big-endian, on QEMU in 32-bit mode (MSR = 0), on
 * ppcvmd at the ELF entry.  So the first instructions of every guest, even a
 * little-endian one, are stored as big-endian words (BE_INSN) and set the
 * MSR the guest wants (64-bit, ME, RI, FP, and LE for a little-endian build)
 * through rfid; everything after that is ordinary code in the build's byte
 * order.  RTAS is entered the way PAPR wants it (32-bit, big-endian, real
 * mode) and returns through another big-endian stub.
 */

#define STACK_SIZE	0x8000
#define RT_MAX_CPUS	4

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MSR_LE_BIT	1
#else
#define MSR_LE_BIT	0
#endif
/* MSR_ME | MSR_FP | MSR_RI, plus LE: the low half of the guest's MSR. */
#define GUEST_MSR_LOW	(0x1000 | 0x2000 | 0x2 | MSR_LE_BIT)
/* What RTAS is entered with: 32-bit, big-endian, real mode, EE off. */
#define RTAS_MSR	(0x1000 | 0x2)

/* An instruction word stored big-endian whatever the build's byte order. */
.macro BE_INSN w
	.byte ((\w) >> 24) & 0xff, ((\w) >> 16) & 0xff, ((\w) >> 8) & 0xff, (\w) & 0xff
.endm

/*
 * Switches to the guest's MSR and falls through to the code after it.
 * Position independent; keeps r3-r10; clobbers r11, r12 and LR.
 */
.macro ENTER_GUEST_MODE
	BE_INSN 0x429f0005			/* bcl 20,31,$+4 */
	BE_INSN 0x7d6802a6			/* mflr r11 */
	BE_INSN 0x396b0020			/* addi r11,r11,32: after rfid */
	BE_INSN 0x39800001			/* li r12,1 */
	BE_INSN 0x798cf806			/* sldi r12,r12,63: MSR[SF] */
	BE_INSN (0x618c0000 | GUEST_MSR_LOW)	/* ori r12,r12,GUEST_MSR_LOW */
	BE_INSN 0x7d7a03a6			/* mtsrr0 r11 */
	BE_INSN 0x7d9b03a6			/* mtsrr1 r12 */
	BE_INSN 0x4c000024			/* rfid */
.endm

/* r2 = our TOC, from where we run (clobbers r12 and LR). */
.macro SET_TOC
	bcl	20, 31, 1f
1:	mflr	12
	addis	2, 12, (.TOC. - 1b)@ha
	addi	2, 2, (.TOC. - 1b)@l
.endm

	.section .text.entry, "ax"
	.globl	_start
_start:
	ENTER_GUEST_MODE
	SET_TOC
	/* r5 = load offset: where we run minus where we were linked */
	bcl	20, 31, 2f
2:	mflr	5
	lis	6, 2b@h
	ori	6, 6, 2b@l
	subf	5, 6, 5
	addis	1, 2, (rt_stacks + STACK_SIZE)@toc@ha
	addi	1, 1, (rt_stacks + STACK_SIZE)@toc@l
	li	0, 0
	stdu	0, -32(1)
	bl	rt_start		/* rt_start(fdt, load address, load offset) */
	nop
3:	b	3b

/* Secondary vcpus: RTAS start-cpu enters here with r3 = struct rt_cpu *. */
	.globl	rt_secondary_entry
rt_secondary_entry:
	ENTER_GUEST_MODE
	SET_TOC
	ld	1, 0(3)			/* rt_cpu.stack_top */
	li	0, 0
	stdu	0, -32(1)
	bl	rt_secondary_start
	nop
4:	b	4b

	.text

/*
 * Interrupt vector stubs, copied to the vectors by exc_init(): each saves
 * r13 in SPRG1, puts the vector number in r13 and branches (absolute, the
 * image sits below 32 MiB) to the common code.
 */
.macro VSTUB vec
	mtsprg	1, 13
	li	13, \vec
	ba	rt_exc_common
.endm
	.globl	rt_vstub, rt_vstub_end
rt_vstub:
	VSTUB	0
rt_vstub_end:

/*
 * Saves everything on the interrupted stack (below the ELFv2 288-byte
 * protected zone), calls rt_exception(struct rt_regs *) and returns with
 * whatever the handler left in the frame (it may move SRR0).
 */
#define PROTECTED_ZONE	288
#define R_GPR(n)	(32 + 8 * (n))
#define R_SRR0		(32 + 256)
#define R_SRR1		(R_SRR0 + 8)
#define R_LR		(R_SRR0 + 16)
#define R_CTR		(R_SRR0 + 24)
#define R_XER		(R_SRR0 + 32)
#define R_CR		(R_SRR0 + 40)
#define R_DAR		(R_SRR0 + 48)
#define R_DSISR		(R_SRR0 + 56)
#define R_VEC		(R_SRR0 + 64)
#define FRAME_SIZE	(32 + 336)

	.globl	rt_exc_common
rt_exc_common:
	mtsprg	2, 1
	subi	1, 1, PROTECTED_ZONE + FRAME_SIZE
	std	0, R_GPR(0)(1)
	.irp n, 2,3,4,5,6,7,8,9,10,11,12,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	\n, R_GPR(\n)(1)
	.endr
	mfsprg	0, 2
	std	0, R_GPR(1)(1)
	std	0, 0(1)			/* back chain */
	mfsprg	0, 1
	std	0, R_GPR(13)(1)
	std	13, R_VEC(1)
	mfsrr0	0
	std	0, R_SRR0(1)
	mfsrr1	0
	std	0, R_SRR1(1)
	mflr	0
	std	0, R_LR(1)
	mfctr	0
	std	0, R_CTR(1)
	mfxer	0
	std	0, R_XER(1)
	mfcr	0
	std	0, R_CR(1)
	mfdar	0
	std	0, R_DAR(1)
	mfdsisr	0
	std	0, R_DSISR(1)
	SET_TOC
	addi	3, 1, 32
	bl	rt_exception
	nop
	ld	0, R_LR(1)
	mtlr	0
	ld	0, R_CTR(1)
	mtctr	0
	ld	0, R_XER(1)
	mtxer	0
	ld	0, R_CR(1)
	mtcr	0
	ld	0, R_SRR0(1)
	mtsrr0	0
	ld	0, R_SRR1(1)
	mtsrr1	0
	ld	0, R_GPR(0)(1)
	.irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	\n, R_GPR(\n)(1)
	.endr
	ld	1, R_GPR(1)(1)
	rfid

/*
 * long rt_hcall(unsigned long nr, const unsigned long args[9], unsigned long ret[9])
 * sc 1 with r3 = nr and r4-r12 = args; ret[] gets r4-r12 afterwards.
 */
	.globl	rt_hcall
rt_hcall:
	std	5, -8(1)		/* ret[], in the protected zone */
	mr	11, 4
	ld	4, 0(11)
	ld	5, 8(11)
	ld	6, 16(11)
	ld	7, 24(11)
	ld	8, 32(11)
	ld	9, 40(11)
	ld	10, 48(11)
	ld	12, 64(11)
	ld	11, 56(11)
	sc	1
	std	2, -16(1)		/* borrow r2 (TOC) as the base */
	ld	2, -8(1)
	std	4, 0(2)
	std	5, 8(2)
	std	6, 16(2)
	std	7, 24(2)
	std	8, 32(2)
	std	9, 40(2)
	std	10, 48(2)
	std	11, 56(2)
	std	12, 64(2)
	ld	2, -16(1)
	blr

/*
 * long rt_pv_call(const void *code, unsigned long nr, const unsigned long p[4],
 *                 unsigned long *ret_r4)
 * Runs a hypercall sequence (e.g. /hypervisor/hcall-instructions followed by
 * blr) with r11 = nr and r3-r6 = p[]; returns r3, *ret_r4 = r4.
 */
	.globl	rt_pv_call
rt_pv_call:
	mflr	0
	std	0, 16(1)
	stdu	1, -64(1)
	std	2, 24(1)
	std	6, 32(1)
	mtctr	3
	mr	11, 4
	ld	3, 0(5)
	ld	4, 8(5)
	ld	6, 24(5)
	ld	5, 16(5)
	bctrl
	ld	2, 24(1)
	ld	6, 32(1)
	std	4, 0(6)
	addi	1, 1, 64
	ld	0, 16(1)
	mtlr	0
	blr

/*
 * void rt_rtas_enter(void *args, unsigned long entry)
 * Calls RTAS at `entry` in 32-bit big-endian real mode with r3 = args; RTAS
 * returns (blr) to a big-endian stub that restores our MSR.
 */
	.globl	rt_rtas_enter
rt_rtas_enter:
	mflr	0
	std	0, 16(1)
	stdu	1, -80(1)
	std	2, 24(1)
	std	29, 40(1)
	std	30, 48(1)
	std	31, 56(1)
	mfmsr	31			/* the MSR to come back with */
	bcl	20, 31, 1f
1:	mflr	30
	addi	30, 30, rtas_return - 1b	/* RTAS returns here (LR) */
	addi	29, 30, rtas_back - rtas_return
	mtlr	30
	mtsrr0	4
	li	0, RTAS_MSR
	mtsrr1	0
	rfid
rtas_return:
	BE_INSN 0x7fba03a6		/* mtsrr0 r29 */
	BE_INSN 0x7ffb03a6		/* mtsrr1 r31 */
	BE_INSN 0x4c000024		/* rfid */
rtas_back:
	ld	2, 24(1)
	ld	29, 40(1)
	ld	30, 48(1)
	ld	31, 56(1)
	addi	1, 1, 80
	ld	0, 16(1)
	mtlr	0
	blr

/*
 * Our own RTAS, for machines that leave instantiating it to the firmware
 * (QEMU without SLOF): the KVMPPC_H_RTAS hypercall with r4 = args, as the
 * RTAS blob of QEMU and kvmtool does.  Runs big-endian, so stored that way.
 */
	.globl	rt_rtas_blob
	.balign	8
rt_rtas_blob:
	BE_INSN 0x7c641b78		/* mr r4,r3 */
	BE_INSN 0x3c600000		/* lis r3,0 */
	BE_INSN 0x6063f000		/* ori r3,r3,0xf000 */
	BE_INSN 0x44000022		/* sc 1 */
	BE_INSN 0x4e800020		/* blr */

	.section .stack, "aw", @nobits
	.balign	16
	.globl	rt_stacks
rt_stacks:
	.space	STACK_SIZE * RT_MAX_CPUS
