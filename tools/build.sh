#!/usr/bin/env bash
# build.sh [BUILD_DIR] - install what is missing, configure and build scx_topo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
if [ "$(id -u)" -eq 0 ]; then
	QUIET=1 "$root/tools/install-deps.sh"
else
	echo "build: not root, so not installing dependencies (run: sudo tools/install-deps.sh)" >&2
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
