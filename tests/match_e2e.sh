#!/bin/sh
# tests/match_e2e.sh SCD_BINARY - end-to-end checks of `scd match`.
#
#   determinism  the shipped registry copied twice into temporary roots, the
#                files created in different orders (reverse, shuffled) and
#                with different mtimes: `match --format json` (and --explain,
#                and text) byte-identical to the original's; --threads 1, 2
#                and 8 identical; two runs identical
#   --rules FILE broken rule files (unknown scorer or filter, a parameter out
#                of range, broken YAML, an empty file, a taxonomy) exit 1 with
#                FILE:LINE:COL: on stderr; a missing file or a directory
#                exits 2
#   usage        --city nosuch and --problem nosuch exit 1 with a message;
#                --stage bogus, --top 0, --threads 0, --format xml exit 2;
#                --help exits 0
# Only sh, grep, cmp, awk and coreutils. Prints one line per failure and
# `N passed, M failed`; exits non-zero on failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/match_e2e.sh SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ] || [ -d "$SCD" ]; then
    echo "match_e2e: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
unset SCD_ROOT

TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-match-e2e.XXXXXX") || exit 2
# The registry copies go to tmpfs when there is one: tmpfs lists a folder in
# the order its files were made, where ext4 lists them in hash order whatever
# the order of creation, which would hide an order dependence.
COPIES=$(mktemp -d /dev/shm/scd-match-e2e.XXXXXX 2>/dev/null) || COPIES=$TMP/copies
trap 'rm -rf "$TMP" "$COPIES"' EXIT INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# run NAME ARGS...: scd's stdout, stderr and exit status in $TMP/NAME.{out,err}, $status.
run() {
    name=$1
    shift
    "$SCD" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    status=$?
}

# same WHAT A B: two outputs byte-identical (and not empty).
same() {
    if [ ! -s "$TMP/$2.out" ]; then
        fail "$1: empty output"
    elif cmp -s "$TMP/$2.out" "$TMP/$3.out"; then
        pass
    else
        fail "$1: outputs differ"
        diff "$TMP/$2.out" "$TMP/$3.out" | head -n 10 | sed 's/^/  /'
    fi
}

# expect_status WHAT WANT: $status is WANT.
expect_status() {
    if [ "$status" -eq "$2" ]; then
        pass
    else
        fail "$1: exit status $status, expected $2"
        sed 's/^/  stderr: /' "$TMP/$name.err" | head -n 5
    fi
}

# expect_err WHAT PATTERN: some stderr line matches the extended regex, and stdout is empty.
expect_err() {
    if grep -Eq -- "$2" "$TMP/$name.err" && [ ! -s "$TMP/$name.out" ]; then
        pass
    else
        fail "$1: stderr has no line matching /$2/ (or stdout is not empty)"
        sed 's/^/  stderr: /' "$TMP/$name.err" | head -n 5
    fi
}

# expect_line WHAT LINE: stderr holds exactly this line.
expect_line() {
    if grep -Fxq -- "$2" "$TMP/$name.err"; then
        pass
    else
        fail "$1: stderr lacks the line '$2'"
        sed 's/^/  stderr: /' "$TMP/$name.err" | head -n 5
    fi
}

# --- determinism ------------------------------------------------------------------

FILES=$TMP/files
find rules vendors cities solutions -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort >"$FILES"
nfiles=$(wc -l <"$FILES")
if [ "$nfiles" -lt 10 ]; then
    fail "determinism: only $nfiles registry files found"
fi

# copy_in_order DEST MTIME_STEP: the files on stdin copied one by one into
# DEST in that order, each a fresh file, the k-th with mtime base + k*step.
copy_in_order() {
    dest=$1
    step=$2
    k=0
    while IFS= read -r f; do
        mkdir -p "$dest/$(dirname "$f")" || return 1
        cat "$f" >"$dest/$f" || return 1
        touch -d "@$((1700000000 + k * step))" "$dest/$f" 2>/dev/null || touch "$dest/$f"
        k=$((k + 1))
    done
}

# A: reverse name order, later files newer; folders created solutions first.
LC_ALL=C sort -r "$FILES" | copy_in_order "$COPIES/a" 3600 || fail "determinism: cannot copy the registry"
# B: shuffled (fixed seed, reproducible), later files older.
awk 'BEGIN { srand(20261001) } { printf "%.9f\t%s\n", rand(), $0 }' "$FILES" | LC_ALL=C sort | cut -f2- |
    copy_in_order "$COPIES/b" -7200 || fail "determinism: cannot copy the registry"
# Whether the file system hands scd the files in different orders (tmpfs
# does; a hashed ext4 folder does not, and then only mtimes differ).
ls -f "$COPIES/a/solutions" >"$TMP/order-a"
ls -f "$COPIES/b/solutions" >"$TMP/order-b"
if cmp -s "$TMP/order-a" "$TMP/order-b"; then
    echo "note: $COPIES lists folders in the same order whatever the order of creation;" \
        "file order is not really varied"
fi

