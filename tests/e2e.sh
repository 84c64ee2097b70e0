#!/usr/bin/env bash
# tests/e2e.sh SCD_BINARY - end-to-end tests of the real binary, on the
# shipped registry and on copies of it in a temporary folder: help, usage
# errors and exit codes, validate (text and JSON), --root and SCD_ROOT,
# stats, and that validation never writes to the files it checks.
# Needs only a POSIX userland (no jq, no python). Prints one line per
# failure and `N passed, M failed`.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/e2e.sh SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ]; then
    echo "e2e: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
REPO=$PWD

passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-e2e.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
unset SCD_ROOT

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}
note() { printf 'SKIP %s\n' "$*"; }

# run ARGS...: run scd, keeping stdout in $TMP/out, stderr in $TMP/err and
# the exit status in $status.
run() {
    "$SCD" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
}

# expect_status WANT NAME
expect_status() {
    if [ "$status" -eq "$1" ]; then pass; else fail "$2: exit status $status, expected $1"; fi
}

# expect_grep FILE REGEX NAME: an extended regular expression must match a line of FILE.
expect_grep() {
    if grep -Eq -- "$2" "$1"; then pass; else fail "$3: no line matching '$2' in $(basename "$1")"; fi
}

expect_no_grep() {
    if grep -Eq -- "$2" "$1"; then fail "$3: unexpected line matching '$2' in $(basename "$1")"; else pass; fi
}

expect_empty() {
    if [ ! -s "$1" ]; then pass; else fail "$2: expected no output on $(basename "$1"), got: $(head -c 200 "$1")"; fi
}

# A listing of every file under DIR with its checksum, size and mtime.
tree_sum() {
    (cd "$1" && find . -type f -exec cksum {} + | sort && find . -type f -exec stat -c '%n %Y %s' {} + | sort)
}

# --- help and usage --------------------------------------------------------------

run --help
expect_status 0 "scd --help"
expect_grep "$TMP/out" '^usage: scd ' "scd --help"
expect_grep "$TMP/out" '^  validate ' "scd --help lists validate"

run help
expect_status 0 "scd help"
expect_grep "$TMP/out" '^  stats ' "scd help lists stats"

run help validate
expect_status 0 "scd help validate"
expect_grep "$TMP/out" '^usage: scd validate' "scd help validate"

run validate --help
expect_status 0 "scd validate --help"
expect_grep "$TMP/out" '^usage: scd validate' "scd validate --help"
expect_grep "$TMP/out" '--format' "scd validate --help documents --format"

for cmd in stats schema; do
    run "$cmd" --help
    expect_status 0 "scd $cmd --help"
    expect_grep "$TMP/out" "^usage: scd $cmd" "scd $cmd --help"
done

run --version
expect_status 0 "scd --version"
expect_grep "$TMP/out" '^scd [0-9]' "scd --version"

run
expect_status 2 "scd with no command"

run frobnicate
expect_status 2 "unknown command"
expect_grep "$TMP/err" "frobnicate" "unknown command is named"
expect_empty "$TMP/out" "unknown command"

run help frobnicate
expect_status 2 "scd help UNKNOWN"

run --frobnicate validate
expect_status 2 "unknown global option"

run validate --frobnicate
expect_status 2 "unknown validate option"
expect_grep "$TMP/err" '^usage: scd validate' "unknown validate option shows usage"

run validate --format xml
expect_status 2 "validate --format xml"
expect_grep "$TMP/err" "xml" "bad format is named"

run stats --frobnicate
expect_status 2 "unknown stats option"

run stats extra
expect_status 2 "stats with an argument"

run schema frobnicate
expect_status 2 "schema UNKNOWN"

run schema city
expect_status 0 "schema city"
# shellcheck disable=SC2016 # backquotes are Markdown here
expect_grep "$TMP/out" '^\| `population` \| integer \| yes ' "schema city lists population"

run validate no/such/file.yaml
expect_status 2 "validate a path that does not exist"
expect_grep "$TMP/out" "cannot open 'no/such/file.yaml'" "missing path is named"

# --- the shipped registry ----------------------------------------------------------

have_data=1
for d in cities solutions; do
    if [ -z "$(find "$d" -maxdepth 1 -name '*.yaml' 2>/dev/null | head -n 1)" ]; then
        have_data=0
    fi
