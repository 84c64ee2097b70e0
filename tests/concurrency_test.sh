#!/usr/bin/env bash
# tests/concurrency_test.sh SCD_BINARY [PER_PROCESS] - two processes submit
# at the same time, PER_PROCESS submissions each (default 500), all new
# versions of the same city, every tenth approved on submission (so both
# also write the registry file). Every `scd submit` must succeed (the write
# lock is waited for, never refused); afterwards the database holds all
# 2 x PER_PROCESS versions, numbered 1..2 x PER_PROCESS without a gap or a
# duplicate, each with the sha-256 of its text, and `scd check` finds the
# file and the database consistent. Prints `N passed, M failed`.
set -u

if [ $# -lt 1 ]; then
    echo "usage: tests/concurrency_test.sh SCD_BINARY [PER_PROCESS]" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
N=${2:-500}
cd "$(dirname "$0")/.." || exit 2
REPO=$PWD
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-concurrency.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
unset SCD_ROOT SCD_DB

REG=$TMP/reg
mkdir -p "$REG" "$TMP/texts"
cp -r "$REPO/cities" "$REPO/solutions" "$REPO/vendors" "$REPO/rules" "$REG/"
cp "$REG/cities/kampala.yaml" "$TMP/base.yaml"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# worker P: N submissions; prints one line per failure to its log.
worker() {
    local p=$1 i text
    for i in $(seq 1 "$N"); do
        text=$TMP/texts/$p-$i.yaml
        { cat "$TMP/base.yaml"; printf '# process %s, submission %s\n' "$p" "$i"; } >"$text"
        if [ $((i % 10)) -eq 0 ]; then
            "$SCD" --root "$REG" submit city "$text" --by "worker-$p" --approve >/dev/null 2>"$TMP/err-$p"
        else
            "$SCD" --root "$REG" submit city "$text" --by "worker-$p" >/dev/null 2>"$TMP/err-$p"
        fi || echo "process $p submission $i: exit $?: $(head -c 200 "$TMP/err-$p")"
    done >"$TMP/log-$p"
}

start=$(date +%s)
worker 1 &
pid1=$!
worker 2 &
pid2=$!
wait "$pid1" "$pid2"
elapsed=$(($(date +%s) - start))

for p in 1 2; do
    if [ -s "$TMP/log-$p" ]; then
        fail "process $p: $(wc -l <"$TMP/log-$p") submissions failed, first: $(head -1 "$TMP/log-$p")"
    else
        pass
    fi
done

"$SCD" --root "$REG" history kampala --format json >"$TMP/history.json" 2>"$TMP/history.err"
total=$((2 * N))
got=$(grep -c '"version":' "$TMP/history.json")
if [ "$got" -eq "$total" ]; then pass; else fail "$got versions stored, expected $total"; fi
grep '"version":' "$TMP/history.json" | tr -dc '0-9\n' | sort -n >"$TMP/versions"
seq 1 "$total" >"$TMP/expected-versions"
if cmp -s "$TMP/versions" "$TMP/expected-versions"; then pass; else fail "versions are not exactly 1..$total"; fi
sed -n 's/.*"sha256": "\([0-9a-f]*\)".*/\1/p' "$TMP/history.json" | sort >"$TMP/stored-shas"
(cd "$TMP/texts" && sha256sum -- *.yaml | cut -d' ' -f1 | sort) >"$TMP/text-shas"
if cmp -s "$TMP/stored-shas" "$TMP/text-shas"; then pass; else fail "the stored sha-256 values are not those of the $total texts"; fi
approved=$(grep -c '"status": "approved"' "$TMP/history.json")
# Each process approves its every tenth submission.
if [ "$approved" -eq $((2 * (N / 10))) ]; then pass; else fail "$approved approved versions, expected $((2 * (N / 10)))"; fi
"$SCD" --root "$REG" check >"$TMP/check.out" 2>&1
status=$?
if [ "$status" -eq 0 ]; then pass; else fail "scd check after the concurrent run: exit $status: $(head -c 400 "$TMP/check.out")"; fi

printf 'concurrency test: 2 processes x %s submissions in %ss, %s stored, %s lost\n' "$N" "$elapsed" "$got" "$((total - got))"
printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
