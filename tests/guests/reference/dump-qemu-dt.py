#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Prints the device tree QEMU's pseries machine hands the guest in r3, as dts.

Booted as the guest tests boot (-nographic, 256 MiB, here 2 vcpus) with a
-bios that spins at 0x100; the tree is read back from guest memory after
machine reset, so /chosen is complete (-machine dumpdtb= shows the tree
before reset, without stdout-path).  The random rng-seed is masked.

  dump-qemu-dt.py [qemu-system-ppc64] > qemu-pseries-7.2.dts
"""
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

FDT_ADDR = 0xfe00000    # QEMU 7.2: MIN(RMA size, 2 GiB) - 2 MiB with 256 MiB
FDT_MAGIC = 0xd00dfeed


def monitor(path, command):
    s = socket.socket(socket.AF_UNIX)
    for _ in range(50):
        try:
            s.connect(path)
            break
        except OSError:
            time.sleep(0.1)
    time.sleep(0.3)
    s.recv(65536)
    s.sendall(command.encode() + b'\n')
    time.sleep(0.5)
    s.sendall(b'quit\n')
    time.sleep(0.5)
    s.close()


def main():
    qemu = sys.argv[1] if len(sys.argv) > 1 else 'qemu-system-ppc64'
    with tempfile.TemporaryDirectory() as tmp:
        spin = os.path.join(tmp, 'spin.bin')
        with open(spin, 'wb') as f:
            f.write(bytes(0x100) + struct.pack('>I', 0x48000000))    # b .
        mon = os.path.join(tmp, 'mon.sock')
        p = subprocess.Popen(
            [qemu, '-M', 'pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,'
             'cap-ccf-assist=off', '-bios', spin, '-m', '256M', '-smp', '2',
             '-nographic', '-monitor', 'unix:%s,server=on,wait=off' % mon],
            cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        time.sleep(1)
        # A relative file name: the monitor would read "/..." as a division.
        monitor(mon, 'pmemsave %#x 0x20000 mem.bin' % FDT_ADDR)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        with open(os.path.join(tmp, 'mem.bin'), 'rb') as f:
            mem = f.read()
        magic, size = struct.unpack('>II', mem[:8])
        if magic != FDT_MAGIC:
            sys.exit('no device tree at %#x' % FDT_ADDR)
        dtb = os.path.join(tmp, 'fdt.dtb')
        with open(dtb, 'wb') as f:
            f.write(mem[:size])
        dts = subprocess.run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', dtb],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        version = subprocess.run([qemu, '--version'], stdout=subprocess.PIPE,
                                 text=True).stdout.split('\n')[0]
    print('/* %s -M pseries -m 256M -smp 2 -nographic:' % version)
    print(' * the tree the guest gets in r3 (tests/guests/reference/dump-qemu-dt.py). */')
    sys.stdout.write(re.sub(r'rng-seed = <[^>]*>', 'rng-seed = <(random)>', dts))


if __name__ == '__main__':
    main()
