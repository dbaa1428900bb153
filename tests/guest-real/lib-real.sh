# lib-real.sh: helpers for the real-driver guest tests (busybox sh), on top
# of /lib/wakeref/lib.sh.  tools/realtest.sh packs Debian's modules of the
# guest kernel, decompressed, in /lib/modules/real/, with one file per driver,
# /lib/modules/real/order-DRIVER, that lists its chain in load order (from
# `modprobe --show-depends`).  A driver the kernel does not have has no file.
# /lib/modules/real/ships lists the drivers the kernel package ships (its
# modules.order): a shipped driver with no order file is a failure.
# shellcheck shell=dash

WR_REAL=/lib/modules/real
# every row doctor selects must be attached: the views too
export WAKEREF_FEATURES=all
# xe's runtime-PM entry points (not xe_pm_runtime_suspend: a userfault view row)
WR_XE_RPM_FUNCS='xe_pm_runtime_(get|get_ioctl|get_if_active|get_if_in_use|get_noresume|resume_and_get|put)'

# real_has DRIVER: this kernel has the driver
real_has() { [ -f "$WR_REAL/order-$1" ]; }

# real_ships DRIVER: the kernel package ships the driver's module
real_ships() { grep -qx "$1" "$WR_REAL/ships"; }

# real_expect DRIVER: 0 when the driver is here to test; 1 when the package
# does not ship it (pass: checked, nothing to test); fail when it ships it
# but it is not here
real_expect() {
	[ -f "$WR_REAL/ships" ] || { fail "no $WR_REAL/ships (tools/realtest.sh writes it)"; return 1; }
	if real_ships "$1"; then
		real_has "$1" && return 0
		fail "$(uname -r) ships $1.ko (modules.order) but it is not in $WR_REAL"
		return 1
	fi
	if real_has "$1"; then
		fail "$1 is in $WR_REAL but not in $(uname -r)'s modules.order"
		return 1
	fi
	pass "$(uname -r)'s package ships no $1.ko (modules.order)"
	return 1
}
# real_load DRIVER: insmod its chain in order, skipping what is loaded
real_load() {
	local f m err
	real_has "$1" || { fail "no $1 module in this kernel"; return 1; }
	for f in $(cat "$WR_REAL/order-$1"); do
		m=$(basename "$f" .ko | tr - _)
		[ -d "/sys/module/$m" ] && [ -f "/sys/module/$m/initstate" ] && continue
		err=$(insmod "$WR_REAL/$f" 2>&1) || { fail "insmod $f: $err"; return 1; }
	done
	[ -d "/sys/module/$1" ] || { fail "$1 not loaded after its chain"; return 1; }
	if [ -e "/sys/kernel/btf/$1" ]; then
		pass "$1 loaded ($(wc -l < "$WR_REAL/order-$1") modules), with BTF"
	else
		fail "$1 loaded but /sys/kernel/btf/$1 is missing"
	fi
}

# doctor_selected JSON: "MODULE:FUNCTION MODE" of every row doctor would trace
doctor_selected() {
	sed 's/},{/}\n{/g' "$1" |
		sed -n 's/.*"function":"\([^"]*\)".*"module":"\([^"]*\)","mode":"\([^"]*\)".*/\2:\1 \3/p' |
		grep -v ' none$' | sort
}

# trace_attached ERR: the same, from the "wakeref: attached" lines of trace -v
trace_attached() {
	sed -n 's/^wakeref: attached [^ ]* to \([^ ]*\) as \([a-z]*\)$/\1 \2/p' "$1" | sort
}

