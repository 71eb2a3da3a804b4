#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The contract: proto/*.xml matches the live introspection, the definition
schema matches what the daemon accepts, and the systemd units verify."""
import json
import os
import shutil
import subprocess
import unittest
import xml.etree.ElementTree as ET

from harness import PPCVMD, E2ETestCase, main

PROTO = os.environ.get("PROTO_DIR", "")
SYSTEMD = os.environ.get("SYSTEMD_DIR", "")
SYSTEMD_BUILD = os.environ.get("SYSTEMD_BUILD_DIR", "")


def interface_shape(root, name):
    """A comparable description of one interface: members, arguments, types,
    directions, access and the change-signal annotation; no documentation."""
    for iface in root.iter("interface"):
        if iface.get("name") != name:
            continue
        shape = []
        for m in iface:
            if m.tag not in ("method", "signal", "property"):
                continue
            args = tuple((a.get("name"), a.get("type"), a.get("direction", "out" if m.tag == "signal" else "in"))
                         for a in m.findall("arg"))
            ann = tuple(sorted((a.get("name"), a.get("value")) for a in m.findall("annotation")
                               if a.get("name") == "org.freedesktop.DBus.Property.EmitsChangedSignal"))
            shape.append((m.tag, m.get("name"), m.get("type"), m.get("access"), args, ann))
        return sorted(shape)
    return None


class Contract(E2ETestCase):
    def live(self, path):
        out = self.env.busctl("introspect", "--xml-interface", "org.ppcvm.ppcvmd1", path).stdout
        return ET.fromstring(out)

    def check_interface(self, iface, path):
        if not PROTO:
            self.skipTest("PROTO_DIR not set")
        doc = ET.parse(os.path.join(PROTO, iface + ".xml")).getroot()
        self.assertEqual(interface_shape(self.live(path), iface), interface_shape(doc, iface),
                         f"{iface}: live introspection differs from proto/{iface}.xml")

    def test_manager_matches_proto(self):
        self.check_interface("org.ppcvm.ppcvmd1.Manager", "/org/ppcvm/ppcvmd1")

    def test_vm_and_vcpu_match_proto(self):
        self.env.define("shape")
        self.env.ctl("start", "shape")
        self.check_interface("org.ppcvm.ppcvmd1.VM", "/org/ppcvm/ppcvmd1/vm/shape")
        self.check_interface("org.ppcvm.ppcvmd1.VCPU", "/org/ppcvm/ppcvmd1/vm/shape/vcpu/0")

    def test_schema_lists_exactly_the_accepted_fields(self):
        with open(os.path.join(PROTO, "vm-definition.schema.json")) as f:
            schema = json.load(f)
        self.assertFalse(schema.get("additionalProperties", True))
        examples = {k: v["examples"][0] for k, v in schema["properties"].items()}
        examples["name"] = "schema-example"
        examples["kernel"] = "/boot/vmlinux"
        examples.pop("uuid", None)
        if examples.get("memory_mib", 0) > 1024:
            examples["memory_mib"] = 256
        self.env.ctl("define", self.env.write_json(examples))
        accepted = json.loads(self.env.info("schema-example")["Definition"])
        self.assertEqual(set(accepted), set(schema["properties"]))
        self.assertEqual(sorted(schema["required"]), ["kernel", "name"])


class Units(unittest.TestCase):
    def test_systemd_units_verify(self):
        analyze = shutil.which("systemd-analyze")
        if not analyze or not SYSTEMD_BUILD:
            self.skipTest("systemd-analyze or the built units are missing")
        tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"ppcvmd-units-{os.getpid()}")
        os.makedirs(tmp, exist_ok=True)
        try:
            with open(os.path.join(SYSTEMD_BUILD, "ppcvmd.service")) as f:
                unit = f.read()
            exec_line = [l for l in unit.splitlines() if l.startswith("ExecStart=")][0]
            unit = unit.replace(exec_line, f"ExecStart={PPCVMD} --bus system")
            path = os.path.join(tmp, "ppcvmd.service")
            with open(path, "w") as f:
                f.write(unit)
            p = subprocess.run([analyze, "verify", "--man=no", path], capture_output=True, text=True)
            problems = [l for l in p.stderr.splitlines()
                        if "ppcvmd.service" in l and "dbus.socket" not in l]
            self.assertEqual(p.returncode, 0 if not problems else p.returncode, p.stderr)
            self.assertEqual(problems, [], p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_dbus_policy_is_well_formed(self):
        if not SYSTEMD:
            self.skipTest("SYSTEMD_DIR not set")
        root = ET.parse(os.path.join(SYSTEMD, "org.ppcvm.ppcvmd1.conf")).getroot()
        owners = [a.get("own") for p in root.findall("policy") for a in p.findall("allow") if a.get("own")]
        self.assertEqual(owners, ["org.ppcvm.ppcvmd1"])
        default = [p for p in root.findall("policy") if p.get("context") == "default"][0]
        open_members = {a.get("send_member") for a in default.findall("allow")
                        if a.get("send_interface") == "org.ppcvm.ppcvmd1.Manager"}
        self.assertEqual(open_members, {"ListVMs", "GetVM", "GetVMByUUID", "CheckExtension", "GetPVInfo"})


if __name__ == "__main__":
    main()
