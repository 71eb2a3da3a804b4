#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every bad input gets a precise error, changes nothing, and the daemon lives on."""
import json
import os

from harness import E2ETestCase, main


class Errors(E2ETestCase):
    def assertFails(self, p, *needles):
        self.assertNotEqual(p.returncode, 0, p.stdout)
        for n in needles:
            self.assertIn(n, p.stderr)
        # The daemon is still there and answers.
        self.assertEqual(self.env.ctl("list", check=False).returncode, 0)

    def define_raw(self, text):
        return self.env.ctl("define", self.env.write_json(text, "raw.json"), check=False)

    def test_wrong_state_changes_nothing(self):
        env = self.env
        env.define("calm")
        self.assertFails(env.ctl("pause", "calm", check=False), "is shutoff", "Pause needs it running")
        self.assertFails(env.ctl("resume", "calm", check=False), "Resume needs it paused")
        self.assertFails(env.ctl("destroy", "calm", check=False), "is shutoff")
        self.assertEqual(env.state("calm"), "shutoff")
        env.ctl("start", "calm")
        self.assertFails(env.ctl("start", "calm", check=False), "is running")
        self.assertEqual(env.state("calm"), "running")

    def test_unknown_vm(self):
        self.assertFails(self.env.ctl("start", "ghost", check=False), "No VM named 'ghost'")
        p = self.env.busctl("call", "org.ppcvm.ppcvmd1", "/org/ppcvm/ppcvmd1", "org.ppcvm.ppcvmd1.Manager",
                            "GetVM", "s", "ghost", check=False)
        self.assertIn("No VM named", p.stderr)

    def test_duplicate_name(self):
        self.env.define("twin")
        p = self.env.ctl("create", self.env.write_json(self.env.definition("twin")), check=False)
        self.assertFails(p, "already exists")

    def test_invalid_names(self):
        for name in ["", "x" * 65, "a/b", "..", ".hidden", "-dash", "sp ace"]:
            with self.subTest(name=name):
                self.assertFails(self.define_raw(json.dumps(self.env.definition(name))),
                                 "name" if name == "" else "not a valid VM name")
        self.assertEqual(json.loads(self.env.ctl_json("list")), [])

    def test_non_utf8_definition_is_refused(self):
        with open(os.path.join(self.env.tmp, "bad.json"), "wb") as f:
            f.write(b'{"name": "caf\xe9", "kernel": "/k"}')
        p = self.env.ctl("define", os.path.join(self.env.tmp, "bad.json"), check=False)
        self.assertFails(p)

    def test_malformed_and_schema_violating_json(self):
        cases = [
            ("{", "not valid JSON"),
            ("[]", "must be a JSON object"),
            ('{"name": "a"}', 'no "kernel"'),
            ('{"name": "a", "kernel": "/k", "vcpus": "two"}', '"vcpus" must be a whole number'),
            ('{"name": "a", "kernel": "/k", "colour": "blue"}', 'unknown field "colour"'),
            ('{"name": "a", "kernel": "relative/path"}', "absolute"),
            ('{"name": "a", "kernel": "/k", "backend": "magic"}', "auto, emu or kvm"),
            ('{"name": "a", "kernel": "/k", "on_crash": "panic"}', "destroy, restart or preserve"),
            ('{"name": "a", "kernel": "/k", "uuid": "nope"}', "is not a UUID"),
        ]
        for text, needle in cases:
            with self.subTest(text=text):
                self.assertFails(self.define_raw(text), needle)

    def test_absurd_sizes(self):
        self.assertFails(self.define_raw(json.dumps(self.env.definition("big", memory_mib=1 << 40))),
                         '"memory_mib"')
        self.assertFails(self.define_raw(json.dumps(self.env.definition("big", memory_mib=200 * 1024 * 1024))),
                         '"memory_mib"')
        self.assertFails(self.define_raw(json.dumps(self.env.definition("many", vcpus=100000))),
                         '"vcpus" is 100000')
        self.assertFails(self.define_raw(json.dumps(self.env.definition("none", vcpus=0))), '"vcpus" is 0')

    def test_unreadable_kernel_fails_start_with_reason(self):
        env = self.env
        env.define("nokernel", kernel="/nonexistent/vmlinux")
        p = env.ctl("start", "nokernel", check=False)
        self.assertFails(p, "Failed to start VM nokernel", "/nonexistent/vmlinux")
        self.assertEqual(env.state("nokernel"), "shutoff")
        notelf = env.write_json("this is not an ELF file", "notelf")
        env.define("notelf", kernel=notelf)
        self.assertFails(env.ctl("start", "notelf", check=False), notelf)

    def test_caller_without_permission_is_denied(self):
        env = self.env
        env.define("guarded")
        p = env.ctl("start", "guarded", check=False, user=65534)
        self.assertFails(p, "needs root or the 'ppcvm' group")
        self.assertEqual(env.state("guarded"), "shutoff")
        p = env.ctl("define", env.write_json(env.definition("sneaky")), check=False, user=65534)
        self.assertFails(p, "needs root or the 'ppcvm' group")
        # Queries stay open.
        self.assertEqual(env.ctl("list", user=65534).returncode, 0)

    def test_transient_vm_cannot_be_undefined(self):
        env = self.env
        env.ctl("create", env.write_json(env.definition("fleeting")))
        self.assertFails(env.ctl("undefine", "fleeting", check=False), "transient")
        env.ctl("destroy", "fleeting")
        self.assertEqual(json.loads(env.ctl_json("list")), [])


if __name__ == "__main__":
    main()
