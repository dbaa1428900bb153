#!/bin/bash
# run-unit-tests.sh BIN...: run each host unit-test binary, keep going after a
# failure, and end with one "N passed, N failed" line summing them all.  A
# binary that dies without its own count line counts as one failure.
set -uo pipefail
pass=0 fail=0
for bin in "$@"; do
	out=$("$bin" 2>&1)
	rc=$?
	echo "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
	if [ -z "$line" ]; then
		echo "FAIL unit/$(basename "$bin"): exited $rc without a result line"
		fail=$((fail + 1))
		continue
	fi
	read -r p _ f _ <<< "$line"
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL unit/$(basename "$bin"): exited $rc"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
