#!/bin/sh
# timeout: 300
# The fallbacks on the real modules: with fentry disabled every row is a
# kprobe (puts) or kprobe+kretprobe (gets) by MODULE:FUNCTION; with module
# BTF hidden, too, and the PM core rows that learn the devices are added.
# doctor says the same as what trace attaches.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_load i915 || test_end
want_xe=0
if real_has xe; then
	real_load xe || test_end
	want_xe=7
fi

check_attach nofentry WAKEREF_NO_FENTRY=1
assert_eq "$(count_rows nofentry.att i915 'kprobe|kretprobe')" 7 "i915: seven kprobes"
assert_eq "$(count_rows nofentry.att xe 'kprobe|kretprobe')" $want_xe "xe: $want_xe kprobes"
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
test_end
