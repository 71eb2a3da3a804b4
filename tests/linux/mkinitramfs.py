#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Builds a gzip'd newc initramfs around a static busybox.

    mkinitramfs.py BUSYBOX INIT_SCRIPT OUTPUT [EXTRA_FILE=/path/in/initramfs ...]

The archive holds /bin/busybox, one symlink per applet the init script needs
(busybox --install runs at boot instead), /init (the script) and the usual
empty directories.  No root rights, no cpio program needed.
"""
import gzip
import os
import stat
import sys


class Newc:
    def __init__(self, out):
        self.out = out
        self.ino = 1

    def entry(self, name, mode, data=b"", nlink=1):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name_b), 0))
        self.ino += 1
        self.out.write(hdr.encode() + name_b)
        self.out.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
        self.out.write(data)
        self.out.write(b"\0" * ((4 - len(data) % 4) % 4))

    def dir(self, name):
        self.entry(name, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, name, data, mode=0o755):
        self.entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self.entry(name, stat.S_IFLNK | 0o777, target.encode())

    def trailer(self):
        self.entry("TRAILER!!!", 0)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    busybox, init, output = sys.argv[1:4]
    extras = [a.split("=", 1) for a in sys.argv[4:]]
    with open(busybox, "rb") as f:
        bb = f.read()
    with open(init, "rb") as f:
        init_data = f.read()
    with gzip.open(output, "wb", compresslevel=6) as gz:
        a = Newc(gz)
        for d in ("bin", "sbin", "dev", "proc", "sys", "tmp", "etc", "root", "usr", "usr/bin"):
            a.dir(d)
        a.file("bin/busybox", bb)
        a.symlink("bin/sh", "busybox")
        a.file("init", init_data)
        for src, dst in extras:
            with open(src, "rb") as f:
                a.file(dst.lstrip("/"), f.read())
        a.trailer()


if __name__ == "__main__":
    main()
