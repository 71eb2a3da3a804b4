/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvmd only: the KVM paravirtual hypercall.  The guest runs the sequence
 * /hypervisor/hcall-instructions gives it (sc with r0 = "KVM!"), r11 = the
 * call number, r3.. parameters; status comes back in r3, a value in r4.
 * QEMU (TCG) has no /hypervisor node and treats that sc as a system call.
 */
#include "rt/rt.h"

#define KVM_SC_MAGIC_R0                 0x4b564d21
#define HC_VENDOR_KVM                   (42ul << 16)
#define KVM_HC_FEATURES                 3
#define KVM_HC_PPC_MAP_MAGIC_PAGE       4
#define KVM_FEATURE_MAGIC_PAGE          1
#define KVM_MAGIC_FEAT_SR               1
#define HC_EV_SUCCESS                   0
#define HC_EV_UNIMPLEMENTED             12
#define PPC_INST_BLR                    0x4e800020

long rt_pv_call(const void *code, unsigned long nr, const unsigned long p[4],
                unsigned long *ret_r4);

static uint32_t hcall_code[8] __attribute__((aligned(32)));
static uint8_t magic_page[4096] __attribute__((aligned(4096)));
static volatile unsigned syscalls;

static void on_syscall(struct rt_regs *r)
{
        syscalls = syscalls + 1;
}

/* The pvinfo sequence KVM gives on Book3S: lis r0,0x4b56; ori r0,r0,0x4d21; sc; nop. */
static const uint32_t expected_words[4] = { 0x3c004b56, 0x60004d21, 0x44000002, 0x60000000 };

static bool load_sequence(void)
{
        int hv = dt_find("/hypervisor");
        int len = 0;
        const uint32_t *cells = hv >= 0 ? dt_prop(hv, "hcall-instructions", &len) : NULL;

        if (!check(hv >= 0, "/hypervisor exists"))
                return false;
        check(dt_has_string(hv, "compatible", "linux,kvm"), "/hypervisor is linux,kvm");
        if (!check(cells && len == 16, "hcall-instructions has 4 words"))
                return false;
        for (int i = 0; i < 4; i++) {
                hcall_code[i] = be32(cells[i]);         /* instructions in our byte order */
                check_eqx("hcall-instructions word", hcall_code[i], expected_words[i]);
        }
        hcall_code[4] = PPC_INST_BLR;
        rt_sync_icache(hcall_code, sizeof(hcall_code));
        return true;
}

static long pv(unsigned long nr, unsigned long p0, unsigned long p1, unsigned long *r4)
{
        unsigned long p[4] = { p0, p1, 0, 0 };

        return rt_pv_call(hcall_code, nr, p, r4);
}

int guest_main(void)
{
        unsigned long r4;

        exc_set_handler(0xc00, on_syscall);
        if (!load_sequence())
                return 1;

        r4 = ~0ul;
        check_eq("KVM_HC_FEATURES status", pv(HC_VENDOR_KVM | KVM_HC_FEATURES, 0, 0, &r4),
                 HC_EV_SUCCESS);
        check_eqx("KVM_HC_FEATURES features", r4, 1ul << KVM_FEATURE_MAGIC_PAGE);

        r4 = ~0ul;
        check_eq("KVM_HC_PPC_MAP_MAGIC_PAGE status", pv(HC_VENDOR_KVM | KVM_HC_PPC_MAP_MAGIC_PAGE,
                 (uintptr_t)magic_page, -4096ul, &r4), HC_EV_SUCCESS);
        check_eqx("KVM_HC_PPC_MAP_MAGIC_PAGE features", r4, KVM_MAGIC_FEAT_SR);

        r4 = ~0ul;
        check_eq("unknown KVM hypercall status", pv(HC_VENDOR_KVM | 99, 0, 0, &r4),
                 HC_EV_UNIMPLEMENTED);
        check_eqx("unknown KVM hypercall r4", r4, 0);

        r4 = ~0ul;
        check_eq("non-KVM vendor status", pv(7ul << 16 | KVM_HC_FEATURES, 0, 0, &r4),
                 HC_EV_UNIMPLEMENTED);

        check_eq("system call interrupts taken by the sequence", syscalls, 0);
        return 0;
}
