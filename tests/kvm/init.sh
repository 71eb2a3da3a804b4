#!/bin/busybox sh
# /init of the kvm suite's initramfs: load KVM, run kvm-check and the test
# guests on /dev/kvm, mark every section for the host (run-nested.py), power off.
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in kvm kvm-hv kvm-pr; do
        [ -f /lib/$m.ko ] || continue
        if insmod /lib/$m.ko 2>/tmp/insmod.err; then echo "=== INSMOD $m ok"; else echo "=== INSMOD $m failed: $(cat /tmp/insmod.err)"; fi
done
args=$(cat /kvm-args)
echo "=== KVMCHECK BEGIN"
/bin/kvm-check $args
echo "=== KVMCHECK END rc=$?"
while read -r name opts; do
        echo "=== GUEST $name BEGIN"
        /bin/ppcvm-run --kernel /guests/$name.elf --backend kvm --timeout 10 $opts </dev/null 2>&1
        echo "=== GUEST $name END rc=$?"
done < /guests/list
# Each guest booted several times in one machine (reset, start again).
runs=$(cat /rerun-count 2>/dev/null || echo 3)
rerun_args=$(cat /rerun-args 2>/dev/null)
while read -r name opts; do
        [ -n "$name" ] || continue
        echo "=== RERUN $name BEGIN"
        /bin/kvm-rerun --kernel /guests/$name.elf --backend kvm --runs "$runs" --timeout 10 $rerun_args $opts </dev/null 2>&1
        echo "=== RERUN $name END rc=$?"
done < /guests/rerun-list
echo "=== ALL DONE"
poweroff -f
