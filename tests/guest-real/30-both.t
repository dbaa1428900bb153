#!/bin/sh
# timeout: 240
# i915 and xe loaded together.  xe compiles i915's display code, so
# thousands of names are in both modules: every program is loaded against
# the BTF object of its own module (never a bare name), and CO-RE must find
# no ambiguity between the two modules' structs.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_load i915 || test_end
real_expect xe || test_end	# not shipped: i915 alone is 10-i915
real_load xe || test_end
check_attach both
assert_eq "$(count_fn both.att i915 'intel_runtime_pm_(get|put)[a-z_]*' 'fentry|fexit')" 7 \
	"i915's seven, in i915"
assert_eq "$(count_fn both.att xe "$WR_XE_RPM_FUNCS" 'fentry|fexit')" 7 "xe's seven, in xe"
check_display_ops both.att
assert_eq "$(count_uf_rows both.att i915 'fentry|fexit')" 9 "i915's userfault programs, in i915"
assert_eq "$(count_uf_rows both.att xe 'fentry|fexit')" 6 "xe's userfault programs, in xe"
# a display function of both modules: kallsyms has it twice
n=$(grep -c ' intel_display_power_get\b' /proc/kallsyms)
[ "$n" -ge 2 ] && pass "intel_display_power_get is in $n modules: names are ambiguous here" ||
	fail "intel_display_power_get is in $n module(s): i915 and xe should both have it"
test_end
