# SPDX-License-Identifier: GPL-2.0
#
# Tests against Debian's real i915, xe and drm_gpusvm_helper modules
# (tools/realtest.sh, tests/guest-real/): the modules load without a GPU, and
# every program the attach plan selects must pass the verifier, resolve its
# CO-RE relocations against the real structs and attach, in each driver's
# own module, at fentry/fexit and through the kprobe fallbacks.
#
#   make realtest [KERNELS="6.1 6.12 6.18 7.x"] [TESTS="10-i915"]
#
# KERNELS defaults to all four here (7.x: the newest 7.Y in the mirror's
# trixie-backports/sid/experimental; 6.18: the newest 6.18.Z there).  Each
# kernel costs its download once (cached in ~/.cache/wakeref) and one guest
# boot; see tools/realtest.sh.
#
# `make test` runs the real-driver tests of REAL_TEST_KERNELS too (measured
# on the 2-core machine, cold, with other guests running beside: about 2.4
# min for 6.12, whose packages the simulated driver's tests already download,
# and 3.2 min for 7.x, 20 s of it the download): 6.12, the kernel most
# machines run.  The 6.13+ ABI on 7.x (intel_wakeref_t a struct ref_tracker *
# that i915's BTF only declares, the 6.19+ display ops) is in make test
# through the simulated driver's whole suite on 7.x; the real 7.x modules
# (xe with drm_gpusvm_helper, the split 7.x packages) are `make realtest`'s,
# as make test has no time left for them (README "Tests").

REAL_TEST_KERNELS ?= 6.12
REALTEST_KERNELS := $(if $(filter command line environment,$(origin KERNELS)),$(KERNELS),6.1 6.12 6.18 7.x)

# With no TESTS, also the simulated driver's tests that make test leaves out
# for time (tests/guest/release-only), on 7.x when 7.x is asked for.
REALTEST_RELEASE := $(if $(TESTS),,$(filter 7.x,$(REALTEST_KERNELS)))

.PHONY: realtest
realtest: deps-check all
	@KERNELS= SPECIFIC_KERNELS= REAL_KERNELS="$(REALTEST_KERNELS)" \
		RELEASE_KERNELS="$(REALTEST_RELEASE)" tools/run-tests.sh $(TESTS)

test: export REAL_KERNELS = $(REAL_TEST_KERNELS)