for variant in "json:--format json" "explain:--explain --format json" "text:--explain"; do
    tag=${variant%%:*}
    opts=${variant#*:}
    # shellcheck disable=SC2086
    run "orig-$tag" --root . match $opts
    expect_status "determinism ($tag): original registry" 0
    # shellcheck disable=SC2086
    run "a-$tag" --root "$COPIES/a" match $opts
    expect_status "determinism ($tag): reverse-order copy" 0
    # shellcheck disable=SC2086
    run "b-$tag" --root "$COPIES/b" match $opts
    expect_status "determinism ($tag): shuffled copy" 0
    same "determinism ($tag): original vs reverse-order copy" "orig-$tag" "a-$tag"
    same "determinism ($tag): original vs shuffled copy" "orig-$tag" "b-$tag"
done
if grep -q '"cities"' "$TMP/orig-json.out" && grep -q '"results"' "$TMP/orig-json.out"; then
    pass
else
    fail "determinism: the JSON output has no cities or results"
fi

run again-json --root . match --format json
same "determinism: two runs" orig-json again-json

for t in 1 2 8; do
    run "threads-$t" --root . match --explain --format json --threads "$t"
    expect_status "--threads $t" 0
done
same "--threads 1 vs --threads 2" threads-1 threads-2
same "--threads 1 vs --threads 8" threads-1 threads-8
same "--threads 1 vs default threads" threads-1 orig-explain

# --- --rules FILE -------------------------------------------------------------------

# write_rules FILE LINE10 LINE11: a valid rule set whose lines 10 and 11 are given.
write_rules() {
    cat >"$1" <<EOF
kind: rule-set
id: e2e
name: End-to-end rules
currency: USD
horizon_years: 5
discount_rate: 0.05
filters:
  - {name: budget, mode: penalty, penalty: 20}
scorers:
$2
$3
activator: {top: 5, min_score: 0}
finder: {top: 5, min_score: 0}
implementer: {top: 5, min_score: 0}
EOF
}

R=$TMP/rules
mkdir -p "$R"
write_rules "$R/valid.yaml" "  - {name: domain, weight: 10, params: {parent_credit: 0.5}}" "  - {name: text, weight: 10}"
write_rules "$R/unknown-scorer.yaml" "  - {name: domain, weight: 10}" "  - {name: txet, weight: 10}"
write_rules "$R/out-of-range.yaml" "  - {name: domain, weight: 10, params: {parent_credit: 1.5}}" "  - {name: text, weight: 10}"
write_rules "$R/broken.yaml" "  - {name: domain, weight: 10" "  - {name: text, weight: 10}"
sed 's/name: budget/name: budjet/' "$R/valid.yaml" >"$R/unknown-filter.yaml"
: >"$R/empty.yaml"

run rules-valid --root . match --city kampala --format json --rules "$R/valid.yaml"
expect_status "--rules valid.yaml (the base of the broken ones)" 0
if grep -q '"id": "e2e"' "$TMP/rules-valid.out"; then pass; else fail "--rules valid.yaml: rule set e2e not used"; fi

run rules-scorer --root . match --city kampala --rules "$R/unknown-scorer.yaml"
expect_status "--rules unknown scorer" 1
expect_err "--rules unknown scorer" "^$R/unknown-scorer.yaml:11:12: scorers\[1\]\.name: unknown scorer 'txet'"

run rules-filter --root . match --city kampala --rules "$R/unknown-filter.yaml"
expect_status "--rules unknown filter" 1
expect_err "--rules unknown filter" "^$R/unknown-filter.yaml:8:12: filters\[0\]\.name: unknown filter 'budjet'"

run rules-range --root . match --city kampala --rules "$R/out-of-range.yaml"
expect_status "--rules parameter out of range" 1
expect_line "--rules parameter out of range" \
    "$R/out-of-range.yaml:10:56: scorers[0].params.parent_credit: must be between 0 and 1, got 1.5"

run rules-broken --root . match --city kampala --rules "$R/broken.yaml"
expect_status "--rules broken YAML" 1
expect_err "--rules broken YAML" "^$R/broken.yaml:[0-9]+:[0-9]+: .*invalid YAML"

run rules-empty --root . match --city kampala --rules "$R/empty.yaml"
expect_status "--rules empty file" 1
expect_err "--rules empty file" "^$R/empty.yaml:1:1: "

run rules-taxonomy --root . match --city kampala --rules rules/taxonomy.yaml
expect_status "--rules a taxonomy" 1
expect_err "--rules a taxonomy" "^rules/taxonomy.yaml:[0-9]+:[0-9]+: kind: expected a rule set \(kind: rule-set\), got a taxonomy$"

run rules-missing --root . match --city kampala --rules "$R/nosuch.yaml"
expect_status "--rules missing file" 2
expect_err "--rules missing file" "^$R/nosuch.yaml: cannot open '$R/nosuch.yaml'"

run rules-dir --root . match --city kampala --rules "$R"
expect_status "--rules a directory" 2
expect_err "--rules a directory" "^$R: cannot read"

# --- usage -------------------------------------------------------------------------------

run city --root . match --city nosuch
expect_status "--city nosuch" 1
expect_err "--city nosuch" "no city 'nosuch'"

run problem --root . match --problem nosuch
expect_status "--problem nosuch" 1
expect_err "--problem nosuch" "no problem 'nosuch'"

run stage --root . match --stage bogus
expect_status "--stage bogus" 2
expect_err "--stage bogus" "unknown stage 'bogus'"

run top --root . match --top 0
expect_status "--top 0" 2
expect_err "--top 0" "--top takes a number"

run threads --root . match --threads 0
expect_status "--threads 0" 2
expect_err "--threads 0" "--threads takes a number"

run format --root . match --format xml
expect_status "--format xml" 2
expect_err "--format xml" "unknown format 'xml'"

run help --root . match --help
expect_status "--help" 0
if grep -q '^usage: scd match' "$TMP/help.out" && [ ! -s "$TMP/help.err" ]; then
    pass
else
    fail "--help: no usage on stdout (or something on stderr)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
