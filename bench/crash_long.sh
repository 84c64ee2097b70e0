#!/bin/sh
# bench/crash_long.sh [CYCLES [MAX_DELAY_MS]] - the long crash test: the
# same loop as tests/crash_test.sh (submissions and approvals killed with
# SIGKILL at random moments, then integrity, exact texts and `scd check`),
# run for many more cycles (default 500, kills within 0..600 ms). Prints the
# cycles run, submissions reported stored, rows lost (must be 0) and the
# interrupted writes recovered.
cd "$(dirname "$0")/.." || exit 2
[ -x ./scd ] || make --no-print-directory scd || exit 2
exec tests/crash_test.sh ./scd "${1:-500}" "${2:-600}"
