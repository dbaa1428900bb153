# SPDX-License-Identifier: GPL-2.0
#
# wakeref build.  Everything produced goes under $(BUILD).  V=1 shows the
# full commands.
#
#   make             BPF objects, skeleton, static build/wakeref
#   make deps        install the Debian packages the build and the guest tests need
#   make unit        host unit tests (no guest)
#   make vmtest KERNEL=6.12 [TESTS="leak balanced"]   guest tests on one kernel
#                    (6.1, 6.12, 6.18, 7.x: the newest 7.Y; tools/kernel-fetch.sh)
#   make test        unit tests, the guest suite on the newest 7.x, its
#                    kernel-specific tests on 6.1 and 6.12 (what CI runs)
#   make scenario SCN=FILE [KERNEL=6.12]   one scenario against the oracle
#   make demo        boot a guest, load the simulated driver, catch a leak live
#   make bench       overhead, throughput, memory (one guest run; not in make test)
#   make install     [PREFIX=/usr/local] [DESTDIR=]; make uninstall (tools/install.mk)
#   make metrics-check  the daemon's metrics through promtool (tools/metrics.mk)
#   make deb         the Debian package in build/deb (tools/deb.mk); make deb-check tests it
#   make systemd-test  the package under Debian's systemd as PID 1, in a guest (tools/systemd.mk)
#   make clean

BUILD     ?= build
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
KERNEL    ?= 6.12
# make test: the whole guest suite on KERNELS, tests/guest/kernel-specific on
# SPECIFIC_KERNELS (README "Tests": the time budget and what runs where)
KERNELS   ?= 7.x
SPECIFIC_KERNELS ?= 6.1 6.12

ifeq ($(V),1)
Q =
msg = @true
else
Q = @
msg = @printf '  %-8s %s\n' $(1) $(2)
endif

CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
CPPFLAGS  := -Iinclude -Iuserspace -I$(BUILD) -D_GNU_SOURCE
LDLIBS    := -lbpf -lelf -llzma -lz -lzstd
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Iinclude -Ibpf -Wall -Wno-missing-declarations

# Frontend sources: the program itself (main.c, the cmd/ subcommands, the
# tracer's files that include the BPF skeleton), and the rest, which the
# unit tests link too: cmd/cli_parse.c among them, the command line's parsers,
# cmd/client.c, the daemon's clients, and daemon/server.c, control.c,
# request.c, metrics.c and dump.c, the daemon's sockets, files and dumps.
SKEL_SRCS := $(addprefix userspace/attach/,tracer.c tracer_pin.c programs.c split_load.c attach.c \
	     attach_multi.c tracer_unwind.c pmstate.c tailcall.c leakpath.c uf_listed.c)
