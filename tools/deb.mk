# SPDX-License-Identifier: GPL-2.0
#
# make deb        build/deb/wakeref_VERSION_amd64.deb, from tools/debian/ (tools/deb-build.sh),
#                 lintian-clean of errors
# make deb-check  its contents and maintainer scripts checked, and an install,
#                 purge and reinstall in a throwaway root (tools/deb-check.sh)
#
# The tools only these need are installed here, not by make deps.

DEB_BUILD_PKGS := dpkg-dev debhelper lintian fakeroot

.PHONY: deb deb-check
deb: deps-check
	@tools/install-deps.sh $(DEB_BUILD_PKGS)
	$(call msg,DEB,$(BUILD)/deb)
	@tools/deb-build.sh $(BUILD)/deb

deb-check: deb
	@tools/deb-check.sh $(BUILD)/deb
