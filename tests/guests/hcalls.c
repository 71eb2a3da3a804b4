/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Hypercalls and their error paths (PAPR 14.5): what QEMU's pseries answers. */
#include "rt/rt.h"

#define PAGE_SIZE       4096
#define VPA_MIN_SIZE    640
#define VPA_SHARED_PROC_BYTE    9
#define VPA_SHARED_PROC_BIT     0x2

static uint8_t page_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t page_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t vpa[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void test_unknown_hcalls(void)
{
        check_eq("hcall 0x0 (none)", hcall0(0), H_FUNCTION);
        check_eq("hcall 0x5 (not a multiple of 4)", hcall0(0x5), H_FUNCTION);
        check_eq("hcall 0x7ffc (past the last)", hcall0(0x7ffc), H_FUNCTION);
        check_eq("hcall 0xf100 (past the KVMPPC range)", hcall0(0xf100), H_FUNCTION);
}

static void test_put_term_char(void)
{
        uint64_t t = console_termno();
        uint64_t hi = ((uint64_t)'[' << 56) | ((uint64_t)'o' << 48) | ((uint64_t)'k' << 40) |
                      ((uint64_t)']' << 32) | ((uint64_t)'\n' << 24);

        check_eq("H_PUT_TERM_CHAR 5 bytes", hcall4(H_PUT_TERM_CHAR, t, 5, hi, 0), H_SUCCESS);
        check_eq("H_PUT_TERM_CHAR 0 bytes", hcall4(H_PUT_TERM_CHAR, t, 0, 0, 0), H_SUCCESS);
        check_eq("H_PUT_TERM_CHAR 17 bytes", hcall4(H_PUT_TERM_CHAR, t, 17, hi, 0), H_PARAMETER);
        check_eq("H_PUT_TERM_CHAR unknown termno",
                 hcall4(H_PUT_TERM_CHAR, 0x12345, 5, hi, 0), H_PARAMETER);
        /* termno 0 means "the console" (what Linux's early debug output uses). */
        check_eq("H_PUT_TERM_CHAR termno 0", hcall4(H_PUT_TERM_CHAR, 0, 5, hi, 0), H_SUCCESS);
}

static void test_get_term_char(void)
{
        unsigned long ret[9];

        check_eq("H_GET_TERM_CHAR unknown termno",
                 hcall(H_GET_TERM_CHAR, ret, 0x12345, 0, 0, 0), H_PARAMETER);
        check_eq("H_GET_TERM_CHAR with no input", hcall(H_GET_TERM_CHAR, ret,
                 console_termno(), 0, 0, 0), H_SUCCESS);
        check_eq("H_GET_TERM_CHAR byte count with no input", (long)ret[0], 0);
}

static void test_set_mode(void)
{
        long le = RT_LITTLE_ENDIAN;

        check_eq("H_SET_MODE LE, value1 != 0", hcall4(H_SET_MODE, le, H_SET_MODE_RESOURCE_LE, 1, 0), H_P3);
        check_eq("H_SET_MODE LE, value2 != 0", hcall4(H_SET_MODE, le, H_SET_MODE_RESOURCE_LE, 0, 1), H_P4);
        check_eq("H_SET_MODE LE, mflags 2", hcall4(H_SET_MODE, 2, H_SET_MODE_RESOURCE_LE, 0, 0),
                 H_UNSUPPORTED_FLAG);
        check_eq("H_SET_MODE resource 99", hcall4(H_SET_MODE, 0, 99, 0, 0), H_P2);
        check_eq("H_SET_MODE LE, our byte order", hcall4(H_SET_MODE, le, H_SET_MODE_RESOURCE_LE, 0, 0),
                 H_SUCCESS);
}

static void test_set_sprg0(void)
{
        uint64_t v;

        check_eq("H_SET_SPRG0", hcall1(H_SET_SPRG0, 0x1122334455667788ull), H_SUCCESS);
        __asm__ volatile("mfsprg0 %0" : "=r"(v));
        check(v == 0x1122334455667788ull, "SPRG0 after H_SET_SPRG0 = %#lx", (unsigned long)v);
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
        for (size_t i = 0; i < n; i++)
                if (p[i] != v)
                        return false;
        return true;
}

static void test_page_init(void)
{
        uintptr_t a = (uintptr_t)page_a, b = (uintptr_t)page_b;

        memset(page_a, 0x5a, PAGE_SIZE);
        memset(page_b, 0xa5, PAGE_SIZE);
        check_eq("H_PAGE_INIT zero", hcall3(H_PAGE_INIT, H_ZERO_PAGE, a, 0), H_SUCCESS);
        check(all_bytes(page_a, PAGE_SIZE, 0), "H_PAGE_INIT zeroed the page");
        check_eq("H_PAGE_INIT copy", hcall3(H_PAGE_INIT, H_COPY_PAGE, a, b), H_SUCCESS);
        check(all_bytes(page_a, PAGE_SIZE, 0xa5), "H_PAGE_INIT copied the page");
        check_eq("H_PAGE_INIT icache sync", hcall3(H_PAGE_INIT, H_ICACHE_SYNCHRONIZE, a, 0),
                 H_SUCCESS);
        check_eq("H_PAGE_INIT unaligned destination", hcall3(H_PAGE_INIT, H_ZERO_PAGE, a + 8, 0),
                 H_PARAMETER);
        check_eq("H_PAGE_INIT unaligned source", hcall3(H_PAGE_INIT, H_COPY_PAGE, a, b + 8),
                 H_PARAMETER);
        check_eq("H_PAGE_INIT destination outside RAM",
                 hcall3(H_PAGE_INIT, H_ZERO_PAGE, 1ull << 40, 0), H_PARAMETER);
        check_eq("H_PAGE_INIT unknown flag", hcall3(H_PAGE_INIT, 1, a, 0), H_PARAMETER);
        check(all_bytes(page_a, PAGE_SIZE, 0xa5), "failed H_PAGE_INIT calls left the page alone");
}

static void set_vpa_size(uint8_t *p, uint16_t size)
{
        p[4] = (uint8_t)(size >> 8);    /* big-endian, whatever our byte order */
        p[5] = (uint8_t)size;
}

static void test_register_vpa(void)
{
        unsigned long me = cpu_id(0);
        uint8_t *good = vpa;

        memset(vpa, 0, sizeof(vpa));
        set_vpa_size(good, VPA_MIN_SIZE);
        check_eq("H_REGISTER_VPA register", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA, me,
                 (uintptr_t)good), H_SUCCESS);
        check((good[VPA_SHARED_PROC_BYTE] & VPA_SHARED_PROC_BIT) != 0,
              "the VPA says: shared processor partition");
        check_eq("H_REGISTER_VPA deregister", hcall3(H_REGISTER_VPA, H_VPA_DEREG_VPA, me, 0),
                 H_SUCCESS);

        set_vpa_size(vpa + 128, VPA_MIN_SIZE - 1);
        check_eq("H_REGISTER_VPA too small", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA, me,
                 (uintptr_t)(vpa + 128)), H_PARAMETER);
        set_vpa_size(vpa + PAGE_SIZE - 256, VPA_MIN_SIZE);
        check_eq("H_REGISTER_VPA across a page boundary", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA,
                 me, (uintptr_t)(vpa + PAGE_SIZE - 256)), H_PARAMETER);
        set_vpa_size(vpa + 8, VPA_MIN_SIZE);
        check_eq("H_REGISTER_VPA misaligned", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA, me,
                 (uintptr_t)(vpa + 8)), H_PARAMETER);
        check_eq("H_REGISTER_VPA unknown vcpu", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA, 999,
                 (uintptr_t)good), H_PARAMETER);
        /* 1-3 register VPA, DTL, SLB shadow; 5-7 deregister them; 4 is unassigned. */
        check_eq("H_REGISTER_VPA unknown subfunction", hcall3(H_REGISTER_VPA,
                 4ull << H_VPA_FUNC_SHIFT, me, (uintptr_t)good), H_PARAMETER);
}

