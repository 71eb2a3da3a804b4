# SPDX-License-Identifier: LGPL-2.1-or-later
"""libvirt-client tests: the e2e harness (private bus, real ppcvmd) plus a
real virtppcvmd on a private socket, and helpers to drive virsh, raw RPC
frames and domain XML.  Runs under Debian's /usr/bin/python3 so that
python3-libvirt is importable."""
import os
import select
import socket
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness  # noqa: E402
from harness import wait_for  # noqa: E402,F401

VIRTPPCVMD = os.environ.get("VIRTPPCVMD", "")
AGENT_ELF = harness.AGENT_ELF
HELLO_ELF = harness.HELLO_ELF
NS = "http://ppcvm.org/schemas/libvirt/domain/1.0"

REMOTE_PROGRAM = 0x20008086
KEEPALIVE_PROGRAM = 0x6B656570


def domain_xml(name, kernel=None, memory="64", unit="MiB", extra_devices="", extra=""):
    return f"""<domain type='ppcvm' xmlns:ppcvm='{NS}'>
  <name>{name}</name>
  <memory unit='{unit}'>{memory}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='ppc64' machine='pseries'>hvm</type>
    <kernel>{kernel or AGENT_ELF}</kernel>
    <cmdline>console=hvc0</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <console type='pty'/>{extra_devices}
  </devices>{extra}
  <ppcvm:settings>
    <ppcvm:backend>emu</ppcvm:backend>
  </ppcvm:settings>
</domain>
"""


class LibvirtEnv(harness.Env):
    """A private bus, ppcvmd, and virtppcvmd listening on SOCK and SOCK-ro."""

    def __init__(self):
        super().__init__()
        self.lv_socket = os.path.join(self.tmp, "virtppcvmd-sock")
        self.lv_socket_ro = self.lv_socket + "-ro"
        self.uri = f"ppcvm+unix:///system?socket={self.lv_socket}"
        self.uri_ro_socket = f"ppcvm+unix:///system?socket={self.lv_socket_ro}"
        self.lv_log = os.path.join(self.tmp, "virtppcvmd.log")
        self.virtd = None
        self.start_virtd()

    def start_virtd(self):
        log = open(self.lv_log, "a")
        # VIRTPPCVMD_WRAPPER="valgrind --error-exitcode=99 ..." runs it under a checker.
        wrapper = os.environ.get("VIRTPPCVMD_WRAPPER", "").split()
        self.virtd = subprocess.Popen(wrapper + [VIRTPPCVMD, "--socket", self.lv_socket, "--bus", self.address],
                                      stdout=log, stderr=log)
        log.close()
        if not wait_for(lambda: self.virtd.poll() is not None or os.path.exists(self.lv_socket_ro), 60) \
                or self.virtd.poll() is not None:
            raise RuntimeError("virtppcvmd did not come up:\n" + self.virtd_log())

    def virtd_log(self):
        try:
            with open(self.lv_log) as f:
                return f.read()
        except OSError:
            return ""

    def virsh(self, *args, check=True, readonly=False, uri=None, input=None, timeout=60):
        argv = ["virsh"] + (["-r"] if readonly else []) + ["-c", uri or self.uri] + [str(a) for a in args]
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, input=input,
                           env=dict(os.environ, LC_ALL="C"))
        if check and p.returncode != 0:
            raise AssertionError(f"virsh {' '.join(map(str, args))} failed ({p.returncode}):\n"
                                 f"{p.stdout}{p.stderr}\n--- virtppcvmd log ---\n{self.virtd_log()}")
        return p

    def write_file(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def close(self):
        if self.virtd and self.virtd.poll() is None:
            self.virtd.terminate()
            try:
                self.virtd.wait(60)
            except subprocess.TimeoutExpired:
                self.virtd.kill()
                self.virtd.wait()
        super().close()


class VirshConsole:
    """`virsh console` under script(1), which gives it the pty it wants."""

    def __init__(self, env, name):
        cmd = f"virsh -c '{env.uri}' console {name}"
        self.proc = subprocess.Popen(["script", "-qfec", cmd, "/dev/null"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.buf = b""

    def expect(self, text, timeout=30.0):
        end = time.monotonic() + timeout
        while text.encode() not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"console never printed {text!r}; it printed:\n{self.text()}")
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    if text.encode() in self.buf:
                        break
                    raise AssertionError(f"console ended before {text!r}; it printed:\n{self.text()}")
                self.buf += chunk
        return self.text()

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def text(self):
        return self.buf.decode(errors="replace")

    def wait(self, timeout=20):
        try:
            return self.proc.wait(timeout)
        finally:
            rest = self.proc.stdout.read()
            if rest:
                self.buf += rest

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


class Wire:
    """A raw protocol connection, for what stock clients never send."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(10)
        self.serial = 0

    @staticmethod
    def frame(prog, vers, proc, mtype, serial, status, payload=b""):
        return struct.pack(">IIIiIII", 28 + len(payload), prog, vers, proc, mtype, serial, status) + payload

    def send_raw(self, data):
        self.sock.sendall(data)

    def call(self, proc, payload=b"", send=True):
        serial = self.serial
        self.serial += 1
        if send:
            self.send_raw(self.frame(REMOTE_PROGRAM, 1, proc, 0, serial, 0, payload))
        return serial

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("connection closed")
            data += chunk
        return data

    def recv(self):
        """The next frame: (prog, vers, proc, type, serial, status, payload)."""
        (length,) = struct.unpack(">I", self.recv_exact(4))
        body = self.recv_exact(length - 4)
        return struct.unpack(">IIiIII", body[:24]) + (body[24:],)

    def closed_by_peer(self, timeout=5):
        """True when the server closed the connection (EOF or reset)."""
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def handshake(self, uri="ppcvm:///system", flags=0):
        self.call(66)
        assert self.recv()[5] == 0
        self.call(1, xdr_opt_string(uri) + struct.pack(">I", flags))
        return self.recv()

    def close(self):
        self.sock.close()


def xdr_string(s):
    b = s.encode()
    return struct.pack(">I", len(b)) + b + b"\0" * (-len(b) % 4)


def xdr_opt_string(s):
    return struct.pack(">I", 0) if s is None else struct.pack(">I", 1) + xdr_string(s)


def decode_error(payload):
    """remote_error -> (code, domain, message)."""
    code, domain, present = struct.unpack(">iiI", payload[:12])
    message = None
    if present:
        (n,) = struct.unpack(">I", payload[12:16])
        message = payload[16:16 + n].decode()
    return code, domain, message


class LibvirtTestCase(unittest.TestCase):
    """One environment per test class: starting ppcvmd and virtppcvmd for
    every test would dominate the suite's time.  Tests use distinct VM names."""

    @classmethod
    def setUpClass(cls):
        for p in (harness.PPCVMD, harness.PPCVMCTL, AGENT_ELF, VIRTPPCVMD):
            if not p or not os.path.exists(p):
                raise unittest.SkipTest(f"missing {p!r}")
        cls.env = LibvirtEnv()

    @classmethod
    def tearDownClass(cls):
        cls.env.close()

    def setUp(self):
        self.cleanups_consoles = []

    def tearDown(self):
        for c in self.cleanups_consoles:
            c.close()
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and any(e for _, e in getattr(outcome, "errors", []) if e):
            print("--- virtppcvmd log ---\n" + self.env.virtd_log())
            print("--- ppcvmd log ---\n" + self.env.log())

    def console(self, name):
        c = VirshConsole(self.env, name)
        self.cleanups_consoles.append(c)
        return c


def main():
    unittest.main(verbosity=2)