done
if [ "$have_data" -eq 1 ]; then
    run validate
    expect_status 0 "validate the shipped registry"
    expect_empty "$TMP/out" "validate the shipped registry"
    expect_grep "$TMP/err" ' 0 problems$' "validate summary"

    run validate .
    expect_status 0 "validate . (the root as a folder)"

    run validate --format json
    expect_status 0 "validate --format json on the shipped registry"
    if [ "$(tr -d ' \n' <"$TMP/out")" = "[]" ]; then pass; else fail "valid registry in JSON is not []"; fi

    run validate cities/ solutions/
    expect_status 0 "validate cities/ solutions/"
else
    note "validate the shipped registry: cities/ or solutions/ is still empty"
fi

# --- validate: problems, text and JSON -------------------------------------------------

bad=tests/bad/cities/unknown-field.yaml
run validate "$bad"
expect_status 1 "validate a bad file"
expect_grep "$TMP/out" "^$bad:[0-9]+:[0-9]+: area_km: unknown field 'area_km' \\(did you mean 'area_km2'\\?\\)$" \
    "bad file diagnostic"
expect_grep "$TMP/err" '1 with problems' "bad file summary"

run validate --format json "$bad"
expect_status 1 "validate --format json on a bad file"
# The first element of the array, keys in order, values typed.
json=$(tr -d '\n' <"$TMP/out" | sed 's/[[:space:]]*\([][{}:,]\)[[:space:]]*/\1/g')
q="'"
case $json in
"[{\"file\":\"$bad\",\"line\":"[0-9]*",\"column\":"[0-9]*",\"path\":\"area_km\",\"message\":\"unknown field ${q}area_km${q}"*"\"}"*"]")
    pass ;;
*)
    fail "JSON output is not an array of {file, line, column, path, message}: $(head -c 300 "$TMP/out")" ;;
esac
expect_empty "$TMP/err" "validate --format json prints no summary"

run validate --format=json tests/bad/cities/unknown-kpi.yaml tests/bad/cities/unknown-field.yaml
expect_status 1 "validate --format=json with two files"
if [ "$(grep -c '"file":' "$TMP/out")" -ge 2 ]; then pass; else fail "two bad files give two JSON entries"; fi

# A message quoting a long non-ASCII key stays valid UTF-8, so JSON keeps it.
run validate --format json tests/bad/cities/long-unicode-key.yaml
expect_status 1 "validate --format json on a long non-ASCII key"
expect_grep "$TMP/out" '"message": "unknown field ' "long non-ASCII key survives in JSON"

run validate tests/bad/cities
expect_status 1 "validate a folder of bad files"
n=$(cut -d: -f1 "$TMP/out" | sort -u | wc -l)
want=$(find tests/bad/cities -name '*.yaml' | wc -l)
if [ "$n" -eq "$want" ]; then pass; else fail "validate tests/bad/cities reports $n files, expected $want"; fi

run validate tests/bad
expect_status 1 "validate a folder holding kind folders"

run validate "$bad" no/such/file.yaml
expect_status 2 "a missing path wins over problems"

mkdir -p "$TMP/drafts"
cp tests/bad/vendors/unknown-field.yaml "$TMP/drafts/x.yaml"
run validate "$TMP/drafts/x.yaml"
expect_status 1 "a file outside a kind folder"
expect_grep "$TMP/out" "cannot tell what kind of file this is" "file outside a kind folder"

# --- --root and SCD_ROOT on a copy ---------------------------------------------------------

reg=$TMP/registry
mkdir -p "$reg"
for d in rules vendors cities solutions; do
    if [ -d "$d" ]; then cp -R "$d" "$reg/"; else mkdir -p "$reg/$d"; fi
done
cp tests/bad/cities/unknown-field.yaml "$reg/cities/unknown-field.yaml"
sum_before=$(tree_sum "$reg")

cd "$TMP" || exit 2
run --root "$reg" validate
expect_status 1 "--root DIR with an invalid file"
expect_grep "$TMP/out" "^$reg/cities/unknown-field.yaml:6:1: area_km: unknown field" "--root names the invalid file"
expect_no_grep "$TMP/out" '^rules:|no rules folder' "--root DIR has its rules"

run validate --root "$reg"
expect_status 1 "validate --root DIR (command option)"
expect_grep "$TMP/out" "^$reg/cities/unknown-field.yaml:" "validate --root names the invalid file"