APP_SRCS  := $(filter-out userspace/cmd/cli_parse.c userspace/cmd/client.c \
				userspace/daemon/server.c \
				userspace/daemon/metrics.c userspace/daemon/request.c \
				userspace/daemon/dump.c \
				userspace/daemon/control.c, \
	       $(wildcard userspace/cmd/*.c userspace/daemon/*.c userspace/session/*.c)) \
	     $(SKEL_SRCS)
LIB_SRCS  := $(filter-out $(APP_SRCS),$(wildcard userspace/*/*.c))
LIB_OBJS  := $(LIB_SRCS:userspace/%.c=$(BUILD)/obj/%.o)
APP_OBJS  := $(APP_SRCS:userspace/%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
HEADERS   := $(wildcard include/*.h userspace/*/*.h)

# The Debian packages behind every tool this tree uses (build + guest tests).
DEB_PKGS  := clang llvm libclang-rt-14-dev bpftool libbpf-dev libelf-dev zlib1g-dev libzstd-dev gcc make \
	     liblzma-dev qemu-system-x86 busybox-static dwarves kmod cpio xz-utils zstd bc \
	     python3
DEB_TOOLS := clang llvm-strip bpftool pahole qemu-system-x86_64 busybox depmod cpio xz zstd bc \
	     python3

.PHONY: all deps unit vmtest test demo clean fuzz bench-host bench bench-stop core-check
all: $(BUILD)/wakeref

# the build roots of kernels newer than the host's (tools/buildroot.sh)
DEB_PKGS  += mmdebstrap
DEB_TOOLS += mmdebstrap

deps:
	@tools/install-deps.sh $(DEB_PKGS)

# Called by the test and demo targets: install only when something is missing.
deps-check:
	@missing=; for t in $(DEB_TOOLS); do command -v $$t >/dev/null || missing=1; done; \
	 [ -f /usr/include/bpf/libbpf.h ] && [ -f /usr/lib/x86_64-linux-gnu/libelf.a ] && \
	 [ -f /usr/lib/x86_64-linux-gnu/liblzma.a ] || missing=1; \
	 [ -z "$$missing" ] || tools/install-deps.sh $(DEB_PKGS)

# One BPF object file per feature (owners, userfault, SVM), linked into one
# object and one skeleton: the per-hook counters are shared (wr_common.bpf.h).
# wakeref.bpf.c first: it defines the shared counters the others declare
# extern, and libbpf 1.1's linker cannot resolve an extern map defined in a
# later object ("map relo failed to find map for section '.maps'").
BPF_SRCS := bpf/wakeref.bpf.c $(filter-out bpf/wakeref.bpf.c bpf/pmstate.bpf.c bpf/leakpath.bpf.c, \
	    $(wildcard bpf/*.bpf.c))
BPF_OBJS := $(BPF_SRCS:bpf/%.bpf.c=$(BUILD)/bpf/%.bpf.o)

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c bpf/vmlinux.h $(wildcard bpf/*.h) $(wildcard include/*.h)
	@mkdir -p $(BUILD)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/wakeref.bpf.o: $(BPF_OBJS) | $(BUILD)
	$(call msg,BPFLINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $(BPF_OBJS)

$(BUILD)/wakeref.skel.h: $(BUILD)/wakeref.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name wakeref_bpf > $@.tmp && mv $@.tmp $@

# Kernels before 6.2 have no bpf_rdonly_cast(): the same object, built to
# read stacks with bpf_probe_read_kernel().  tracer.c opens it through
# wakeref_bpf's skeleton, so both skeletons must agree on everything but
# their name and their bytes (maps, programs, variables): checked here.
PR_OBJS := $(BUILD)/bpf/wakeref_pr.bpf.o $(filter-out $(BUILD)/bpf/wakeref.bpf.o,$(BPF_OBJS))

$(BUILD)/bpf/wakeref_pr.bpf.o: bpf/wakeref.bpf.c bpf/vmlinux.h $(wildcard bpf/*.h) $(wildcard include/*.h)
	@mkdir -p $(BUILD)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DWR_STACK_PROBE_READ -c $< -o $@

$(BUILD)/wakeref_pr.bpf.o: $(PR_OBJS) | $(BUILD)
	$(call msg,BPFLINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $(PR_OBJS)

$(BUILD)/wakeref_pr.skel.h: $(BUILD)/wakeref_pr.bpf.o $(BUILD)/wakeref.skel.h
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name wakeref_pr_bpf > $@.tmp
	$(Q)sed '/__elf_bytes(size_t \*sz)$$/,$$d' $(BUILD)/wakeref.skel.h > $@.a
	$(Q)sed -e 's/wakeref_pr_bpf/wakeref_bpf/g; s/WAKEREF_PR_BPF/WAKEREF_BPF/g' \
		-e '/__elf_bytes(size_t \*sz)$$/,$$d' $@.tmp > $@.b
	$(Q)cmp -s $@.a $@.b || { diff $@.a $@.b | head -20; \
		echo "$@: the two BPF objects differ in layout" >&2; rm -f $@.tmp; exit 1; }
	$(Q)rm -f $@.a $@.b && mv $@.tmp $@

$(BUILD)/obj/%.o: userspace/%.c $(HEADERS) | $(BUILD)/obj
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -c $< -o $@

$(SKEL_SRCS:userspace/%.c=$(BUILD)/obj/%.o): $(BUILD)/wakeref.skel.h $(BUILD)/wakeref_pr.skel.h \
	$(BUILD)/pmstate.skel.h $(BUILD)/leakpath.skel.h

# The state read on demand (bpf/pmstate.bpf.c): its own small object, loaded
# before and apart from the tracer; it reads no stack, so one build serves 6.1.
$(BUILD)/pmstate.skel.h: $(BUILD)/bpf/pmstate.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name pmstate_bpf > $@.tmp && mv $@.tmp $@
# `--explain FUNC` (bpf/leakpath.bpf.c): its own object too, loaded per run
# against FUNC and its callees, with or without the tracer.
$(BUILD)/leakpath.skel.h: $(BUILD)/bpf/leakpath.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name leakpath_bpf > $@.tmp && mv $@.tmp $@
# the hook table checked against both BPF objects, opened from the skeletons
$(BUILD)/unit/test_hooks: $(BUILD)/wakeref.skel.h $(BUILD)/wakeref_pr.skel.h
$(BUILD)/obj/model/allowlist.o: $(BUILD)/allowlist_default.h
$(BUILD)/unit/test_leakpath: $(BUILD)/leakpath.skel.h
# runs the program itself with bad input
$(BUILD)/unit/test_cmdline: $(BUILD)/wakeref

# The default allowlist is a documented text file, built into the binary.
$(BUILD)/allowlist_default.h: userspace/model/allowlist.default | $(BUILD)
	$(call msg,GEN,$@)
	$(Q){ echo 'static const char allowlist_default[] ='; \
	      sed 's/\\/\\\\/g; s/"/\\"/g; s/^/\t"/; s/$$/\\n"/' $<; echo ';'; } > $@

# Static, so that the one file runs anywhere (a test machine, the guest's
# initramfs).  The Debian package links against Debian's libraries instead
# (LINK_STATIC=, tools/debian/rules), so that their security updates apply.
LINK_STATIC ?= -static

$(BUILD)/wakeref: $(LIB_OBJS) $(APP_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(LINK_STATIC) -o $@ $^ $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_OBJS) | $(BUILD)/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(UNIT_CPPFLAGS) -Itests/unit $(CFLAGS) $(WARNINGS) -o $@ $< \
		$(UNIT_OBJS) $(LIB_OBJS) $(LDLIBS)

# The call-graph reader's fixture: a relocatable object shaped like a module
# (gcc -O2: sibling calls on, so tail calls are jmps), and its xz and zstd
# copies, as Debian ships modules.
CG_FIXTURE := $(BUILD)/unit/callgraph_fixture.o
CG_FIXTURES := $(CG_FIXTURE) $(CG_FIXTURE).xz $(CG_FIXTURE).zst

$(CG_FIXTURE): tests/unit/fixtures/callgraph_fixture.c | $(BUILD)/unit
	$(call msg,CC,$@)
	$(Q)gcc -O2 -c -fno-pic -o $@ $<

$(CG_FIXTURE).xz: $(CG_FIXTURE)
	$(Q)xz -c $< > $@.tmp && mv $@.tmp $@

$(CG_FIXTURE).zst: $(CG_FIXTURE)
	$(Q)zstd -q -c $< > $@.tmp && mv $@.tmp $@

$(BUILD)/unit/test_callgraph: $(CG_FIXTURES)
$(BUILD)/unit/test_callgraph: UNIT_CPPFLAGS = -DCG_FIXTURE='"$(CG_FIXTURE)"'

# The daemon's metrics writer, checked against the exposition format; the
# sample it leaves is for promtool (tools/metrics.mk).
METRICS_SAMPLE := $(BUILD)/unit/metrics.prom
# (daemon/metrics.c is among the objects every unit test links)
$(BUILD)/unit/test_metrics: UNIT_CPPFLAGS = -DMETRICS_SAMPLE='"$(METRICS_SAMPLE)"'

# libFuzzer on the recording reader (clang, ASan+UBSan); a short run is part
# of make test, `make fuzz` runs longer.
FUZZ_SECONDS ?= 60
FUZZ_BIN  := $(BUILD)/fuzz/fuzz_recfile
FUZZ_SRCS := tests/fuzz/fuzz_recfile.c userspace/record/recfile.c userspace/kernel/ksyms.c \
	     userspace/kernel/procmod.c \
	     userspace/lib/log.c userspace/lib/files.c
# every recording in tests/fuzz seeds the corpus
FUZZ_SEED := $(wildcard tests/fuzz/*.rec)

$(FUZZ_BIN): $(FUZZ_SRCS) $(HEADERS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(CPPFLAGS) -o $@ $(FUZZ_SRCS)

fuzz: $(FUZZ_BIN)
	@tools/fuzz.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_SEED)

unit: $(UNIT_BINS)
	@tools/run-unit-tests.sh $(UNIT_BINS)

# Userspace figures (not part of make test): replay speed, report time, RSS.
$(BUILD)/bench/bench_replay: tests/bench/bench_replay.c $(LIB_OBJS) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

# Dump requests a second (tests/bench/dump_rate.c): static, for the guest too.
$(BUILD)/bench/dump_rate: tests/bench/dump_rate.c $(LIB_OBJS) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -static -o $@ $< $(LIB_OBJS) $(LDLIBS)

bench-host: $(BUILD)/bench/bench_replay $(BUILD)/bench/dump_rate
	@tools/bench.sh --host

# Overhead, throughput and memory, in one guest run plus the host replay
# figures (not part of make test; tools/bench.sh says how to tune it).
bench: deps-check all $(BUILD)/bench/dump_rate
	@tools/bench.sh

# The stop figures alone: ci -- true on 7.x, every view on (part of make bench).
bench-stop: deps-check all
	@tools/bench.sh --stop

vmtest: deps-check all
	@tools/vmtest.sh --kernel $(KERNEL) $(TESTS)

# The BPF objects' CO-RE field reads against the real kernels' and modules' BTF
# (tools/core-check.sh, run by make test; tests/core/core_check.c).
$(BUILD)/core/core_check: tests/core/core_check.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) -o $@ $< $(LDLIBS)

core-check: all $(BUILD)/core/core_check
	@BUILD=$(BUILD) tools/core-check.sh $(KERNELS_CORE)

test: deps-check all $(UNIT_BINS) $(FUZZ_BIN) $(BUILD)/core/core_check
	@UNIT_TEST_CMD="tools/run-unit-tests.sh $(UNIT_BINS) tools/fuzz-smoke.sh tools/core-check.sh" \
		KERNELS="$(KERNELS)" SPECIFIC_KERNELS="$(SPECIFIC_KERNELS)" tools/run-tests.sh

demo: deps-check all
	@tools/demo.sh --kernel $(KERNEL)

# The scenario language (tests/scenario/): parser, runner, make scenario.
-include tests/scenario/scenario.mk
# User-space programs the simulated driver's tests run in the guest.
-include tests/sim/user/user.mk
# Tests against Debian's real i915/xe/drm_gpusvm_helper modules.
-include tools/realtest.mk
# make install, make uninstall.
include tools/install.mk
# make metrics-check: the daemon's metrics through Debian's promtool.
include tools/metrics.mk
# make deb, make deb-check: the Debian package.
include tools/deb.mk
# make systemd-test: the package under systemd as PID 1, in a guest.
include tools/systemd.mk

$(BUILD) $(BUILD)/obj $(BUILD)/unit:
	$(Q)mkdir -p $@

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)
	$(Q)$(MAKE) -s -C tests/sim clean KDIR=none >/dev/null 2>&1 || true

.DELETE_ON_ERROR:
