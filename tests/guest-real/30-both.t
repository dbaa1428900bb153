#!/bin/sh
# timeout: 240
# i915 and xe loaded together.  xe compiles i915's display code, so
# thousands of names are in both modules: every program is loaded against
# the BTF object of its own module (never a bare name), and CO-RE must find
# no ambiguity between the two modules' structs.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_load i915 || test_end
if ! real_has xe; then
	pass "no xe module in $(uname -r): i915 alone is 10-i915"
	test_end
fi
real_load xe || test_end
check_attach both
assert_eq "$(count_rows both.att i915 'fentry|fexit')" 7 "i915's seven, in i915"
assert_eq "$(grep -cE '^xe:xe_pm_runtime_[^ ]+ (fentry|fexit)$' both.att)" 7 "xe's seven, in xe"
# a display function of both modules: kallsyms has it twice
n=$(grep -c ' intel_display_power_get\b' /proc/kallsyms)
[ "$n" -ge 2 ] && pass "intel_display_power_get is in $n modules: names are ambiguous here"
test_end
