#!/bin/sh
# /init of the Linux boot test: a few real things a user would do, each
# printed so the test can check it, then a clean power-off.
/bin/busybox --install -s /bin
# The kernel's orderly power-off (the EPOW event of ppcvmctl shutdown) runs
# /sbin/poweroff; busybox's would only signal init, which a script ignores.
printf '#!/bin/sh\nexec /bin/busybox poweroff -f\n' > /sbin/poweroff
chmod 755 /sbin/poweroff
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "PPCVMD-INIT-START"
echo "cpus: $(grep -c '^processor' /proc/cpuinfo)"
grep -m1 '^cpu' /proc/cpuinfo
grep -m1 '^platform' /proc/cpuinfo
grep -m1 '^MMU' /proc/cpuinfo
uname -m
echo "year: $(date -u +%Y)"
echo "sum: $(i=0; s=0; while [ $i -le 100 ]; do s=$((s + i)); i=$((i + 1)); done; echo $s)"
echo "sorted: $(printf '3\n1\n2\n' | sort | tr '\n' ' ')"
echo hello > /tmp/f && echo "file: $(cat /tmp/f)"
echo "PPCVMD-INIT-DONE"
# ppcvmd.shell=1 on the kernel command line: an interactive shell on the
# console (ppcvmctl console) first; leaving it powers the guest off.
if grep -q 'ppcvmd.shell=1' /proc/cmdline; then
        echo "PPCVMD-SHELL (exit powers off)"
        setsid cttyhack sh -l
fi
poweroff -f
