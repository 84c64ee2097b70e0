#!/bin/sh
# tests/golden.sh [--update] SCD_BINARY - golden end-to-end cases.
#
# Each tests/cases/NAME/ holds:
#   args      one line: the scd arguments, e.g. `match --city kampala --format json`
#             (paths in it are relative to the repository root)
#   root/     optional registry root; without it the repository root is used
#   expected  the exact stdout of `SCD --root ROOT ARGS`, run from the repository root
# A case passes when scd exits 0 and stdout is byte-identical to expected.
# --update rewrites every expected from the current binary instead (review
# the diff before committing it). Prints `N passed, M failed`.
#
# The cases on the shipped registry depend on rules/ (taxonomy keywords,
# default rule set): after changing rules/, run `tests/golden.sh --update ./scd`.
set -u

usage() {
    echo "usage: tests/golden.sh [--update] SCD_BINARY" >&2
    exit 2
}

update=0
if [ "${1:-}" = --update ]; then
    update=1
    shift
fi
[ $# -eq 1 ] || usage
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ] || [ -d "$SCD" ]; then
    echo "golden: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2

TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-golden.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

for dir in tests/cases/*/; do
    [ -d "$dir" ] || continue
    dir=${dir%/}
    name=${dir##*/}
    if [ ! -f "$dir/args" ]; then
        fail "$name: no args file"
        continue
    fi
    args=
    IFS= read -r args <"$dir/args" || [ -n "$args" ] || {
        fail "$name: empty args file"
        continue
    }
    root=.
    [ -d "$dir/root" ] && root=$dir/root
    # The arguments are words split on blanks, never globbed.
    set -f
    # shellcheck disable=SC2086
    "$SCD" --root "$root" $args >"$TMP/out" 2>"$TMP/err"
    status=$?
    set +f
    if [ "$status" -ne 0 ]; then
        fail "$name: scd --root $root $args: exit status $status"
        sed 's/^/  /' "$TMP/err" | head -n 20
        continue
    fi
    if [ "$update" -eq 1 ]; then
        if [ -f "$dir/expected" ] && cmp -s "$dir/expected" "$TMP/out"; then
            echo "unchanged $name"
        else
            cp "$TMP/out" "$dir/expected" || { fail "$name: cannot write $dir/expected"; continue; }
            echo "updated $name"
        fi
        pass
        continue
    fi
    if [ ! -f "$dir/expected" ]; then
        fail "$name: no expected file (run tests/golden.sh --update SCD)"
        continue
    fi
    if cmp -s "$dir/expected" "$TMP/out"; then
        pass
    else
        fail "$name: output differs from $dir/expected"
        diff -u "$dir/expected" "$TMP/out" | head -n 40 | sed 's/^/  /'
    fi
done

if [ $((passed + failed)) -eq 0 ]; then
    fail "no cases in tests/cases/"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