# check_attach NAME [ENV...]: doctor -j and trace -v -d 2 with ENV set; every
# row doctor selects must be attached by trace, in the same module and mode,
# and nothing else.  Leaves NAME.json, NAME.sel, NAME.out, NAME.err, NAME.att,
# and doctor's exit status in $DOCTOR_RC.
check_attach() {
	local name=$1 rc want_guess
	shift
	env "$@" /bin/wakeref doctor -j > "$name.json" 2> "$name.doctor.err"
	DOCTOR_RC=$?
	[ "$DOCTOR_RC" -le 1 ] || fail "$name: doctor exited with rc=$DOCTOR_RC: $(cat "$name.doctor.err")"
	doctor_selected "$name.json" > "$name.sel"
	env "$@" /bin/wakeref trace -v -d 2 -f owners > "$name.out" 2> "$name.err"
	rc=$?
	trace_attached "$name.err" > "$name.att"
	sed 's/^/    doctor: /' "$name.sel"
	if [ "$rc" != 0 ]; then
		fail "$name: wakeref trace exited with rc=$rc"
		sed 's/^/    ! /' "$name.err"
		return 1
	fi
	if [ ! -s "$name.sel" ]; then
		fail "$name: doctor selects nothing"
		return 1
	fi
	if cmp -s "$name.sel" "$name.att"; then
		pass "$name: all $(wc -l < "$name.sel") selected programs attached as doctor said"
	else
		fail "$name: attached differs from doctor's selection (- doctor, + trace):"
		diff "$name.sel" "$name.att" | grep '^[-+][^-+]' | sed 's/^/    /'
		grep -v '^wakeref: attached' "$name.err" | sed 's/^/    ! /'
		return 1
	fi
	if grep -Ei 'ambiguity|failed|error|libbpf' "$name.err"; then
		fail "$name: libbpf or wakeref complained"
		return 1
	fi
	# fentry/fexit rows: the fast unwinder reads this kernel's ORC tables,
	# and its stack words by plain loads where bpf_rdonly_cast() is (6.2+):
	# the verifier took that build against the real drivers' layouts
	if grep -Eq ' f(entry|exit)$' "$name.att"; then
		how=$(stack_reads)
		assert_match "$name.err" "^wakeref: fast unwinder: fast .*stack read by $how\\)" \
			"$name: the fast unwinder runs on this kernel's ORC tables, reading by $how"
	fi
	assert_match "$name.out" '^loss events=[0-9]+ ringbuf_drops=0 recursion_misses=0' \
		"$name: a report, nothing lost"
	# the plan guessed from BTF while kallsyms is read must hold on the real
	# modules: a wrong guess loads every program twice (still right, slower);
	# with module BTF off there is nothing to guess from: kallsyms is waited for
	case " $* " in
	*" WAKEREF_NO_MODULE_BTF=1 "*) want_guess=0 ;;
	*) want_guess=1 ;;
	esac
	if grep -q '^wakeref: kallsyms moved' "$name.err"; then
		fail "$name: kallsyms moved rows of the plan guessed from BTF:"
		grep 'guessed .* kallsyms says' "$name.err" | sed 's/^/    ! /'
	elif grep -q '^wakeref: guessed the attach plan from BTF' "$name.err"; then
		[ "$want_guess" = 1 ] &&
			pass "$name: the plan guessed from BTF held (the programs loaded once)" ||
			fail "$name: a plan guessed from BTF with module BTF off"
	else
		[ "$want_guess" = 0 ] &&
			pass "$name: module BTF off: the plan waited for kallsyms" ||
			fail "$name: no plan guessed from BTF while kallsyms was read"
	fi
}

# The userfault view's functions (the UF rows of userspace/drivers/hooks.c)
WR_UF_FUNCS='vm_fault_gtt|vm_fault_ttm|i915_vma_revoke_mmap|__i915_gem_object_release_mmap_gtt'
WR_UF_FUNCS="$WR_UF_FUNCS|i915_ttm_unmap_virtual|i915_gem_object_runtime_pm_release_mmap_offset"
WR_UF_FUNCS="$WR_UF_FUNCS|i915_gem_free_object|i915_gem_runtime_suspend|xe_gem_fault"
WR_UF_FUNCS="$WR_UF_FUNCS|xe_bo_cpu_fault|xe_bo_runtime_pm_release_mmap_offset|xe_bo_move_notify"
WR_UF_FUNCS="$WR_UF_FUNCS|xe_ttm_bo_destroy|xe_pm_runtime_suspend"

# The object rows' functions (drivers/hooks.c, WR_ROLE_OBJ): traced by kprobe
WR_OBJ_FUNCS='xe_sched_job_create|xe_sched_job_destroy|xe_gt_tlb_invalidation_fence_init'
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|__invalidation_fence_signal|xe_tlb_inval_fence_init"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|xe_tlb_inval_fence_signal|xe_tlb_inval_job_create"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|xe_tlb_inval_job_destroy|guc_exec_queue_add_msg"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|guc_exec_queue_process_msg|xe_vm_create|vm_destroy_work_func"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|xe_dma_buf_attach|xe_dma_buf_detach|i915_vma_resource_unbind"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|__i915_vma_resource_unhold|__intel_wakeref_get_first"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|__intel_wakeref_put_last|____intel_wakeref_put_last"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|__intel_wakeref_put_work|intel_atomic_commit|intel_atomic_commit_tail"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|guc_ct_send_locked|__g2h_release_space|xe_guc_ct_stop"
WR_OBJ_FUNCS="$WR_OBJ_FUNCS|guc_ct_change_state|xe_guc_ct_fast_path|receive_g2h"

