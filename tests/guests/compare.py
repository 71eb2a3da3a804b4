#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs a test guest and judges it.

  compare.py qemu   ...  runs it on qemu-system-ppc64 -M pseries: the guest
                         must print PASS and power off (exit 0).  Its console
                         output is kept in --outdir as the reference.
  compare.py ppcvmd ...  runs it through tools/ppcvm-run and compares console
                         output and exit status with QEMU's run of the same
                         guest (reused from --outdir when it is of this very
                         ELF, run again otherwise).  --no-qemu: the guest uses
                         what QEMU lacks; only PASS and the exit are checked.

The promise under test: a guest built for QEMU's pseries machine runs
unchanged on ppcvmd, prints the same and exits the same way.
"""
import argparse
import difflib
import fcntl
import hashlib
import os
import subprocess
import sys

# ppcvm-run's exit codes; QEMU has only "powered off" (0) and our timeout.
EXIT_NAMES = {0: 'power-off', 1: 'load/usage error', 2: 'reboot', 3: 'os-term',
              4: 'crash', 5: 'timeout'}
EXIT_POWEROFF = 0
EXIT_TIMEOUT = 5
# How a guest may end the machine on purpose: ppcvm-run's status for it.
# QEMU, run with -no-reboot, exits 0 after each.
EXPECTED_EXITS = {'power-off': 0, 'reboot': 2, 'os-term': 3}

# QEMU's pseries; the cap-* settings only silence TCG's warnings about host
# mitigations it cannot emulate.
QEMU_MACHINE = ('pseries,cap-cfpc=broken,cap-sbbc=broken,'
                'cap-ibs=broken,cap-ccf-assist=off')


def run(cmd, stdin_data, timeout):
    """Returns (exit status, stdout, stderr); a timeout counts as EXIT_TIMEOUT."""
    try:
        p = subprocess.run(cmd, input=stdin_data, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return EXIT_TIMEOUT, e.stdout or b'', (e.stderr or b'')
    return p.returncode, p.stdout, p.stderr


def clean(out):
    """Console text without what QEMU itself might add, CRs normalised."""
    text = out.decode('utf-8', errors='replace').replace('\r\n', '\n')
    return '\n'.join(l for l in text.split('\n')
                     if not l.startswith("qemu-system-"))


def judge_guest(text):
    """The guest's own verdict: its last non-empty line is PASS or FAIL."""
    lines = [l for l in text.split('\n') if l.strip()]
    return bool(lines) and lines[-1] == 'PASS'


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def qemu_run(a):
    cmd = [a.qemu, '-M', QEMU_MACHINE, '-bios', a.rom, '-kernel', a.guest,
           '-nographic', '-no-reboot', '-m', '%dM' % a.memory, '-smp', str(a.vcpus)]
    if a.append is not None:
        cmd += ['-append', a.append]
    if a.initrd:
        cmd += ['-initrd', a.initrd]
    cmd += a.qemu_arg or []
    rc, out, err = run(cmd, a.input.encode() if a.input else b'', a.timeout)
    return rc, clean(out), err


def reference_paths(a):
    base = os.path.join(a.outdir, a.name)
    return base + '.qemu.out', base + '.qemu.key'


def qemu_reference(a):
    """QEMU's (exit, output) for this guest, cached per ELF contents + command.

    The qemu-* and ppcvmd-* tests of a guest may run at once: a lock makes
    the second wait for the first's QEMU run and reuse it."""
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, a.name + '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return qemu_reference_locked(a)


def qemu_reference_locked(a):
    out_path, key_path = reference_paths(a)
    st = os.stat(a.qemu)        # a new QEMU build means a new reference
    key = '%s %s %d %d %r %r %r %s %s %d %d\n' % (
        sha256(a.guest), sha256(a.rom), a.vcpus, a.memory, a.qemu_arg, a.input, a.append,
        sha256(a.initrd) if a.initrd else None, a.qemu, st.st_size, st.st_mtime_ns)
    if os.path.exists(key_path) and os.path.exists(out_path):
        with open(key_path) as f:
            lines = f.read().split('\n', 1)
        if len(lines) == 2 and lines[1] == key:
            with open(out_path) as f:
                return int(lines[0]), f.read()
    rc, text, err = qemu_run(a)
    if rc == EXIT_POWEROFF and judge_guest(text):
        write_atomic(out_path, text)
        write_atomic(key_path, '%d\n%s' % (rc, key))
    elif err:
        sys.stderr.write(err.decode(errors='replace'))
    return rc, text


