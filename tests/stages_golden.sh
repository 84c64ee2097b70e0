#!/bin/sh
# tests/stages_golden.sh [--update] SCD_BINARY - the stage documents, end to end.
#
#   golden   for three shipped cities (kampala: USD, porto: EUR, da-nang: VND,
#            text in Vietnamese) every stage in every format, and two pinned
#            packages: `scd stage STAGE --city CITY --format FMT` byte-identical
#            to tests/stages/CITY/STAGE.FMT (run from the repository root)
#   html     every page self-contained: no scripts, no external links or assets
#   -o FILE  the file holds exactly what stdout shows
#   rules    a rule set without package/finance: no bonus, no NPV, and the documents say so
#   demo     `scd demo --out DIR` writes 3 documents x 3 formats per city
#   usage    a missing or unknown stage or city, --solution on the activator,
#            an unknown pin, a bad format, an outline of another stage
#   outline  `scd validate` reports a broken outline with FILE:LINE:COL
#   README   every figure the shipped outlines use is in README's figure table
# --update rewrites the golden files from the current binary instead (review
# the diff before committing it). Only sh, grep, cmp, diff and coreutils.
# Prints `N passed, M failed`.
set -u

update=0
if [ "${1:-}" = --update ]; then
    update=1
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: tests/stages_golden.sh [--update] SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ] || [ -d "$SCD" ]; then
    echo "stages_golden: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
unset SCD_ROOT

TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-stages.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# golden NAME ARGS...: stdout of scd ARGS against tests/stages/NAME.
golden() {
    name=$1
    shift
    want=tests/stages/$name
    if ! "$SCD" "$@" >"$TMP/out" 2>"$TMP/err"; then
        fail "$name: scd $*: exit status $?"
        sed 's/^/  /' "$TMP/err" | head -n 10
        return
    fi
    if [ "$update" -eq 1 ]; then
        mkdir -p "$(dirname "$want")"
        if [ -f "$want" ] && cmp -s "$want" "$TMP/out"; then
            :
        else
            cp "$TMP/out" "$want" && echo "updated $want"
        fi
        pass
        return
    fi
    if [ ! -f "$want" ]; then
        fail "$name: no golden file (run tests/stages_golden.sh --update SCD)"
    elif cmp -s "$want" "$TMP/out"; then
        pass
    else
        fail "$name: output differs from $want"
        diff -u "$want" "$TMP/out" | head -n 30 | sed 's/^/  /'
    fi
}

for city in kampala porto da-nang; do
    for stage in activator finder implementer; do
        for fmt in md html json; do
            golden "$city/$stage.$fmt" stage "$stage" --city "$city" --format "$fmt"
        done
    done
done
golden kampala/finder-pinned.md stage finder --city kampala --solution terralog-land-registry
golden kampala/implementer-pinned.md stage implementer --city kampala --solution verdeco-fill-level \
    --solution hydroguard-floodwatch

