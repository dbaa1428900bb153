#!/bin/bash
# fuzz-smoke.sh: the short fuzzing run that make test includes (20 s).
here=$(cd "$(dirname "$0")" && pwd)
# every recording in tests/fuzz seeds the corpus (as for make fuzz)
exec "$here/fuzz.sh" "${BUILD:-build}/fuzz/fuzz_recfile" "${FUZZ_SMOKE_SECONDS:-20}" \
	"$here"/../tests/fuzz/*.rec