def write_atomic(path, data):
    tmp = '%s.%d.tmp' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write(data)
    os.replace(tmp, path)


def exit_name(rc):
    return EXIT_NAMES.get(rc, 'exit %d' % rc)


def cmd_qemu(a):
    rc, text = qemu_reference(a)
    sys.stdout.write(text)
    if rc != EXIT_POWEROFF:
        print('\n*** QEMU: %s, expected a clean exit after %s' % (exit_name(rc), a.expect_exit))
        return 1
    if not judge_guest(text):
        print('\n*** QEMU: the guest did not print PASS')
        return 1
    return 0


def cmd_ppcvmd(a):
    cmd = [a.runner, '--kernel', a.guest, '--vcpus', str(a.vcpus),
           '--memory', str(a.memory), '--timeout', str(a.timeout)]
    if a.testdev:
        cmd.append('--testdev')
    if a.append is not None:
        cmd += ['--append', a.append]
    if a.initrd:
        cmd += ['--initrd', a.initrd]
    # The runner has its own --timeout; ours is the backstop.
    rc, out, err = run(cmd, a.input.encode() if a.input else b'', a.timeout + 10)
    text = clean(out)
    sys.stdout.write(text)
    if err:
        sys.stdout.write('--- ppcvm-run stderr ---\n' + err.decode(errors='replace'))
    ok = True
    if rc != EXPECTED_EXITS[a.expect_exit]:
        print('\n*** ppcvmd: %s, expected %s' % (exit_name(rc), a.expect_exit))
        ok = False
    if not judge_guest(text):
        print('\n*** ppcvmd: the guest did not print PASS')
        ok = False
    if a.no_qemu:
        return 0 if ok else 1
    qrc, qtext = qemu_reference(a)
    if qrc != EXIT_POWEROFF:
        print('*** QEMU did not exit cleanly: %s' % exit_name(qrc))
        ok = False
    if qtext != text:
        print('*** console output differs from QEMU (- QEMU, + ppcvmd):')
        sys.stdout.writelines(difflib.unified_diff(
            qtext.splitlines(True), text.splitlines(True), 'qemu', 'ppcvmd'))
        ok = False
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('mode', choices=['qemu', 'ppcvmd'])
    p.add_argument('--guest', required=True, help='guest ELF')
    p.add_argument('--name', required=True, help='name for the saved QEMU output')
    p.add_argument('--outdir', required=True)
    p.add_argument('--qemu', help='qemu-system-ppc64')
    p.add_argument('--rom', help='rom.bin for QEMU')
    p.add_argument('--qemu-arg', action='append', help='extra QEMU argument')
    p.add_argument('--runner', help='ppcvm-run')
    p.add_argument('--no-qemu', action='store_true')
    p.add_argument('--testdev', action='store_true')
    p.add_argument('--expect-exit', choices=sorted(EXPECTED_EXITS), default='power-off',
                   help='how the guest ends the machine')
    p.add_argument('--vcpus', type=int, default=1)
    p.add_argument('--memory', type=int, default=256, help='MiB')
    p.add_argument('--input', help='console input fed on stdin')
    p.add_argument('--append', help='kernel command line')
    p.add_argument('--initrd', help='initial ramdisk')
    p.add_argument('--timeout', type=int, default=30, help='seconds')
    a = p.parse_args()
    if a.mode == 'qemu' or not a.no_qemu:
        if not a.qemu or not a.rom:
            p.error('--qemu and --rom are needed')
    if a.mode == 'ppcvmd' and not a.runner:
        p.error('--runner is needed')
    return cmd_qemu(a) if a.mode == 'qemu' else cmd_ppcvmd(a)


if __name__ == '__main__':
    sys.exit(main())