# HTML pages stand alone: no script, no stylesheet or image fetched from anywhere.
for f in tests/stages/*/*.html; do
    if grep -qiE '<script|<link|<img|<iframe|src=|https?://|@import|url\(' "$f"; then
        fail "$f: not self-contained"
        grep -niE '<script|<link|<img|<iframe|src=|https?://|@import|url\(' "$f" | head -n 3 | sed 's/^/  /'
    else
        pass
    fi
done

# -o writes what stdout would show.
"$SCD" stage finder --city porto --format html >"$TMP/stdout.html" 2>/dev/null
if "$SCD" stage finder --city porto --format html -o "$TMP/file.html" >"$TMP/o.out" 2>&1 &&
    cmp -s "$TMP/stdout.html" "$TMP/file.html" && [ ! -s "$TMP/o.out" ]; then
    pass
else
    fail "-o FILE: differs from stdout, or printed something"
fi

# demo: every city, three stages, three formats.
if "$SCD" demo --out "$TMP/demo" >"$TMP/demo.out" 2>"$TMP/demo.err"; then
    cities=$(ls cities/*.yaml | wc -l)
    files=$(find "$TMP/demo" -type f | wc -l)
    if [ "$files" -eq $((cities * 9)) ] && grep -q "^wrote $files documents to $TMP/demo/" "$TMP/demo.out"; then
        pass
    else
        fail "demo: $files files for $cities cities, or no summary line"
        sed 's/^/  /' "$TMP/demo.out" | tail -n 3
    fi
else
    fail "demo: exit status $?"
    sed 's/^/  /' "$TMP/demo.err" | head -n 5
fi

# A rule set with no package or finance block: no bonus, costs without NPV, said in words.
sed '/^package:/,$d' rules/default.yaml >"$TMP/bare.yaml"
if "$SCD" stage implementer --city kampala --rules "$TMP/bare.yaml" >"$TMP/bare.md" 2>"$TMP/bare.err" &&
    grep -q "The rule set states no benefit assumption" "$TMP/bare.md" &&
    grep -q "The rule set gives no bonus for shared standards or vendors" "$TMP/bare.md" &&
    "$SCD" stage implementer --city kampala --rules "$TMP/bare.yaml" --format json |
    grep -q '"npv": null'; then
    pass
else
    fail "a rule set without package and finance: documents do not say so"
    sed 's/^/  /' "$TMP/bare.err" | head -n 5
fi

# usage: exit status and a message on stderr.
expect() {
    want=$1
    pattern=$2
    shift 2
    "$SCD" "$@" >"$TMP/u.out" 2>"$TMP/u.err"
    status=$?
    if [ "$status" -ne "$want" ]; then
        fail "scd $*: exit status $status, expected $want"
        sed 's/^/  stderr: /' "$TMP/u.err" | head -n 3
    elif ! grep -qE -e "$pattern" "$TMP/u.err"; then
        fail "scd $*: stderr does not match '$pattern'"
        sed 's/^/  stderr: /' "$TMP/u.err" | head -n 3
    elif [ -s "$TMP/u.out" ]; then
        fail "scd $*: wrote to stdout"
    else
        pass
    fi
}
expect 2 "which stage" stage --city kampala
expect 2 "unknown stage 'bogus'" stage bogus --city kampala
expect 2 "--city ID is required" stage finder
expect 1 "no city 'atlantis'" stage finder --city atlantis
expect 2 "unknown format 'pdf'" stage finder --city kampala --format pdf
expect 2 "applies to the finder and implementer" stage activator --city kampala --solution verdeco-rota-lite
expect 2 "no solution 'no-such-solution'" stage finder --city kampala --solution no-such-solution
expect 2 "answers none of Kampala's problems" stage finder --city kampala --solution medibridge-clinic-ehr
expect 2 "has no problem 'nowhere'" stage finder --city kampala --solution verdeco-rota-lite@nowhere
expect 2 "outline of the finder stage, not of activator" stage activator --city kampala \
    --outline rules/outlines/finder.en.yaml
expect 2 "no activator outline in language 'fr'" stage activator --city kampala --language fr

# outline: a broken copy is reported with its place, by validate and by stage.
mkdir -p "$TMP/reg/rules/outlines"
sed 's/figure: shortlist$/figure: shortlst/' rules/outlines/activator.en.yaml >"$TMP/reg/rules/outlines/activator.en.yaml"
"$SCD" validate "$TMP/reg/rules/outlines/activator.en.yaml" >"$TMP/v.out" 2>"$TMP/v.err"
status=$?
if [ "$status" -eq 1 ] &&
    grep -qE "^$TMP/reg/rules/outlines/activator.en.yaml:[0-9]+:[0-9]+: sections\[2\]\.sections\[0\]\.blocks\[3\]\.figure: unknown figure 'shortlst' \(did you mean 'shortlist'\?\)$" "$TMP/v.out"; then
    pass
else
    fail "validate of a broken outline: exit status $status"
    sed 's/^/  /' "$TMP/v.out" | head -n 3
fi
expect 1 "unknown figure 'shortlst'" stage activator --city kampala --outline "$TMP/reg/rules/outlines/activator.en.yaml"

# README documents every figure the shipped outlines place.
for fig in $(sed -n 's/^ *- figure: *\([a-z-]*\).*/\1/p' rules/outlines/*.yaml | sort -u); do
    if grep -q "^| \`$fig\` |" README.md; then
        pass
    else
        fail "README: figure '$fig' is not in the figure table of 'Stage documents'"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
