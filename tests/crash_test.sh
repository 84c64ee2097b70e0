#!/usr/bin/env bash
# tests/crash_test.sh SCD_BINARY [CYCLES [MAX_DELAY_MS]] - kill submissions at
# random moments and check that nothing reported stored is lost.
#
# Each cycle starts a loop of `scd submit` (pending), `scd submit --approve`
# and `scd review ID --approve` on a city and a solution of a copy of the
# registry, each with a text never used before, and kills the whole loop
# (scd included) with SIGKILL after a random 0..MAX_DELAY_MS ms. Then:
#   - `scd check` must exit 0: PRAGMA integrity_check is ok and every file
#     in cities/ and solutions/ is its latest approved version (an approval
#     the kill interrupted is settled first, as any store command does);
#   - every submission that scd reported as stored ("stored submission N:
#     KIND 'ID' version V") must be there with its exact text (`scd show`).
# Prints the cycles run, submissions stored, rows lost (must be 0) and
# recoveries, and `N passed, M failed` like the other test scripts.
# Defaults: 20 cycles (`make test`), kills within six times the duration of
# one submission; bench/crash_long.sh runs more.
set -u

if [ $# -lt 1 ]; then
    echo "usage: tests/crash_test.sh SCD_BINARY [CYCLES [MAX_DELAY_MS]]" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
CYCLES=${2:-20}
MAX_DELAY=${3:-}
cd "$(dirname "$0")/.." || exit 2
REPO=$PWD
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-crash.XXXXXX") || exit 2
LOOP_PID=
cleanup() {
    if [ -n "$LOOP_PID" ]; then kill -9 -- "-$LOOP_PID" 2>/dev/null; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
unset SCD_ROOT SCD_DB

REG=$TMP/reg
mkdir -p "$REG" "$TMP/texts" "$TMP/stored" "$TMP/tmp"
# a killed submit may leave its validation folder behind: keep those here
export TMPDIR=$TMP/tmp
cp -r "$REPO/cities" "$REPO/solutions" "$REPO/vendors" "$REPO/rules" "$REG/"
CITY=kampala
SOL=aerosense-airnode
cp "$REG/cities/$CITY.yaml" "$TMP/city.base"
cp "$REG/solutions/$SOL.yaml" "$TMP/sol.base"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# The loop killed in each cycle. A submission counts as stored once scd
# has said so; the note is written under a temporary name and renamed, so
# a kill never leaves half a note.
submit_loop() {
    local cycle=$1 i=0 kind base text out id obj ver
    while :; do
        i=$((i + 1))
        if [ $((i % 2)) -eq 0 ]; then kind=city base=$TMP/city.base; else kind=solution base=$TMP/sol.base; fi
        text=$TMP/texts/$cycle-$i.yaml
        { cat "$base"; printf '# crash test: cycle %s, submission %s\n' "$cycle" "$i"; } >"$text"
        out=$TMP/texts/$cycle-$i.out
        case $((i % 3)) in
        0) "$SCD" --root "$REG" submit "$kind" "$text" --by crash --approve >"$out" 2>/dev/null ;;
        *) "$SCD" --root "$REG" submit "$kind" "$text" --by crash -m "cycle $cycle" >"$out" 2>/dev/null ;;
        esac || continue
        read -r id obj ver <<<"$(sed -n "s/^stored submission \([0-9]*\): [a-z]* '\([^']*\)' version \([0-9]*\),.*/\1 \2 \3/p" "$out")"
        [ -n "$ver" ] || continue
        printf '%s %s %s %s\n' "$kind" "$obj" "$ver" "$text" >"$TMP/stored/.$cycle-$i"
        mv "$TMP/stored/.$cycle-$i" "$TMP/stored/$cycle-$i"
        # every other pending one is approved by review, also killable
        if [ $((i % 3)) -eq 1 ] && [ $((i % 4)) -eq 1 ]; then
            "$SCD" --root "$REG" review "$id" --approve --by officer >/dev/null 2>&1
        fi
    done
}

# verify NOTE...: each stored submission is present with its exact text.
lost=0
verify() {
    local note kind obj ver text
    for note in "$@"; do
        [ -f "$note" ] || continue
        read -r kind obj ver text <"$note"
        if "$SCD" --root "$REG" show "$obj" --kind "$kind" --version "$ver" >"$TMP/shown" 2>"$TMP/show.err" &&
            cmp -s "$TMP/shown" "$text"; then
            pass
        else
            lost=$((lost + 1))
            fail "$kind '$obj' version $ver (from $(basename "$text")) reported stored but not in the database as submitted: $(head -c 200 "$TMP/show.err")"
        fi
    done
}

# Without MAX_DELAY_MS, kills land within about six submissions' time, so
# a slow build (sanitizers) is interrupted as often mid-write as a fast one.
if [ -z "$MAX_DELAY" ]; then
    for i in 1 2 3; do
        { cat "$TMP/city.base"; printf '# calibration %s\n' "$i"; } >"$TMP/texts/calibration-$i.yaml"
        [ "$i" -eq 2 ] && t0=$(date +%s%N) # the first one also creates the database
        "$SCD" --root "$REG" submit city "$TMP/texts/calibration-$i.yaml" --by calibration >/dev/null 2>&1
    done
    t1=$(date +%s%N)
    MAX_DELAY=$(((t1 - t0) / 2000000 * 6))
    [ "$MAX_DELAY" -ge 200 ] || MAX_DELAY=200
fi

set -m # the loop gets its own process group: one kill stops it and its scd
start=$(date +%s)
recoveries=0
for cycle in $(seq 1 "$CYCLES"); do
    submit_loop "$cycle" &
    LOOP_PID=$!
    delay=$((RANDOM % (MAX_DELAY + 1)))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 -- "-$LOOP_PID" 2>/dev/null
    wait "$LOOP_PID" 2>/dev/null
    LOOP_PID=

    "$SCD" --root "$REG" check >"$TMP/check.out" 2>"$TMP/check.err"
    status=$?
    if [ "$status" -eq 0 ]; then
        pass
    else
        fail "cycle $cycle: scd check exit $status: $(cat "$TMP/check.out" "$TMP/check.err" | head -c 600)"
    fi
    if grep -q "recovered an interrupted write" "$TMP/check.err"; then recoveries=$((recoveries + 1)); fi
    verify "$TMP/stored/$cycle"-*
done
set +m

# Once more at the end, everything, after all the later kills.
stored=$(find "$TMP/stored" -type f ! -name '.*' | wc -l)
lost_before=$lost
verify "$TMP/stored"/*
"$SCD" --root "$REG" check --format json >"$TMP/check.out" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q '"integrity": "ok"' "$TMP/check.out" && grep -q '"consistent": true' "$TMP/check.out"; then
    pass
else
    fail "final scd check: exit $status: $(head -c 600 "$TMP/check.out")"
fi
"$SCD" --root "$REG" validate >/dev/null 2>&1 && pass || fail "the registry is not valid after the crash test"
elapsed=$(($(date +%s) - start))

printf 'crash test: %s cycles in %ss (kills within %s ms), %s submissions reported stored, %s lost (%s at the final check), %s interrupted writes recovered\n' \
    "$CYCLES" "$elapsed" "$MAX_DELAY" "$stored" "$lost_before" "$((lost - lost_before))" "$recoveries"
printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
