/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The firmware stand-in for running the guest tests under QEMU's pseries
 * machine: `qemu-system-ppc64 -M pseries -bios rom.bin -kernel GUEST`.
 *
 * QEMU 7.2 loads -bios at guest address 0 and starts vcpu 0 at 0x100 in real
 * mode, big-endian, with MSR = 0 (32-bit, ME off), r3 = the device tree
 * address and r4 = 0.  It loads each ELF segment of the kernel at
 * 0x400000 + (p_paddr & 0x0fffffff) (its kernel-addr), and with firmware
 * other than SLOF it does not enter the kernel itself.  ppcvmd enters the
 * guest directly: vcpu 0 at the (likewise translated) ELF entry with
 * r3 = fdt, r4 = load address, r5 = 0.  This ROM makes QEMU's entry look the
 * same, so the guests need no second boot path; their images start with
 * their entry.  The guest's own entry code sets the MSR it wants (64-bit,
 * ME, byte order).
 */

#define GUEST_ENTRY	0x400000

	.text
	.org	0x100
	.globl	rom_entry
rom_entry:
	lis	4, GUEST_ENTRY@h	/* r4 = load address; r3 (fdt) is kept */
	ori	4, 4, GUEST_ENTRY@l
	li	5, 0
	mr	12, 4			/* ELFv2: r12 holds the entry address */
	mtctr	4
	bctr
	.org	0x200			/* QEMU takes any size; keep the file small */
