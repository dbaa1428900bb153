# SPDX-License-Identifier: GPL-2.0
#
# make systemd-test [KERNEL=6.12]: the Debian package (make deb) installed
# and run as a service under Debian's systemd as PID 1, in a QEMU guest
# booted from a root file system made of Debian's packages (cached in
# ~/.cache/wakeref/systemd-root); tools/systemd-test.sh, tests/systemd/.
# Ends with "N passed, N failed".  Not part of make test (README "Tests":
# the time budget).

.PHONY: systemd-test
systemd-test: deps-check all deb
	@tools/systemd-test.sh --kernel $(KERNEL)
