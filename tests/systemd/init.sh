#!/bin/sh
# shellcheck shell=dash
# init.sh: /init of the systemd guest's initramfs (busybox sh), installed by
# tools/systemd-test.sh.  The kernel's virtio_blk and ext4 are modules: load
# them (/lib/modules/order, in modprobe's order), mount the root image
# (/dev/vda, read-write: qemu keeps its writes in a snapshot) on /newroot,
# copy the run's files into it, and hand over to Debian's systemd as PID 1:
#   /payload/*   -> /usr/local/lib/wakeref-test/  (the package, the sim, run.sh)
#   /payload/wakeref-systemd-test.service -> /etc/systemd/system/, wanted by
#                multi-user.target: systemd runs run.sh once it is up
# Markers on the console for tools/systemd-test.sh: "@@ GUEST UP KVER".
# Anything that goes wrong here ends in poweroff, with the reason said.
export PATH=/bin

die() {
	echo "@@ INITRAMFS-FAILED $*"
	poweroff -f
	exit 1
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "@@ GUEST UP $(uname -r)"
for m in $(cat /lib/modules/order); do
	insmod "/lib/modules/$m" || die "insmod $m failed"
done
i=0
until [ -b /dev/vda ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || die "no /dev/vda after 10 s"
	usleep 100000
done
mkdir -p /newroot
mount -t ext4 -o rw /dev/vda /newroot || die "cannot mount /dev/vda"
[ -x /newroot/lib/systemd/systemd ] || die "no /lib/systemd/systemd in the root image"
dest=/newroot/usr/local/lib/wakeref-test
mkdir -p "$dest" && chmod 700 "$dest" && cp -a /payload/. "$dest/" || die "cannot copy the payload"
units=/newroot/etc/systemd/system
cp "$dest/wakeref-systemd-test.service" "$units/" &&
	mkdir -p "$units/multi-user.target.wants" &&
	ln -sf ../wakeref-systemd-test.service "$units/multi-user.target.wants/" ||
	die "cannot install the test's unit"
umount /proc /sys
umount /dev 2>/dev/null
exec switch_root /newroot /lib/systemd/systemd
