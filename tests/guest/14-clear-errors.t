#!/bin/sh
# Bad situations get a clear error naming what is wrong, never a crash:
# no driver loaded (every function absent), not root, bad options.
. /lib/wakeref/lib.sh

expect_error() {	# expect_error DESCRIPTION REGEX CMD...
	local what=$1 re=$2 rc
	shift 2
	"$@" > /tmp/err.out 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		fail "$what: exited 0"
	elif [ "$rc" -gt 128 ]; then
		fail "$what: killed by signal $((rc - 128))"
	fi
	assert_match /tmp/err.out "$re" "$what: says why"
}

# no driver: the cause first, what to check, and where the list of functions is
expect_error "no driver" 'none of the runtime-PM functions can be traced on this kernel: no module that has them is loaded' /bin/wakeref trace -d 1
assert_match /tmp/err.out 'Is the i915 module loaded, or the xe module' "no driver: says what to check, both drivers"
assert_match /tmp/err.out 'wakeref doctor -v lists every function' "no driver: says where the list is"
grep -q '^  intel_runtime_pm_get ' /tmp/err.out && fail "no driver: the list of absent functions is printed" ||
	pass "no driver: no list of absent functions before the hint"

# not root
mkdir -p /etc
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/tmp:/bin/sh' >> /etc/passwd
grep -q '^nogroup:' /etc/group 2>/dev/null || echo 'nogroup:x:65534:' >> /etc/group
sim_load || test_end
expect_error "not root" 'must run as root \(or with CAP_BPF and CAP_PERFMON\)' \
	su -s /bin/sh nobody -c '/bin/wakeref trace -d 1'

# bad options
expect_error "bad duration" "bad --duration 'x'" /bin/wakeref trace -d x
expect_error "bad format" "unknown format 'xml'" /bin/wakeref trace -f xml
expect_error "unknown command" "unknown command 'frobnicate'" /bin/wakeref frobnicate
expect_error "bad kallsyms" 'cannot read kernel symbols from /nonexistent' \
	/bin/wakeref trace --kallsyms /nonexistent
sim_unload
test_end
