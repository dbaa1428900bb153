# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall [PREFIX=/usr/local] [DESTDIR=]
#
#   $(SBINDIR)/wakeref                        the static binary
#   $(MANDIR)/man8/wakeref.8                  the man page
#   $(BASHCOMPDIR)/wakeref                    bash completion
#   $(UNITDIR)/wakeref.service                the systemd unit, its ExecStart=
#                                             naming $(SBINDIR)/wakeref
#   $(DATADIR)/wakeref/allowlist.default      the allowlist built into the binary,
#                                             a start for --allowlist FILE
#
# Nothing is enabled or started: `systemctl enable --now wakeref` does that.
# UNITDIR defaults to $(PREFIX)/lib/systemd/system, which systemd reads for
# PREFIX=/usr/local too; the Debian package sets it to /lib/systemd/system.

PREFIX      ?= /usr/local
SBINDIR     ?= $(PREFIX)/sbin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
UNITDIR     ?= $(PREFIX)/lib/systemd/system
INSTALL     ?= install

# The unit in tools/ names /usr/local/sbin/wakeref; installed, it names
# where the binary went.
UNIT_BIN_DEFAULT := /usr/local/sbin/wakeref

INSTALLED := $(SBINDIR)/wakeref $(MANDIR)/man8/wakeref.8 $(BASHCOMPDIR)/wakeref \
	     $(UNITDIR)/wakeref.service $(DATADIR)/wakeref/allowlist.default

.PHONY: install uninstall
install: $(BUILD)/wakeref
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)grep -q '^ExecStart=$(UNIT_BIN_DEFAULT) ' tools/wakeref.service || \
		{ echo "tools/wakeref.service: no 'ExecStart=$(UNIT_BIN_DEFAULT) ...' line to point at $(SBINDIR)/wakeref; fix the unit or tools/install.mk" >&2; exit 1; }
	$(Q)$(INSTALL) -D -m 0755 $(BUILD)/wakeref $(DESTDIR)$(SBINDIR)/wakeref
	$(Q)$(INSTALL) -D -m 0644 tools/wakeref.8 $(DESTDIR)$(MANDIR)/man8/wakeref.8
	$(Q)$(INSTALL) -D -m 0644 tools/wakeref.bash-completion $(DESTDIR)$(BASHCOMPDIR)/wakeref
	$(Q)$(INSTALL) -d -m 0755 $(DESTDIR)$(UNITDIR)
	$(Q)sed 's#^ExecStart=$(UNIT_BIN_DEFAULT) #ExecStart=$(SBINDIR)/wakeref #' \
		tools/wakeref.service > $(DESTDIR)$(UNITDIR)/wakeref.service.tmp
	$(Q)chmod 0644 $(DESTDIR)$(UNITDIR)/wakeref.service.tmp
	$(Q)mv $(DESTDIR)$(UNITDIR)/wakeref.service.tmp $(DESTDIR)$(UNITDIR)/wakeref.service
	$(Q)$(INSTALL) -D -m 0644 userspace/model/allowlist.default \
		$(DESTDIR)$(DATADIR)/wakeref/allowlist.default

# Removes exactly what install put there, and the directory of the
# allowlist if it is left empty.  Run `systemctl disable --now wakeref` and
# `wakeref daemon --detach` first if the service ran.
uninstall:
	$(call msg,UNINST,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	$(Q)rmdir $(DESTDIR)$(DATADIR)/wakeref 2>/dev/null || true
