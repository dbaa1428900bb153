#!/bin/sh
# The text report of a leak has i915's print_intel_runtime_pm_wakeref shape,
# with symbolized frames of the module, and agrees with the oracle.
. /lib/wakeref/lib.sh

sim_load || test_end
wakeref_start trace || test_end
sim_ctl get i915.0 get guc_submit
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get leaky_path
sim_ctl put i915.0 guc_submit
cp "$WR_SIM_DIR/owners" oracle.txt
wakeref_stop || fail "wakeref exited with rc=$?"
R=/tmp/wakeref.out

assert_match $R '^wakeref-sim-i915\.0: i915 runtime PM, 3 gets, 1 puts' "device header"
assert_match $R '^Wakeref last acquired:$' "last acquired"
assert_match $R '^Wakeref count: 2$' "count 2"
assert_match $R '^Wakeref x2 taken at:$' "both leaks from one stack, merged"
assert_match $R '^   intel_runtime_pm_get\+0x[0-9a-f]+/0x[0-9a-f]+ \[wakeref_sim\]$' \
	"the hooked function, symbolized with its module"
assert_match $R '^   sim_leaky_path\+0x[0-9a-f]+/0x[0-9a-f]+ \[wakeref_sim\]$' "the leaking caller"
assert_match $R '^   [a-z_0-9.]+\+0x[0-9a-f]+/0x[0-9a-f]+$' "vmlinux frames below the module"
assert_match $R 'paired: same-function\)$' "pairing kind shown"
grep -q 'bpf_prog_\|bpf_trampoline' $R && fail "BPF frames leaked into the report"
# per caller: what the text report says equals the oracle
awk '/^Wakeref x[0-9]+ taken at:/ { n = substr($2, 2); want = 1; next }
     want && /^   / && $1 !~ /^intel_runtime_pm_/ { sub(/\+.*/, "", $1);
		c[$1] += n; want = 0 }
     END { for (f in c) print "owner wakeref-sim-i915.0", f, c[f] }' $R | sort > got.txt
grep '^owner ' oracle.txt | sort > want.txt
if cmp -s want.txt got.txt; then
	pass "text report owners equal the oracle's"
else
	fail "text report owners differ from the oracle's"
	diff want.txt got.txt | sed 's/^/    /'
fi
sim_unload
test_end
