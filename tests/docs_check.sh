#!/bin/sh
# README's field reference must be exactly what `scd schema` prints, so the
# documentation cannot drift from the validator's tables.
scd=${1:-./scd}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/<!-- schema:begin -->/,/<!-- schema:end -->/p' README.md | sed '1d;$d' > "$tmp/readme"
"$scd" schema > "$tmp/schema"
if cmp -s "$tmp/readme" "$tmp/schema"; then
    echo "1 passed, 0 failed"
else
    diff "$tmp/readme" "$tmp/schema" | head -20
    echo "README field reference differs from 'scd schema'; regenerate it"
    echo "0 passed, 1 failed"
    exit 1
fi
