#!/bin/sh
# Contexts: ops run in a named kthread, a work item, a timer (softirq) or an
# irq_work (hard IRQ); the oracle records the context (pid/comm, ctx=) of
# each get; ops that may sleep are refused in timer/irq context, cleanly.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
O=$WR_SIM_DIR/oracle
sim_load xe_devs=1 || test_end

# owner_field SITE FIELD: FIELD=value of the newest Owner line held at SITE
owner_field() {
	grep "^Owner .* holder=sim_$1 " "$O" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}

sim_ctl get i915.0 get gem_fault ctx=task:simkt
pid=$(owner_field gem_fault pid)
assert_eq "$(owner_field gem_fault comm)" simkt "ctx=task: the kthread's name"
assert_eq "$(cat /proc/$pid/comm 2>/dev/null)" simkt "ctx=task: the kthread's pid"
assert_eq "$(owner_field gem_fault ctx)" task "ctx=task: task context"
sim_ctl get i915.0 get hotplug_work ctx=wq
case $(owner_field hotplug_work comm) in
kworker/*) pass "ctx=wq: a kworker" ;;
*) fail "ctx=wq: comm is '$(owner_field hotplug_work comm)'" ;;
esac
sim_ctl get i915.0 get_if_in_use pmu_sample ctx=timer
assert_eq "$(owner_field pmu_sample ctx)" softirq "ctx=timer: softirq"
sim_ctl get i915.0 get_if_active guc_submit ctx=irq
assert_eq "$(owner_field guc_submit ctx)" hardirq "ctx=irq: hard IRQ"
sim_ctl get i915.0 get_noresume debugfs_status ctx=irq
sim_ctl get i915.0 get leaky_path
assert_eq "$(owner_field leaky_path comm)" sh "default ctx: the writer"
assert_eq "$(sim_owner_lines $I)" \
	"sim_debugfs_status=1 sim_gem_fault=1 sim_guc_submit=1 sim_hotplug_work=1 sim_leaky_path=1 sim_pmu_sample=1" \
	"every context's get recorded"

# sleeping ops are refused in atomic contexts, and hold nothing
for cmd in "get i915.0 get atomic_commit ctx=irq" "get i915.0 get_raw atomic_commit ctx=timer" \
	"display_get i915.0 pipe_a atomic_commit ctx=irq" "gt_get i915.0 atomic_commit ctx=timer" \
	"gt_put i915.0 atomic_commit ctx=irq" "bench i915.0 atomic_commit ctx=irq" \
	"get xe.0 xe_get atomic_commit ctx=irq" "put i915.0 leaky_path ctx=nowhere"; do
	sim_ctl_fails "$cmd"
done
sim_owners_lacks "^owner $I sim_atomic_commit " "refused ops held nothing"
dmesg | grep -q 'intel_runtime_pm_get may sleep: not in ctx=irq' &&
	pass "the refusal is explained in the kernel log" ||
	fail "no 'intel_runtime_pm_get may sleep: not in ctx=irq' in the kernel log"

# puts run in any context
sim_ctl put i915.0 gem_fault ctx=irq
sim_ctl put i915.0 hotplug_work ctx=timer
sim_ctl put i915.0 pmu_sample ctx=task:simkt
sim_ctl put i915.0 guc_submit ctx=wq
sim_ctl put i915.0 debugfs_status unchecked ctx=irq
assert_eq "$(sim_owner_lines $I)" "sim_leaky_path=1" "puts in every context"

# n=N in order on one kthread; wakeref_auto and xe in atomic contexts
sim_ctl get i915.0 get_noresume leaky_path ctx=task:simkt n=3
assert_eq "$(sim_owner_lines $I)" "sim_leaky_path=4" "n=3 repeats"
sim_ctl wakeref_auto i915.0 leaky_path ctx=irq timeout_ms=100
sim_ctl put i915.0 leaky_path ctx=timer n=4
sim_ctl get xe.0 xe_get xe_exec ctx=task:simkt2
sim_ctl get xe.0 xe_get_if_in_use xe_exec ctx=irq
assert_eq "$(owner_field xe_exec ctx)" hardirq "xe get in hard IRQ"
sim_ctl put xe.0 xe_exec ctx=irq n=2
sim_owners_has "^device wakeref-sim-xe.0 driver=xe count=0 wakeref_count=0 " "xe balanced"
wait_owners "^device $I driver=i915 count=0 wakeref_count=0 " 2000 "i915 balanced"
wait_runtime_status $I suspended 2000 && pass "i915 suspends"
sim_owners_has "^stats $I .* asserts=0$" "no assert"

# the kthreads live until reset
ls /proc/[0-9]*/comm | while read -r f; do cat "$f"; done 2>/dev/null | grep -q '^simkt2$' &&
	pass "kthread simkt2 alive" || fail "no kthread simkt2 before reset"
sim_ctl reset
if ls /proc/[0-9]*/comm | while read -r f; do cat "$f"; done 2>/dev/null | grep -q '^simkt'; then
	fail "reset left a kthread"
else
	pass "reset stopped the kthreads"
fi
sim_ctl_fails reset ctx=irq
sim_unload
test_end
