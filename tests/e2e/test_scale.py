#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""50 VMs at once, then none: no thread or file descriptor left behind."""
import json
import os

from harness import E2ETestCase, main, wait_for

COUNT = 50


def threads(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


class Scale(E2ETestCase):
    def test_fifty_vms_leave_no_threads_or_fds(self):
        env = self.env
        pid = env.daemon_pid()
        base_threads, base_fds = threads(pid), fds(pid)
        for i in range(COUNT):
            env.ctl("create", env.write_json(env.definition(f"vm{i:02d}", memory_mib=32), f"vm{i}.json"))
        listing = json.loads(env.ctl_json("list"))
        self.assertEqual(len(listing), COUNT)
        self.assertTrue(all(v["state"] == "running" for v in listing))
        self.assertGreaterEqual(threads(pid), base_threads + COUNT, "one thread per vcpu")
        for i in range(COUNT):
            env.ctl("destroy", f"vm{i:02d}")
        self.assertEqual(json.loads(env.ctl_json("list")), [])
        self.assertTrue(wait_for(lambda: threads(pid) == base_threads, 10),
                        f"threads: {threads(pid)} now, {base_threads} before")
        self.assertEqual(fds(pid), base_fds)


if __name__ == "__main__":
    main()
