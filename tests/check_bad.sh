#!/usr/bin/env bash
# tests/check_bad.sh SCD_BINARY - the bad-input corpus.
#
# Every tests/bad/KIND/NAME.yaml holds one defect; NAME.expected holds the
# exact first line `scd --root . validate tests/bad/KIND/NAME.yaml` prints.
# Each must exit 1 with that first line. Inputs too big to commit are made
# here in a temporary registry and checked against a pattern, and hostile
# ones (deep nesting, an alias bomb, a 50 MiB file) must be rejected in
# under 100 ms. Prints one line per failure and `N passed, M failed`.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/check_bad.sh SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ]; then
    echo "check_bad: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2

LIMIT_MS=100
passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-bad.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# First line of stdout and exit status of `scd --root . validate FILE`.
run_validate() {
    out=$("$SCD" --root . validate "$1" 2>/dev/null)
    status=$?
    first=${out%%$'\n'*}
}

# --- the committed corpus ------------------------------------------------------

for yaml in tests/bad/*/*.yaml; do
    [ -e "$yaml" ] || continue
    expected=${yaml%.yaml}.expected
    if [ ! -f "$expected" ]; then
        fail "$yaml: no $expected"
        continue
    fi
    IFS= read -r want <"$expected"
    run_validate "$yaml"
    if [ "$status" -ne 1 ]; then
        fail "$yaml: exit status $status, expected 1"
    elif [ "$first" != "$want" ]; then
        fail "$yaml: first line differs"
        printf '  expected: %s\n  got:      %s\n' "$want" "$first"
    else
        pass
    fi
done

# --- generated inputs ----------------------------------------------------------

# check_generated FILE PATTERN: the first line must be FILE, a colon, then
# text matching the shell PATTERN.
check_generated() {
    local file=$1 pattern=$2
    run_validate "$file"
    if [ "$status" -ne 1 ]; then
        fail "$file: exit status $status, expected 1"
    elif [[ $first != "$file":$pattern ]]; then # $pattern unquoted: a pattern
        fail "$file: first line does not match '$pattern'"
        printf '  got: %.300s\n' "$first"
    else
        pass
    fi
}

# time_ms FILE: how long `scd validate FILE` takes, in ms, into $ms; the exit
# status into $status.
time_ms() {
    local start end
    start=$(date +%s%N)
    "$SCD" --root . validate "$1" >/dev/null 2>&1
    status=$?
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
}

# check_fast FILE: rejected within LIMIT_MS of the time an empty file takes.
# The empty file's time is what every run pays (start-up and loading the
# root's rules, which a sanitizer build makes slow on its own); what is left
# is the cost of the hostile input itself. Three rounds, each timing both
# back to back, keeping the fastest of each, so one scheduling hiccup on a
# busy machine does not fail the suite.
check_fast() {
    local best='' base='' file_status
    for _ in 1 2 3; do
        time_ms "$1"
        file_status=$status
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
        time_ms "$TMP/cities/empty.yaml"
        if [ -z "$base" ] || [ "$ms" -lt "$base" ]; then base=$ms; fi
    done
    if [ "$file_status" -ne 1 ]; then
        fail "$1: exit status $file_status, expected 1"
    elif [ $((best - base)) -ge "$LIMIT_MS" ]; then
        fail "$1: rejected in $best ms, $((best - base)) ms more than an empty file (limit $LIMIT_MS ms)"
    else
        pass
    fi
}

mkdir -p "$TMP/cities" "$TMP/solutions" "$TMP/vendors" "$TMP/rules"
: >"$TMP/cities/empty.yaml"
city_head=$(sed -n '1,6p' tests/bad/cities/unknown-field.yaml)

# A file over the 1 MiB limit: a valid start, then one long comment.
f=$TMP/cities/big-file.yaml
{ printf '%s\n#' "$city_head"; head -c 1048576 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$f"
size=$(wc -c <"$f" | tr -d ' ')
check_generated "$f" "1:1: file is $size bytes, larger than the 1048576-byte limit"

# A scalar over the 64 KiB limit.
f=$TMP/cities/long-scalar.yaml
{ printf 'id: long-scalar\nname: '; head -c 70000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$f"
check_generated "$f" "2:7: name: scalar of 70000 bytes is longer than the 65536-byte limit"

# More than 100,000 nodes, in a file well under 1 MiB.
f=$TMP/vendors/many-nodes.yaml
{ printf 'id: many-nodes\npresence: ['; yes 'KR,' | head -n 100001 | tr -d '\n'; printf 'KR]\n'; } >"$f"
check_generated "$f" "2:*: presence\\[*\\]: document has more than 100000 nodes"

# 10^5 levels of nesting: rejected at level 65, quickly.
f=$TMP/cities/deep-nesting.yaml
{ head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '\n'; } >"$f"
check_generated "$f" "1:65: *: nesting deeper than 64 levels"
check_fast "$f"

# A billion laughs: refused at the first anchor, before any expansion.
check_fast tests/bad/cities/alias-bomb.yaml

# 50 MiB: refused from its size alone, without reading it.
f=$TMP/solutions/huge-file.yaml
head -c 52428800 /dev/zero >"$f"
check_generated "$f" "1:1: file is 52428800 bytes, larger than the 1048576-byte limit"
check_fast "$f"
rm -f "$f"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
