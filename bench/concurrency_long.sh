#!/bin/sh
# bench/concurrency_long.sh [PER_PROCESS] - two processes x 500 submissions
# (tests/concurrency_test.sh at full size; `make test` runs a shorter one).
cd "$(dirname "$0")/.." || exit 2
[ -x ./scd ] || make --no-print-directory scd || exit 2
exec tests/concurrency_test.sh ./scd "${1:-500}"
