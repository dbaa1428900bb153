#!/bin/bash
# demo.sh [--kernel SERIES]: boot a Debian kernel in QEMU, load the simulated
# i915 driver, run a workload that leaks one wakeref, and show wakeref's live
# report next to the driver's own record of its owners.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/vmtest.sh" --show "$@" "$here/demo.t"
