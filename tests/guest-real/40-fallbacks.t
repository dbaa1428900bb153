#!/bin/sh
# timeout: 300
# The fallbacks on the real modules: with fentry disabled every row is a
# kprobe (puts) or kprobe+kretprobe (gets) by MODULE:FUNCTION; with module
# BTF hidden, too, and the PM core rows that learn the devices are added;
# with kprobes disabled as well, xe's tracepoints.  doctor says the same as
# what trace attaches.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_load i915 || test_end
want_xe=0
if real_expect xe; then
	real_load xe || test_end
	want_xe=7
fi
test "$WR_FAILED" = 0 || test_end	# xe shipped but missing

check_attach nofentry WAKEREF_NO_FENTRY=1
assert_eq "$(count_rows nofentry.att i915 'kprobe|kretprobe')" 7 "i915: seven kprobes"
assert_eq "$(count_rows nofentry.att xe 'kprobe|kretprobe')" $want_xe "xe: $want_xe kprobes"
assert_eq "$(count_phase_rows nofentry.att i915 'kprobe|kretprobe')" 5 \
	"system sleep and unbind, i915: five kprobes (i915_pm_suspend's return by kretprobe)"
want_xe_phase=0
[ "$want_xe" = 0 ] || want_xe_phase=4
assert_eq "$(count_phase_rows nofentry.att xe 'kprobe|kretprobe')" $want_xe_phase \
	"system sleep and unbind, xe: $want_xe_phase kprobes"
assert_eq "$(grep -c 'fentry\|fexit' nofentry.att)" 0 "no fentry/fexit"
assert_eq "$(grep -c '^vmlinux:' nofentry.att)" 0 "module BTF is there: no device learning"

check_attach nobtf WAKEREF_NO_MODULE_BTF=1
assert_eq "$(count_rows nobtf.att i915 'kprobe|kretprobe')" 7 "no BTF, i915: seven kprobes"
assert_eq "$(count_rows nobtf.att xe 'kprobe|kretprobe')" $want_xe "no BTF, xe: $want_xe kprobes"
assert_eq "$(grep -c '^vmlinux:__pm_runtime_resume kprobe$' nobtf.att)" 1 \
	"no BTF: devices learnt from the PM core"
assert_match nofentry.json '"function":"intel_runtime_pm_get","role":"get","state":"present","module":"i915","mode":"kretprobe","why":"fentry disabled \(--no-fentry\): kprobe, by i915:intel_runtime_pm_get"' \
	"doctor, fentry disabled: a kretprobe by i915:intel_runtime_pm_get, and why"
assert_match nobtf.json '"function":"intel_runtime_pm_put_raw","role":"put","state":"no-btf","module":"i915","mode":"kprobe","why":"module BTF hidden' \
	"doctor, module BTF hidden: a kprobe, and why"

# no fentry and no kprobes: xe's three tracepoints (6.12+), whose format
# files must have the layout wr_tp_rpm reads; nothing else can be traced
if [ -d /sys/kernel/tracing/events/xe/xe_pm_runtime_get ]; then
	check_attach notp WAKEREF_NO_FENTRY=1 WAKEREF_NO_KPROBE=1
	assert_eq "$(count_rows notp.att xe tracepoint)" 3 "no kprobes, xe: three tracepoints"
	assert_eq "$(grep -cv ' tracepoint$' notp.att)" 0 "no kprobes: nothing but tracepoints"
	assert_eq "$DOCTOR_RC" 1 "doctor, no kprobes: the xe report would be incomplete"
	assert_match notp.json '"function":"xe_pm_runtime_get_ioctl","role":"get-cond","state":"present","module":"xe","mode":"tracepoint","why":"[^"]*: tracepoint xe:xe_pm_runtime_get_ioctl \(it fires before the result is known' \
		"doctor, no kprobes: get_ioctl by its tracepoint, which fires before the result"
	assert_match notp.json '"function":"xe_pm_runtime_resume_and_get",[^}]*"mode":"none","why":"[^"]*, and no tracepoint"[^}]*"coverage_lost":"its gets are not seen: owners taken through it are missing, and the puts that release them are reported unmatched"' \
		"doctor, no kprobes: resume_and_get lost, its puts unmatched"
else
	pass "no xe tracepoints on this kernel (6.12+): nothing to check without kprobes"
fi
test_end
