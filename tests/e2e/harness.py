# SPDX-License-Identifier: LGPL-2.1-or-later
"""End-to-end test harness: a private dbus-daemon, a real ppcvmd, real clients.

Everything lives in a temporary directory and is torn down at the end; no
system service is touched.  Paths to the programs under test come from the
environment meson sets (PPCVMD, PPCVMCTL, AGENT_ELF, HELLO_ELF, OSI_HANDLER).
"""
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import ctypes

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """preexec_fn: the child gets SIGTERM when the test process dies, so a
    test killed by its timeout leaves no dbus-daemon or ppcvmd behind."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

PPCVMD = os.environ.get("PPCVMD", "")
PPCVMCTL = os.environ.get("PPCVMCTL", "")
AGENT_ELF = os.environ.get("AGENT_ELF", "")
HELLO_ELF = os.environ.get("HELLO_ELF", "")
OSI_HANDLER = os.environ.get("OSI_HANDLER", "")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
"""


def wait_for(cond, timeout=20.0, interval=0.05):
    """Polls cond() until it is true; returns its last value."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v or time.monotonic() > end:
            return v
        time.sleep(interval)


class Console:
    """`ppcvmctl console VM` with pipes: send() commands, expect() lines."""

    def __init__(self, env, name):
        self.proc = subprocess.Popen(env.ctl_argv("console", name), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buf = b""

    def send(self, data):
        self.proc.stdin.write(data.encode())
        self.proc.stdin.flush()

    def read_more(self, timeout):
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return False
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            return False
        self.buf += chunk
        return True

    def expect(self, text, timeout=30.0):
        """Waits until `text` was printed; returns all output so far."""
        end = time.monotonic() + timeout
        while text.encode() not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not self.read_more(left):
                if text.encode() in self.buf:
                    break
                raise AssertionError(f"console never printed {text!r}; it printed:\n{self.text()}")
        return self.text()

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read_more(max(0.0, end - time.monotonic()))
        return self.text()

    def text(self):
        return self.buf.decode(errors="replace")

    def count(self, prefix):
        return sum(1 for line in self.text().splitlines() if line.startswith(prefix))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


class Env:
    """A private bus and a ppcvmd on it."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="ppcvmd-e2e-")
        os.chmod(self.tmp, 0o755)
        self.state_dir = os.path.join(self.tmp, "state")
        self.socket = os.path.join(self.tmp, "bus")
        self.address = "unix:path=" + self.socket
        conf = os.path.join(self.tmp, "bus.conf")
        with open(conf, "w") as f:
            f.write(BUS_CONFIG.format(socket=self.socket))
        self.bus = subprocess.Popen(["dbus-daemon", "--config-file", conf, "--nofork", "--nopidfile"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    preexec_fn=die_with_parent)
        if not wait_for(lambda: os.path.exists(self.socket), 10):
            raise RuntimeError("dbus-daemon did not start")
        os.chmod(self.socket, 0o777)
        self.daemon = None
        self.daemon_log = os.path.join(self.tmp, "ppcvmd.log")
        self.start_daemon()

    def start_daemon(self):
        log = open(self.daemon_log, "a")
        self.daemon = subprocess.Popen([PPCVMD, "--bus", self.address, "--state-dir", self.state_dir],
                                       stdout=log, stderr=log, preexec_fn=die_with_parent)
        log.close()
        ok = wait_for(lambda: self.daemon.poll() is not None or
                      self.ctl("list", check=False).returncode == 0, 20)
        if self.daemon.poll() is not None or not ok:
            raise RuntimeError("ppcvmd did not come up:\n" + self.log())

    def stop_daemon(self, sig=signal.SIGTERM):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(sig)
            try:
                self.daemon.wait(30)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
        rc = self.daemon.returncode if self.daemon else None
        self.daemon = None
        return rc

    def log(self):
        try:
            with open(self.daemon_log) as f:
                return f.read()
        except OSError:
            return ""

    def ctl_argv(self, *args):
        return [PPCVMCTL, "--bus", self.address] + [str(a) for a in args]

    def ctl(self, *args, check=True, input=None, timeout=120, user=None):
        argv = self.ctl_argv(*args)
        if user is not None:
            argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + argv
        p = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError(f"ppcvmctl {' '.join(map(str, args))} failed ({p.returncode}):\n"
                                 f"{p.stdout}{p.stderr}\n--- ppcvmd log ---\n{self.log()}")
        return p

    def busctl(self, *args, check=True):
        p = subprocess.run(["busctl", "--address", self.address] + [str(a) for a in args],
                           capture_output=True, text=True, timeout=60)
        if check and p.returncode != 0:
            raise AssertionError(f"busctl {' '.join(map(str, args))} failed:\n{p.stderr}")
        return p

    def definition(self, name, kernel=None, **extra):
        d = {"name": name, "memory_mib": 64, "vcpus": 1, "backend": "emu",
             "kernel": kernel or AGENT_ELF}
        d.update(extra)
        return d

    def write_json(self, obj, name="def.json"):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(obj if isinstance(obj, str) else json.dumps(obj))
        os.chmod(path, 0o644)
        return path

    def define(self, name, **extra):
        return self.ctl("define", self.write_json(self.definition(name, **extra), name + ".json"))

    def info(self, name):
        return json.loads(self.ctl_json("info", name))

    def state(self, name):
        return self.info(name)["State"]

    def ctl_json(self, *args):
        return self.ctl("--json", *args, timeout=60).stdout

    def daemon_pid(self):
        return self.daemon.pid

    def close(self):
        self.stop_daemon()
        if self.bus.poll() is None:
            self.bus.terminate()
            self.bus.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


class E2ETestCase(unittest.TestCase):
    def setUp(self):
        for p in (PPCVMD, PPCVMCTL, AGENT_ELF):
            if not p or not os.path.exists(p):
                self.skipTest(f"missing {p!r}")
        self.env = Env()
        self.consoles = []

    def tearDown(self):
        for c in self.consoles:
            c.close()
        failed = any(e for _, e in getattr(self._outcome, "errors", []) if e) if hasattr(self, "_outcome") else False
        if failed:
            print("--- ppcvmd log ---\n" + self.env.log())
        self.env.close()

    def console(self, name):
        c = Console(self.env, name)
        self.consoles.append(c)
        return c


def main():
    unittest.main(verbosity=2)
