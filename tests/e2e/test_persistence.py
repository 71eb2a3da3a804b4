#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Definitions survive restarts; a daemon killed mid-define leaves a readable store."""
import glob
import json
import os
import signal
import subprocess
import time

from harness import PPCVMCTL, E2ETestCase, main, wait_for


class Persistence(E2ETestCase):
    def test_definitions_survive_a_restart(self):
        env = self.env
        env.define("keep1")
        env.define("keep2", vcpus=2, memory_mib=128)
        self.assertEqual(env.stop_daemon(), 0, "SIGTERM should exit 0")
        env.start_daemon()
        names = [v["name"] for v in json.loads(env.ctl_json("list"))]
        self.assertEqual(names, ["keep1", "keep2"])
        info = env.info("keep2")
        self.assertEqual((info["VCPUs"], info["MemoryMiB"]), (2, 128))

    def test_autostart_vm_starts_with_the_daemon(self):
        env = self.env
        env.define("auto")
        env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1/vm/auto", "org.ppcvm.ppcvmd1.VM",
                   "SetAutostart", "b", "true")
        env.stop_daemon()
        env.start_daemon()
        self.assertEqual(env.state("auto"), "running")
        self.assertTrue(env.info("auto")["Autostart"])

    def test_sigterm_stops_running_vms_and_exits_zero(self):
        env = self.env
        env.define("busy")
        env.ctl("start", "busy")
        self.assertEqual(env.stop_daemon(), 0)
        env.start_daemon()
        self.assertEqual(env.state("busy"), "shutoff")

    def test_corrupt_definition_is_reported_and_kept(self):
        env = self.env
        env.define("good")
        env.stop_daemon()
        bad = os.path.join(env.state_dir, "bad.json")
        with open(bad, "w") as f:
            f.write("{ not json")
        env.start_daemon()
        self.assertEqual([v["name"] for v in json.loads(env.ctl_json("list"))], ["good"])
        self.assertTrue(os.path.exists(bad), "a corrupt file must never be deleted")
        self.assertIn("bad.json", env.log())

    def test_sigkill_while_defining_leaves_store_readable(self):
        env = self.env
        files = [env.write_json(env.definition(f"k{i}"), f"k{i}.json") for i in range(40)]
        script = "; ".join(f"{PPCVMCTL} --bus {env.address} define {f}" for f in files)
        loop = subprocess.Popen(["sh", "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: len(glob.glob(os.path.join(env.state_dir, "*.json"))) >= 5, 30)
        env.stop_daemon(signal.SIGKILL)
        loop.wait()
        for path in glob.glob(os.path.join(env.state_dir, "*.json")):
            with open(path) as f:
                json.load(f)     # every visible definition is whole
        env.start_daemon()
        listed = {v["name"] for v in json.loads(env.ctl_json("list"))}
        on_disk = {os.path.basename(p)[:-5] for p in glob.glob(os.path.join(env.state_dir, "*.json"))}
        self.assertEqual(listed, on_disk)


if __name__ == "__main__":
    main()