SCD_ROOT=$reg run validate
expect_status 1 "SCD_ROOT=DIR with an invalid file"
expect_grep "$TMP/out" "^$reg/cities/unknown-field.yaml:" "SCD_ROOT names the invalid file"

SCD_ROOT=/nonexistent run --root "$reg" validate
expect_status 1 "--root wins over SCD_ROOT"
expect_grep "$TMP/out" "^$reg/cities/unknown-field.yaml:" "--root wins over SCD_ROOT"

run --root "$reg" validate "$reg/vendors"
expect_status 0 "validate one valid folder of the copy"

run --root "$TMP/nowhere" validate
expect_status 2 "--root at a folder that does not exist"
expect_grep "$TMP/out" 'is not a folder' "a missing root is reported"

mkdir -p "$TMP/empty-root"
run --root "$TMP/empty-root" validate
expect_status 1 "--root at a folder that is not a registry"
expect_grep "$TMP/out" 'no rules folder' "not a registry is reported"

run --root "$TMP/empty-root" validate "$reg/vendors"
expect_status 1 "named files need the root's rules"
expect_grep "$TMP/out" 'no rules folder' "named files without rules are reported"

run --root "$reg" stats --format json
expect_status 0 "stats --format json on a copy with an invalid file"
for key in cities problems solutions vendors domains kpis; do
    expect_grep "$TMP/out" "^  \"$key\": [0-9]+,?$" "stats JSON has $key"
done
expect_grep "$TMP/err" 'warning' "stats warns about the invalid file"

rm "$reg/cities/unknown-field.yaml"
sum_before=$(tree_sum "$reg")
if [ "$have_data" -eq 1 ]; then
    SCD_ROOT=$reg run validate
    expect_status 0 "SCD_ROOT=DIR, all valid"
    run --root "$reg" stats --format json
    n=$(find "$reg/cities" -name '*.yaml' | wc -l)
    expect_grep "$TMP/out" "^  \"cities\": $n,$" "stats counts every city"
    n=$(find "$reg/solutions" -name '*.yaml' | wc -l)
    expect_grep "$TMP/out" "^  \"solutions\": $n,$" "stats counts every solution"
    n=$(find "$reg/vendors" -name '*.yaml' | wc -l)
    expect_grep "$TMP/out" "^  \"vendors\": $n,$" "stats counts every vendor"
fi

run --root "$reg" stats
expect_status 0 "stats text"
expect_grep "$TMP/out" '^cities +[0-9]+' "stats text lists cities"

# A rule file named on the command line replaces the root's of its kind:
# a taxonomy without the domain a solution uses makes that solution invalid.
sol=$(grep -l '^domains: \[mobility/parking' "$reg"/solutions/*.yaml 2>/dev/null | head -n 1)
if [ -n "$sol" ]; then
    mkdir -p "$TMP/next/rules"
    sed 's#^  - id: mobility/parking$#  - id: mobility/parking-renamed#' "$reg/rules/taxonomy.yaml" \
        >"$TMP/next/rules/taxonomy.yaml"
    run --root "$reg" validate "$TMP/next/rules/taxonomy.yaml" "$sol"
    expect_status 1 "a named taxonomy replaces the root's"
    expect_grep "$TMP/out" "^$sol:[0-9]+:[0-9]+: domains\\[0\\]: unknown domain 'mobility/parking'" \
        "named taxonomy is the one references are checked against"
    run --root "$reg" validate "$sol"
    expect_status 0 "the same solution against the root's taxonomy"
else
    note "named taxonomy replacement: no solution in mobility/parking"
fi

# --- validation never writes ----------------------------------------------------------------

for f in "$REPO"/tests/bad/*/*.yaml; do
    mkdir -p "$reg/$(basename "$(dirname "$f")")"
    cp "$f" "$reg/$(basename "$(dirname "$f")")/"
done
sum_before=$(tree_sum "$reg")
run --root "$reg" validate
run --root "$reg" validate --format json
run --root "$reg" validate "$reg/cities" "$reg/rules"
run --root "$reg" stats
run --root "$reg" stats --format json
sum_after=$(tree_sum "$reg")
if [ "$sum_before" = "$sum_after" ]; then pass; else fail "validation changed files under the registry"; fi
cd "$REPO" || exit 2

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