# The system sleep and unbind rows' functions (drivers/hooks.c, WR_ROLE_PHASE)
WR_PHASE_FUNCS='i915_pm_suspend|i915_pm_resume_early|i915_pm_resume'
WR_PHASE_FUNCS="$WR_PHASE_FUNCS|intel_runtime_pm_driver_release|xe_pm_suspend|xe_pm_resume"
WR_PHASE_FUNCS="$WR_PHASE_FUNCS|xe_pm_fini|xe_pm_runtime_fini"

# count_rows FILE MODULE MODES: the runtime-PM rows "MODULE:FUNCTION MODE" of
# FILE whose mode matches MODES (an extended regex); count_uf_rows: the
# userfault view's; count_obj_rows: the object rows'; count_phase_rows: the
# system sleep and unbind rows'
count_rows() {
	grep -vE "^[^:]+:($WR_UF_FUNCS|$WR_OBJ_FUNCS|$WR_PHASE_FUNCS) " "$1" |
		grep -cE "^$2:[^ ]+ ($3)$"
}
count_phase_rows() { grep -cE "^$2:($WR_PHASE_FUNCS) ($3)$" "$1"; }
count_obj_rows() { grep -cE "^$2:($WR_OBJ_FUNCS) ($3)$" "$1"; }

# check_obj_rows NAME MODULE: every object row doctor (NAME.json) traces in
# MODULE is attached, by kprobe (a return value by kretprobe), and no other;
# and there is at least one (every Debian i915 and xe has some)
check_obj_rows() {
	local want
	want=$(grep -oE '"role":"object","state":"[a-z-]+","module":"'"$2"'","mode":"k(ret)?probe"' \
		"$1.json" | grep -c .)
	[ "$want" -gt 0 ] && pass "$2: doctor traces $want object rows" ||
		fail "$2: doctor traces no object row: $(grep -o '"function":"[^"]*","role":"object"[^}]*' "$1.json" | head -3)"
	assert_eq "$(count_obj_rows "$1.att" "$2" 'kprobe|kretprobe')" "$want" \
		"$2: its $want object rows by kprobe"
	assert_eq "$(count_obj_rows "$1.att" "$2" 'fentry|fexit|tracepoint')" 0 \
		"$2: object rows by nothing but kprobes"
	# one kprobe_multi link each way where the kernel's link holds the
	# modules it probes (6.12 and 7.x here; the module is held by its
	# trampolines anyway), a kprobe each on 6.1
	local prog='wr_obj(ret)?_multi' says='wr_obj_multi and wr_objret_multi'
	case $(uname -r) in 6.1.*) prog='wr_kprobe[^ ]*' says='wr_kprobe, a link each' ;; esac
	assert_eq "$(grep -cE "^wakeref: attached $prog to $2:($WR_OBJ_FUNCS) as k(ret)?probe$" \
		"$1.err")" "$want" "$2: its object rows by $says"
}
count_uf_rows() { grep -cE "^$2:($WR_UF_FUNCS) ($3)$" "$1"; }

# count_fn FILE MODULE FUNC MODES: the same for functions matching FUNC (a regex)
count_fn() { grep -cE "^$2:($3) ($4)$" "$1"; }

# has_display_ops: this i915 has the 6.19+ display runtime-PM ops
has_display_ops() { grep -q ' i915_display_rpm_get	\[i915\]' /proc/kallsyms; }

# check_display_ops FILE: on 6.19+, the seven i915_display_rpm_* ops are traced
# too (they bypass the global entry points); before, there are none
check_display_ops() {
	if has_display_ops; then
		assert_eq "$(count_fn "$1" i915 'i915_display_rpm_[a-z_]+' 'fentry|fexit')" 7 \
			"6.19+: the seven i915 display runtime-PM ops, at fentry/fexit"
	else
		assert_eq "$(count_fn "$1" i915 'i915_display_rpm_[a-z_]+' '[a-z]+')" 0 \
			"before 6.19: no display runtime-PM ops to trace"
	fi
}

# check_tails NAME MODULE FUNC...: the tail callers' trampolines
# (userspace/drivers/tailcallers.c): of FUNC..., each one MODULE has in
# kallsyms got its fexit trampoline in trace -v's log NAME.err, and none
# failed to load or attach.
check_tails() {
	local name=$1 mod=$2 want=0 f
	shift 2
	for f in "$@"; do
		grep -Eq " [tT] $f	\[$mod\]\$" /proc/kallsyms && want=$((want + 1))
	done
	[ "$want" -gt 0 ] || fail "$mod: none of the tail callers is in kallsyms: $*"
	assert_eq "$(grep -Ec '^wakeref: attached wr_tail_[0-9]+ to '"$mod"':' "$name.err")" \
		"$want" "$mod: the $want tail callers it has get their trampoline"
	assert_eq "$(grep -Ec 'cannot attach the trampoline|no trampoline for' "$name.err")" 0 \
		"$mod: no tail caller's trampoline failed"
}
