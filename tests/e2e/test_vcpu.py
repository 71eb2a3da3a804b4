#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""VCPU objects: interrupts reach the guest, OSI with and without a handler,
capabilities and paravirt information, registers while paused, statistics."""
import json
import os
import subprocess

from harness import E2ETestCase, OSI_HANDLER, main, wait_for

KVM_CAP_PPC_OSI = 52


class Vcpu(E2ETestCase):
    def start_agent(self, name):
        self.env.define(name)
        self.env.ctl("start", name)
        con = self.console(name)
        con.expect("agent ready")
        return con

    def test_edge_interrupt_is_delivered_once(self):
        con = self.start_agent("edge")
        self.env.ctl("interrupt", "edge", "raise")
        con.expect("irq 1")
        self.assertEqual(con.drain(0.5).count("irq "), 1)

    def test_level_interrupt_repeats_until_lowered(self):
        env = self.env
        con = self.start_agent("level")
        env.ctl("interrupt", "level", "--vcpu", "0", "raise-level")
        con.expect("irq 3")
        env.ctl("interrupt", "level", "lower")
        settled = con.drain(0.3).count("irq ")
        self.assertEqual(con.drain(0.5).count("irq "), settled, "interrupts after lower")

    def test_interrupt_rejects_unknown_action_and_vcpu(self):
        self.start_agent("badirq")
        p = self.env.ctl("interrupt", "badirq", "wiggle", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("raise, raise-level or lower", p.stderr)
        p = self.env.ctl("interrupt", "badirq", "--vcpu", "7", "raise", check=False)
        self.assertNotEqual(p.returncode, 0)

    def test_osi_without_cap_is_a_system_call(self):
        con = self.start_agent("noosi")
        con.send("o")
        con.expect("osi r3=113724fa r5=1234")
        con.send("s")
        con.expect("syscall trapped")

    def test_osi_enabled_without_handler_returns_minus_one(self):
        con = self.start_agent("osi1")
        self.env.ctl("enable-cap", "osi1", "--vcpu", "0", "osi")
        con.send("o")
        con.expect("osi r3=ffffffffffffffff r5=1234")
        stats = json.loads(self.env.ctl_json("stats", "osi1"))
        self.assertGreaterEqual(stats["ExitStats"]["osi"], 1)

    def test_osi_handler_answers_the_call(self):
        if not OSI_HANDLER:
            self.skipTest("no osi-handler")
        con = self.start_agent("osi2")
        self.env.ctl("enable-cap", "osi2", "osi")
        h = subprocess.Popen([OSI_HANDLER, self.env.address, "osi2"], stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(h.stdout.readline().strip(), "ready")
            con.send("o")
            con.expect("osi r3=0 r5=1235")
            self.assertEqual(h.stdout.readline().strip(), "call vcpu=0 r5=1234")
        finally:
            h.kill()
            h.wait()
        # The handler is gone: calls complete with r3 = -1 again.
        wait_for(lambda: False, 0.3)
        con.send("o")
        con.expect("osi r3=ffffffffffffffff r5=1234")

    def test_enable_cap_with_flags_or_unknown_cap_is_einval(self):
        self.start_agent("caps")
        p = self.env.ctl("enable-cap", "caps", "osi", "flags=1", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("Invalid argument", p.stderr)
        p = self.env.ctl("enable-cap", "caps", "9999", check=False)
        self.assertNotEqual(p.returncode, 0)

    def test_check_extension_and_pvinfo(self):
        env = self.env
        out = env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1", "org.ppcvm.ppcvmd1.Manager",
                         "CheckExtension", "x", KVM_CAP_PPC_OSI).stdout.strip()
        self.assertEqual(out, "x 1")
        out = env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1", "org.ppcvm.ppcvmd1.Manager",
                         "CheckExtension", "x", 12345).stdout.strip()
        self.assertEqual(out, "x 0")
        pv = json.loads(env.ctl_json("pvinfo"))
        self.assertEqual(pv["hcall"], [0x3c004b56, 0x60004d21, 0x44000002, 0x60000000])
        caps = json.loads(env.ctl_json("caps"))
        self.assertEqual(caps["Backend"], "emu")
        # Why the emulator: the kvm probe's own words (no /dev/kvm, or an
        # x86 one), which depend on the host.
        self.assertTrue(caps["BackendReason"].startswith("emulator chosen: "), caps["BackendReason"])
        self.assertIn("/dev/kvm", caps["BackendReason"])
        self.assertEqual(caps["Capabilities"]["PPC_OSI"], 1)
        self.assertEqual(caps["Capabilities"]["PPC_IRQ_LEVEL"], 1)

    def test_registers_only_while_paused(self):
        env = self.env
        self.start_agent("regs")
        p = env.ctl("regs", "regs", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("paused", p.stderr)
        env.ctl("pause", "regs")
        regs = json.loads(env.ctl_json("regs", "regs"))
        self.assertTrue(regs["msr"] & (1 << 63), "64-bit mode")
        env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1/vm/regs/vcpu/0", "org.ppcvm.ppcvmd1.VCPU",
                   "SetRegs", "a{st}", 1, "r20", 0x5eed)
        self.assertEqual(json.loads(env.ctl_json("regs", "regs"))["r20"], 0x5eed)
        p = env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1/vm/regs/vcpu/0",
                       "org.ppcvm.ppcvmd1.VCPU", "SetRegs", "a{st}", 1, "r32", 1, check=False)
        self.assertIn("not a register", p.stderr)
        env.ctl("resume", "regs")

    def test_stats_count_exits_and_instructions(self):
        env = self.env
        con = self.start_agent("stats")
        con.send("p")
        con.expect("pong")
        stats = json.loads(env.ctl_json("stats", "stats"))
        self.assertGreater(stats["Instructions"], 1000)
        self.assertGreater(stats["ExitStats"]["papr_hcall"], 0)
        self.assertIn(stats["MPState"], ("runnable", "halted"))


if __name__ == "__main__":
    main()