/*
 * Not checked: H_CONFER to -1 (QEMU 7.2 TCG leaves r3 unwritten) and
 * H_SET_DABR (a POWER9 has no DABR; QEMU says H_HARDWARE).
 */
static void test_prod(void)
{
        check_eq("H_PROD of ourselves", hcall1(H_PROD, cpu_id(0)), H_SUCCESS);
        check_eq("H_PROD of vcpu 999", hcall1(H_PROD, 999), H_PARAMETER);
}

static void test_vpa_areas(void)
{
        unsigned long me = cpu_id(0);
        uint8_t *area = vpa;            /* VPA in the first page, DTL in the second */
        uint8_t *dtl = vpa + PAGE_SIZE;

        memset(vpa, 0, sizeof(vpa));
        set_vpa_size(area, VPA_MIN_SIZE);
        dtl[4] = 0, dtl[5] = 0, dtl[6] = 0x10, dtl[7] = 0;     /* u32 size 4096, big-endian */
        check_eq("H_REGISTER_VPA DTL without a VPA", hcall3(H_REGISTER_VPA, H_VPA_REG_DTL, me,
                 (uintptr_t)dtl), H_RESOURCE);
        check_eq("H_REGISTER_VPA register", hcall3(H_REGISTER_VPA, H_VPA_REG_VPA, me,
                 (uintptr_t)area), H_SUCCESS);
        check_eq("H_REGISTER_VPA DTL", hcall3(H_REGISTER_VPA, H_VPA_REG_DTL, me, (uintptr_t)dtl),
                 H_SUCCESS);
        check_eq("H_REGISTER_VPA deregister VPA while the DTL is registered",
                 hcall3(H_REGISTER_VPA, H_VPA_DEREG_VPA, me, 0), H_RESOURCE);
        check_eq("H_REGISTER_VPA deregister DTL", hcall3(H_REGISTER_VPA, H_VPA_DEREG_DTL, me, 0),
                 H_SUCCESS);
        check_eq("H_REGISTER_VPA deregister VPA", hcall3(H_REGISTER_VPA, H_VPA_DEREG_VPA, me, 0),
                 H_SUCCESS);
}

