# SPDX-License-Identifier: GPL-2.0
#
# User-space programs the simulated driver's guest tests run, included by
# the top Makefile.  Static: the guest has no libc.
#
#   build/wakeref-simuser   maps GEM objects / BOs of the sim's device nodes and
#                           touches them (real page faults), binds GPU SVM to
#                           anonymous memory and unmaps it (real invalidations);
#                           tools/mkinitramfs.sh packs it as /bin/wakeref-simuser

SIMUSER_SRCS := tests/sim/user/wakeref-simuser.c
SIMUSER_DEPS := $(SIMUSER_SRCS) tests/sim/sim_uapi.h

all: $(BUILD)/wakeref-simuser

$(BUILD)/wakeref-simuser: $(SIMUSER_DEPS) | $(BUILD)
	$(call msg,LINK,$@)
	$(Q)$(CC) -Itests/sim -D_GNU_SOURCE $(CFLAGS) $(WARNINGS) -static -o $@ $(SIMUSER_SRCS)
