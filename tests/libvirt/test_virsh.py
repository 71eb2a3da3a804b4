#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Debian's virsh against virtppcvmd: every command of a domain's life,
with the output virsh prints for libvirt's own drivers."""
import platform
import re
import shutil
import socket
import unittest

from lvharness import LibvirtTestCase, domain_xml, main, wait_for


class Virsh(LibvirtTestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("virsh", "script"):
            if not shutil.which(tool):
                raise unittest.SkipTest(f"{tool} is not installed")
        super().setUpClass()

    def define(self, name):
        path = self.env.write_file(name + ".xml", domain_xml(name))
        p = self.env.virsh("define", path)
        self.assertEqual(p.stdout.strip(), f"Domain '{name}' defined from {path}")

    def listing(self, *args):
        """The rows of `virsh list ARGS`, each split into its columns."""
        lines = self.env.virsh("list", *args).stdout.splitlines()
        self.assertEqual(lines[0].split(), ["Id", "Name", "State"])
        self.assertRegex(lines[1], r"^-+$")
        return [line.split() for line in lines[2:] if line.strip()]

    def domstate(self, name):
        return self.env.virsh("domstate", name).stdout.strip()

    def test_version_names_the_ppcvm_hypervisor(self):
        out = self.env.virsh("version").stdout
        self.assertIn("Using API: ppcvm ", out)
        self.assertRegex(out, r"Running hypervisor: ppcvm \d+\.\d+\.\d+")

    def test_hostname_is_the_hosts(self):
        self.assertEqual(self.env.virsh("hostname").stdout.strip(), socket.gethostname())

    def test_uri_is_the_one_connected_to(self):
        self.assertEqual(self.env.virsh("uri").stdout.strip(), self.env.uri)

    def test_capabilities_offer_ppc64_pseries_guests(self):
        caps = self.env.virsh("capabilities").stdout
        self.assertIn("<arch name='ppc64'>", caps)
        self.assertIn(">pseries</machine>", caps)
        self.assertIn("<domain type='ppcvm'/>", caps)

    def test_domcapabilities_describe_pseries_and_refuse_other_arches(self):
        out = self.env.virsh("domcapabilities").stdout
        self.assertIn("<domain>ppcvm</domain>", out)
        self.assertIn("<machine>pseries</machine>", out)
        p = self.env.virsh("domcapabilities", "--arch", "x86_64", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unsupported configuration", p.stderr)

    def test_create_runs_a_transient_domain_that_vanishes_when_destroyed(self):
        env = self.env
        path = env.write_file("blink.xml", domain_xml("blink"))
        self.assertEqual(env.virsh("create", path).stdout.strip(), f"Domain 'blink' created from {path}")
        rows = self.listing()
        self.assertEqual([r[1:] for r in rows], [["blink", "running"]])
        self.assertEqual(env.virsh("dominfo", "blink").stdout.count("Persistent:     no"), 1)
        env.virsh("destroy", "blink")
        self.assertEqual(self.listing("--all"), [])

    def test_start_paused_then_resume(self):
        env = self.env
        self.define("nap")
        env.virsh("start", "--paused", "nap")
        self.assertEqual(self.domstate("nap"), "paused")
        env.virsh("resume", "nap")
        self.assertEqual(self.domstate("nap"), "running")
        env.virsh("destroy", "nap")
        env.virsh("undefine", "nap")

    def test_autostart_toggles(self):
        env = self.env
        self.define("boot")
        env.virsh("autostart", "boot")
        self.assertIn("Autostart:      enable", env.virsh("dominfo", "boot").stdout)
        env.virsh("autostart", "--disable", "boot")
        self.assertIn("Autostart:      disable", env.virsh("dominfo", "boot").stdout)
        env.virsh("undefine", "boot")

    def test_nodeinfo_prints_the_host_cpu_model(self):
        out = self.env.virsh("nodeinfo").stdout
        self.assertRegex(out, r"CPU model:\s+" + re.escape(platform.machine()) + "\n")

    def test_domain_life_define_start_info_suspend_resume_destroy_undefine(self):
        env = self.env
        self.define("life")
        self.assertEqual(self.listing("--all"), [["-", "life", "shut", "off"]])
        self.assertEqual(self.listing(), [])
        self.assertEqual(self.domstate("life"), "shut off")

        self.assertEqual(env.virsh("start", "life").stdout.strip(), "Domain 'life' started")
        self.assertEqual(self.domstate("life"), "running")
        info = dict(re.findall(r"^([^:]+):\s+(.*)$", env.virsh("dominfo", "life").stdout, re.M))
        self.assertEqual(info["Name"], "life")
        self.assertEqual(info["OS Type"], "hvm")
        self.assertEqual(info["State"], "running")
        self.assertEqual(info["CPU(s)"], "1")
        self.assertEqual(info["Max memory"], "65536 KiB")
        self.assertEqual(info["Persistent"], "yes")
        self.assertEqual(info["Autostart"], "disable")
        self.assertRegex(info["Id"], r"^\d+$")
        self.assertEqual(self.listing(), [[info["Id"], "life", "running"]])

        self.assertEqual(env.virsh("suspend", "life").stdout.strip(), "Domain 'life' suspended")
        self.assertEqual(self.domstate("life"), "paused")
        self.assertEqual(env.virsh("resume", "life").stdout.strip(), "Domain 'life' resumed")
        self.assertEqual(self.domstate("life"), "running")

        self.assertEqual(env.virsh("destroy", "life").stdout.strip(), "Domain 'life' destroyed")
        self.assertEqual(self.domstate("life"), "shut off")
        self.assertEqual(env.virsh("undefine", "life").stdout.strip(), "Domain 'life' has been undefined")
        self.assertEqual(self.listing("--all"), [])

    def test_dumpxml_output_defines_the_same_vm(self):
        env = self.env
        self.define("roundtrip")
        first = env.virsh("dumpxml", "roundtrip").stdout
        self.assertIn("<domain type='ppcvm'", first)
        self.assertIn("<memory unit='KiB'>65536</memory>", first)
        self.assertIn("<type arch='ppc64' machine='pseries'>hvm</type>", first)
        self.assertIn("<ppcvm:backend>emu</ppcvm:backend>", first)
        uuid = env.virsh("domuuid", "roundtrip").stdout.strip()
        path = env.write_file("roundtrip-dump.xml", first)
        env.virsh("define", path)
        self.assertEqual(env.virsh("dumpxml", "roundtrip").stdout, first)
        self.assertEqual(env.virsh("domuuid", "roundtrip").stdout.strip(), uuid)
        self.assertEqual(env.info("roundtrip")["UUID"], uuid)
        env.virsh("undefine", "roundtrip")

    def test_console_shows_guest_output_and_carries_input(self):
        env = self.env
        self.define("talk")
        env.virsh("start", "talk")
        con = self.console("talk")
        con.expect("Escape character is ^]")
        con.expect("agent ready")
        con.send(b"p")
        con.expect("pong")
        con.send(b"\x1d")   # Ctrl-]: virsh finishes the stream and exits
        self.assertEqual(con.wait(), 0, con.text())
        self.assertEqual(self.domstate("talk"), "running")
        env.virsh("destroy", "talk")
        env.virsh("undefine", "talk")

    def test_console_ends_when_the_guest_powers_off(self):
        env = self.env
        self.define("bye")
        env.virsh("start", "bye")
        con = self.console("bye")
        con.expect("agent ready")
        con.send(b"q")
        con.expect("bye")
        self.assertEqual(con.wait(), 0, con.text())
        self.assertTrue(wait_for(lambda: self.domstate("bye") == "shut off"))
        env.virsh("undefine", "bye")

    def test_unknown_domain_is_an_error(self):
        p = self.env.virsh("dominfo", "nosuch", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("error: failed to get domain 'nosuch'", p.stderr)

    def test_read_only_socket_refuses_define(self):
        path = self.env.write_file("ro.xml", domain_xml("rodom"))
        p = self.env.virsh("define", path, uri=self.env.uri_ro_socket, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("operation forbidden: read only access prevents virDomainDefineXML", p.stderr)
        self.assertNotIn("rodom", self.env.virsh("list", "--all", "--name").stdout.split())

    def test_read_only_socket_lists(self):
        self.define("visible")
        p = self.env.virsh("list", "--all", "--name", uri=self.env.uri_ro_socket)
        self.assertEqual(p.stdout.split(), ["visible"])
        self.env.virsh("undefine", "visible")

    def test_unsupported_xml_names_the_element(self):
        path = self.env.write_file("disk.xml", domain_xml("disky", extra_devices="<disk type='file'/>"))
        p = self.env.virsh("define", path, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unsupported configuration: device <disk> is not supported by ppcvmd", p.stderr)


if __name__ == "__main__":
    main()
