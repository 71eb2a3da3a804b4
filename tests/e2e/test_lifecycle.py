#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A defined VM's whole life, a transient run, pause/resume, reset, Shutdown."""
import json
import os
import subprocess

from harness import E2ETestCase, HELLO_ELF, main, wait_for


class Lifecycle(E2ETestCase):
    def test_defined_vm_full_lifecycle(self):
        env = self.env
        env.define("life")
        self.assertEqual(env.state("life"), "shutoff")
        listing = json.loads(env.ctl_json("list"))
        self.assertEqual([(v["name"], v["state"]) for v in listing], [("life", "shutoff")])

        env.ctl("start", "life")
        self.assertEqual(env.state("life"), "running")
        con = self.console("life")
        con.expect("agent ready")
        con.send("p")
        con.expect("pong")

        con.send("t")
        con.expect("tick 3")
        env.ctl("pause", "life")
        self.assertEqual(env.state("life"), "paused")
        frozen = con.drain(0.3).count("tick ")
        self.assertEqual(con.drain(0.7).count("tick "), frozen, "ticks while paused")
        env.ctl("resume", "life")
        self.assertEqual(env.state("life"), "running")
        con.expect(f"tick {frozen + 3}")
        con.send("T")

        env.ctl("destroy", "life")
        self.assertEqual(env.state("life"), "shutoff")
        self.assertEqual(env.info("life")["ExitReason"], "destroyed")
        env.ctl("undefine", "life")
        self.assertEqual(json.loads(env.ctl_json("list")), [])
        self.assertFalse(os.path.exists(os.path.join(env.state_dir, "life.json")))

    def test_guest_power_off_stops_defined_vm(self):
        env = self.env
        env.define("off")
        env.ctl("start", "off")
        con = self.console("off")
        con.expect("agent ready")
        con.send("q")
        con.expect("bye")
        self.assertTrue(wait_for(lambda: env.state("off") == "shutoff"))
        self.assertEqual(env.info("off")["ExitReason"], "poweroff")

    def test_run_transient_guest_exits_zero_on_power_off(self):
        if not HELLO_ELF:
            self.skipTest("no hello guest")
        p = self.env.ctl("run", "--kernel", HELLO_ELF, "--memory", "64M", "--backend", "emu")
        self.assertIn("hello from a big-endian pseries guest", p.stdout)
        self.assertIn("PASS", p.stdout)
        self.assertEqual(json.loads(self.env.ctl_json("list")), [], "transient VM left behind")

    def test_run_reports_reboot_with_status_2(self):
        env = self.env
        p = subprocess.Popen(env.ctl_argv("run", "--kernel", os.environ["AGENT_ELF"], "--memory", "64M",
                                          "--name", "rebooter"),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for(lambda: "rebooter" in env.ctl("list").stdout)
        out, err = p.communicate("r", timeout=60)
        self.assertEqual(p.returncode, 2, out + err)
        self.assertIn("reboot", err)

    def test_shutdown_powers_off_a_guest_that_listens(self):
        env = self.env
        env.define("polite")
        env.ctl("start", "polite")
        con = self.console("polite")
        con.expect("agent ready")
        env.ctl("shutdown", "polite", "--timeout", "60")
        con.expect("power-off requested")
        self.assertTrue(wait_for(lambda: env.state("polite") == "shutoff"))
        self.assertEqual(env.info("polite")["ExitReason"], "poweroff")

    def test_shutdown_falls_back_to_destroy_after_timeout(self):
        env = self.env
        env.define("deaf")
        env.ctl("start", "deaf")
        con = self.console("deaf")
        con.expect("agent ready")
        con.send("d")
        con.expect("deaf")
        env.ctl("shutdown", "deaf", "--timeout", "0.5")
        self.assertEqual(env.state("deaf"), "stopping")
        self.assertTrue(wait_for(lambda: env.state("deaf") == "shutoff", 30))
        self.assertEqual(env.info("deaf")["ExitReason"], "shutdown-timeout")

    def test_os_term_leaves_vm_crashed_with_reason_until_destroyed(self):
        env = self.env
        env.define("doomed")
        env.ctl("start", "doomed")
        con = self.console("doomed")
        con.expect("agent ready")
        con.send("k")
        self.assertTrue(wait_for(lambda: env.state("doomed") == "crashed"))
        self.assertEqual(env.info("doomed")["ExitReason"], "os-term: agent gave up")
        # The daemon carries on; the crashed VM can be restarted.
        env.ctl("start", "doomed")
        self.assertEqual(env.state("doomed"), "running")
        env.ctl("destroy", "doomed")
        self.assertEqual(env.state("doomed"), "shutoff")

    def test_run_reports_os_term_with_status_3(self):
        env = self.env
        p = subprocess.Popen(env.ctl_argv("run", "--kernel", os.environ["AGENT_ELF"], "--memory", "64M"),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = p.communicate("k", timeout=60)
        self.assertEqual(p.returncode, 3, out + err)
        self.assertIn("agent gave up", err)

    def test_reset_restarts_the_guest(self):
        env = self.env
        env.define("again")
        env.ctl("start", "again")
        con = self.console("again")
        con.expect("agent ready")
        env.ctl("reset", "again")
        self.assertEqual(env.state("again"), "running")
        con2 = self.console("again")
        wait_for(lambda: con2.read_more(0.5) and con2.text().count("agent ready") >= 2, 30)
        self.assertGreaterEqual(con2.text().count("agent ready"), 2)

    def test_console_ring_keeps_output_written_before_attach(self):
        env = self.env
        env.define("early")
        env.ctl("start", "early")
        wait_for(lambda: env.info("early")["ConsoleBytes"] > 0)
        con = self.console("early")
        con.expect("agent ready")

    def test_pty_property_names_a_terminal_while_running(self):
        env = self.env
        env.define("tty")
        self.assertEqual(env.info("tty")["PTY"], "")
        env.ctl("start", "tty")
        pty = env.info("tty")["PTY"]
        self.assertTrue(pty.startswith("/dev/pts/"), pty)
        env.ctl("destroy", "tty")
        self.assertEqual(env.info("tty")["PTY"], "")


if __name__ == "__main__":
    main()
