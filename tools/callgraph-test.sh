#!/bin/bash
# callgraph-test.sh --kernel SERIES
#
# `wakeref doctor --callgraph` on the real i915, xe and drm_gpusvm_helper
# modules of Debian's kernel SERIES (fetched by tools/kernel-fetch.sh into the
# cache; nothing runs in a guest).  tests/callgraph/SERIES.known lists, one a
# line ("MODULE FUNCTION  # why"), the functions wakeref is known not to pair
# on that kernel.  Checks, one line each, then "N passed, N failed":
#   - each of the drivers the kernel ships was read;
#   - no function is unhandled that the list does not name (a new kernel's
#     new path is named here, with doctor's reason);
#   - no function the list names is handled now (the list stays true).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
wakeref=${WAKEREF:-$repo/build/wakeref}
series=

log() { echo "callgraph-test: $*" >&2; }
die() { log "error: $*"; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) series=${2:?--kernel needs a series}; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
[ -n "$series" ] || die "--kernel SERIES is needed (6.1, 6.12, 6.18, 7.x)"
[ -x "$wakeref" ] || die "$wakeref is not built: run make first"
known=$repo/tests/callgraph/$series.known
[ -f "$known" ] || die "no $known: list what is known unhandled there (or nothing)"

eval "$("$here/kernel-fetch.sh" "$series")"
moddir=$KROOT/lib/modules/$KVER
json=$(mktemp)
trap 'rm -f "$json"' EXIT
rc=0
"$wakeref" doctor --callgraph -j -d "$moddir" > "$json" || rc=$?
[ "$rc" -le 1 ] || die "wakeref doctor --callgraph failed on $moddir (rc=$rc)"

python3 - "$json" "$known" "$series" "$moddir" <<'PY'
import json, os, sys

doc = json.load(open(sys.argv[1]))
series, moddir = sys.argv[3], sys.argv[4]
known = {}
for line in open(sys.argv[2]):
    words = line.split("#", 1)[0].split()
    if len(words) == 2:
        known[(words[0], words[1])] = line.strip()
passed = failed = 0

def check(ok, name, why=""):
    global passed, failed
    print("%s %s/callgraph/%s%s" % ("PASS" if ok else "FAIL", series, name,
                                    (": " + why) if why and not ok else ""))
    if ok:
        passed += 1
    else:
        failed += 1

read = {m["module"] for m in doc["modules"]}
for drv in ("i915", "xe", "drm_gpusvm_helper"):
    shipped = any(f.split(".ko")[0] == drv for _, _, fs in os.walk(moddir) for f in fs
                  if ".ko" in f)
    if shipped:
        check(drv in read, "reads-" + drv, "the kernel ships %s but it was not read" % drv)
unhandled = {}
for m in doc["modules"]:
    for f in m["functions"]:
        if not f["handled"]:
            unhandled[(m["module"], f["name"])] = f["how"]
new = sorted(set(unhandled) - set(known))
check(not new, "no-new-unhandled",
      "; ".join("%s %s: %s" % (k[0], k[1], unhandled[k]) for k in new))
gone = sorted(set(known) - set(unhandled))
check(not gone, "known-list-is-true",
      "handled now, remove from tests/callgraph/%s.known: %s" %
      (series, ", ".join("%s %s" % k for k in gone)))
print("%d unhandled in %s (%d known)" % (len(unhandled), series, len(known)), file=sys.stderr)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