static void test_logical_ci(void)
{
        static uint8_t cell[16] __attribute__((aligned(16))) = {
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
        };
        unsigned long ret[9];
        uintptr_t a = (uintptr_t)cell;

        /* The hypervisor reads and writes big-endian, whatever our byte order. */
        check_eq("H_LOGICAL_CI_LOAD 8", hcall(H_LOGICAL_CI_LOAD, ret, 8, a, 0, 0), H_SUCCESS);
        check_eqx("H_LOGICAL_CI_LOAD 8 value", ret[0], 0x1122334455667788ull);
        check_eq("H_LOGICAL_CI_LOAD 2", hcall(H_LOGICAL_CI_LOAD, ret, 2, a + 6, 0, 0), H_SUCCESS);
        check_eqx("H_LOGICAL_CI_LOAD 2 value", ret[0], 0x7788);
        check_eq("H_LOGICAL_CI_LOAD size 3", hcall(H_LOGICAL_CI_LOAD, ret, 3, a, 0, 0), H_PARAMETER);
        check_eq("H_LOGICAL_CI_STORE 4", hcall4(H_LOGICAL_CI_STORE, 4, a + 8, 0xaabbccdd, 0),
                 H_SUCCESS);
        check(cell[8] == 0xaa && cell[11] == 0xdd, "H_LOGICAL_CI_STORE stored big-endian");
}

static void test_set_mode_ail(void)
{
        /* Relocation-on interrupt vectors; we run with translation off, where
         * AIL does not apply, so setting it changes nothing for us. */
        check_eq("H_SET_MODE AIL 3", hcall4(H_SET_MODE, 3, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE,
                 0, 0), H_SUCCESS);
        check_eq("H_SET_MODE AIL 1", hcall4(H_SET_MODE, 1, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE,
                 0, 0), H_UNSUPPORTED_FLAG);
        check_eq("H_SET_MODE AIL, value1 != 0", hcall4(H_SET_MODE, 0,
                 H_SET_MODE_RESOURCE_ADDR_TRANS_MODE, 1, 0), H_P3);
        check_eq("H_SET_MODE AIL 0", hcall4(H_SET_MODE, 0, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE,
                 0, 0), H_SUCCESS);
}

static void test_xirr_x(void)
{
        unsigned long ret[9];

        check_eq("H_XIRR_X", hcall(H_XIRR_X, ret, cpu_server(0), 0, 0, 0), H_SUCCESS);
        check_eq("H_XIRR_X source with nothing pending", (long)(ret[0] & 0xffffff), 0);
}

int guest_main(void)
{
        test_unknown_hcalls();
        test_put_term_char();
        test_get_term_char();
        test_set_mode();
        test_set_sprg0();
        test_page_init();
        test_register_vpa();
        test_prod();
        test_vpa_areas();
        test_logical_ci();
        test_set_mode_ail();
        test_xirr_x();
        return 0;
}
