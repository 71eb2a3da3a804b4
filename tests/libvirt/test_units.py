#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The systemd units: they verify, and virtppcvmd serves the sockets
socket activation passes it, the one named "-ro" read-only."""
import os
import shutil
import subprocess
import tempfile
import unittest

from lvharness import VIRTPPCVMD, LibvirtTestCase, Wire, decode_error, domain_xml, main, wait_for, xdr_string

SYSTEMD_DIR = os.environ.get("SYSTEMD_DIR", "")
SYSTEMD_BUILD_DIR = os.environ.get("SYSTEMD_BUILD_DIR", "")


def verify(units, user=False):
    """systemd-analyze verify of the units with ExecStart pointing at the build."""
    tmp = tempfile.mkdtemp(prefix="virtppcvmd-units-")
    try:
        paths = []
        for src, name in units:
            with open(src) as f:
                text = f.read()
            text = "\n".join(f"ExecStart={VIRTPPCVMD} {l.split(' ', 1)[1]}" if l.startswith("ExecStart=") else l
                             for l in text.splitlines()) + "\n"
            paths.append(os.path.join(tmp, name))
            with open(paths[-1], "w") as f:
                f.write(text)
        env = dict(os.environ)
        argv = ["systemd-analyze", "verify", "--man=no"]
        if user:
            os.makedirs(os.path.join(tmp, "xdg"), mode=0o700)
            env["XDG_RUNTIME_DIR"] = os.path.join(tmp, "xdg")
            argv.append("--user")
        return subprocess.run(argv + paths, capture_output=True, text=True, env=env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class Units(unittest.TestCase):
    def setUp(self):
        if not shutil.which("systemd-analyze") or not SYSTEMD_DIR or not SYSTEMD_BUILD_DIR:
            self.skipTest("systemd-analyze or the unit directories are missing")

    def test_system_units_verify(self):
        p = verify([(os.path.join(SYSTEMD_BUILD_DIR, "virtppcvmd.service"), "virtppcvmd.service"),
                    (os.path.join(SYSTEMD_DIR, "virtppcvmd.socket"), "virtppcvmd.socket"),
                    (os.path.join(SYSTEMD_DIR, "virtppcvmd-ro.socket"), "virtppcvmd-ro.socket")])
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_user_units_verify_under_their_installed_names(self):
        p = verify([(os.path.join(SYSTEMD_BUILD_DIR, "virtppcvmd-session.service"), "virtppcvmd.service"),
                    (os.path.join(SYSTEMD_DIR, "virtppcvmd-session.socket"), "virtppcvmd.socket"),
                    (os.path.join(SYSTEMD_DIR, "virtppcvmd-session-ro.socket"), "virtppcvmd-ro.socket")],
                   user=True)
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_socket_units_listen_where_libvirt_looks(self):
        with open(os.path.join(SYSTEMD_DIR, "virtppcvmd.socket")) as f:
            self.assertIn("ListenStream=/run/libvirt/virtppcvmd-sock\n", f.read())
        with open(os.path.join(SYSTEMD_DIR, "virtppcvmd-ro.socket")) as f:
            self.assertIn("ListenStream=/run/libvirt/virtppcvmd-sock-ro\n", f.read())
        with open(os.path.join(SYSTEMD_DIR, "virtppcvmd-session.socket")) as f:
            self.assertIn("ListenStream=%t/libvirt/virtppcvmd-sock\n", f.read())


class SocketActivation(LibvirtTestCase):
    """virtppcvmd started by systemd-socket-activate with two named sockets,
    as the two socket units pass them."""

    def setUp(self):
        super().setUp()
        if not shutil.which("systemd-socket-activate"):
            self.skipTest("systemd-socket-activate is missing")
        env = self.env
        # Fresh paths per test: the activator leaves its sockets behind.
        tag = self.id().rsplit(".", 1)[-1][-8:]
        self.rw = os.path.join(env.tmp, f"act-{tag}")
        self.ro = os.path.join(env.tmp, f"act-{tag}-ro")
        self.proc = subprocess.Popen(["systemd-socket-activate", "-l", self.rw, "-l", self.ro,
                                      "--fdname=virtppcvmd:virtppcvmd-ro",
                                      VIRTPPCVMD, "--bus", env.address],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.assertTrue(wait_for(lambda: os.path.exists(self.ro)))

    def tearDown(self):
        self.proc.terminate()
        self.proc.wait(10)
        super().tearDown()

    def define_over(self, path):
        w = Wire(path)
        self.addCleanup(w.close)
        self.assertEqual(w.handshake()[5], 0)
        w.call(11, xdr_string(domain_xml("activated")))
        return w.recv()

    def test_activated_read_only_socket_refuses_writes(self):
        reply = self.define_over(self.ro)
        self.assertEqual(decode_error(reply[6])[:2], (29, 20))

    def test_activated_read_write_socket_defines(self):
        reply = self.define_over(self.rw)
        self.assertEqual(reply[5], 0)
        self.assertEqual(self.env.state("activated"), "shutoff")
        self.env.ctl("undefine", "activated")


class SessionSocket(LibvirtTestCase):
    """ppcvm:///session as an unprivileged user: virtppcvmd --session listens
    under $XDG_RUNTIME_DIR/libvirt/, where that user's virsh looks."""
    NOBODY = 65534

    def as_nobody(self, argv, xdg):
        return ["setpriv", f"--reuid={self.NOBODY}", f"--regid={self.NOBODY}", "--clear-groups",
                "env", f"XDG_RUNTIME_DIR={xdg}", f"HOME={xdg}"] + argv

    def test_session_uri_reaches_the_users_socket(self):
        if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("virsh"):
            self.skipTest("needs root (to become another user), setpriv and virsh")
        xdg = os.path.join(self.env.tmp, "xdg-nobody")
        os.mkdir(xdg, 0o700)
        os.chown(xdg, self.NOBODY, self.NOBODY)
        d = subprocess.Popen(self.as_nobody([VIRTPPCVMD, "--session", "--bus", self.env.address], xdg),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.assertTrue(wait_for(lambda: os.path.exists(os.path.join(xdg, "libvirt", "virtppcvmd-sock-ro"))))
            p = subprocess.run(self.as_nobody(["virsh", "-c", "ppcvm:///session", "version"], xdg),
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("Running hypervisor: ppcvm ", p.stdout)
        finally:
            d.terminate()
            d.wait(10)


if __name__ == "__main__":
    main()
