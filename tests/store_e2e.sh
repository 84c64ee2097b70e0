#!/usr/bin/env bash
# tests/store_e2e.sh SCD_BINARY - end-to-end tests of the store commands
# (submit, review, history, show, diff, check, audit) on a copy of the
# shipped registry in a temporary folder: every success path, every
# rejection path (invalid file, wrong kind, unknown id, bad version, not
# pending, usage errors) with its exit status and message, that a rejected
# submission leaves the database and the registry byte for byte as they
# were, atomic approval, check/repair and recovery of an interrupted
# approval, --db and SCD_DB. Needs only a POSIX userland and sha256sum.
# Prints one line per failure and `N passed, M failed`.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/store_e2e.sh SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ]; then
    echo "store_e2e: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
REPO=$PWD

passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-store-e2e.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
unset SCD_ROOT SCD_DB

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*"
}

# run ARGS...: scd on the test registry; stdout in $TMP/out, stderr in
# $TMP/err, exit status in $status.
run() {
    "$SCD" --root "$REG" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
}

expect_status() {
    if [ "$status" -eq "$1" ]; then pass; else fail "$2: exit status $status, expected $1 (stderr: $(head -c 300 "$TMP/err"))"; fi
}
expect_grep() {
    if grep -Eq -- "$2" "$1"; then pass; else fail "$3: no line matching '$2' in $(basename "$1"): $(head -c 400 "$1")"; fi
}
expect_no_grep() {
    if grep -Eq -- "$2" "$1"; then fail "$3: unexpected line matching '$2' in $(basename "$1")"; else pass; fi
}
expect_same() {
    if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ"; fi
}
expect_true() {
    if eval "$1"; then pass; else fail "$2"; fi
}

# Checksums of every file of the registry folder and the database files.
state_sum() {
    (cd "$REG" && find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

REG=$TMP/reg
mkdir -p "$REG"
cp -r "$REPO/cities" "$REPO/solutions" "$REPO/vendors" "$REPO/rules" "$REG/"
K=$REG/cities/kampala.yaml
cp "$K" "$TMP/kampala.orig"

# --- help and usage errors ---------------------------------------------------------

for cmd in submit review history show diff check audit; do
    run help "$cmd"
    expect_status 0 "scd help $cmd"
    expect_grep "$TMP/out" "^usage: scd $cmd" "scd help $cmd"
    run "$cmd" --help
    expect_status 0 "scd $cmd --help"
    expect_grep "$TMP/out" "--db PATH" "scd $cmd --help documents --db"
    run "$cmd" --frobnicate
    expect_status 2 "scd $cmd --frobnicate"
    expect_grep "$TMP/err" "^usage: scd $cmd" "scd $cmd unknown option shows usage"
done
run help
expect_grep "$TMP/out" '^  submit ' "scd help lists submit"
expect_grep "$TMP/out" '^  audit ' "scd help lists audit"

run submit
expect_status 2 "submit without arguments"
run submit town "$K" --by a
expect_status 2 "submit with an unknown kind"
expect_grep "$TMP/err" "unknown kind 'town'" "unknown kind is named"
run submit city "$K"
expect_status 2 "submit without --by"
expect_grep "$TMP/err" "--by NAME is required" "missing --by is explained"
run submit city "$TMP/no-such.yaml" --by a
expect_status 2 "submit of a missing file"
expect_grep "$TMP/err" "cannot open '$TMP/no-such.yaml'" "missing file is named"
run submit city "$K" --by a --format xml
expect_status 2 "submit --format xml"
run review abc
expect_status 2 "review with a non-numeric id"
run review 0
expect_status 2 "review 0"
run review --approve --by a
expect_status 2 "review --approve without an id"
run review 1 --approve
expect_status 2 "review --approve without --by"
run review 1 --reject --by a
expect_status 2 "review --reject without --reason"
expect_grep "$TMP/err" "--reason" "missing reason is explained"
run review 1 --approve --reject --by a --reason x
expect_status 2 "review --approve --reject"
run review 1 --approve --by a --reason x
expect_status 2 "review --approve --reason"
run history
expect_status 2 "history without an id"
run history a b
expect_status 2 "history with two ids"
run history kampala --kind town
expect_status 2 "history --kind town"
run show kampala --version 0
expect_status 2 "show --version 0"
run show kampala --version abc
expect_status 2 "show --version abc"
run diff kampala 1
expect_status 2 "diff with one version"
run diff kampala 1 x
expect_status 2 "diff with a bad version"
expect_grep "$TMP/err" "bad version 'x'" "bad version is named"
run audit --since yesterday
expect_status 2 "audit --since yesterday"
run audit --since 2024-13-01
expect_status 2 "audit --since with month 13"
run check extra
expect_status 2 "check with an argument"
expect_true '[ ! -e "$REG/scd.db" ]' "usage errors create no database"

# --- a rejected submission changes nothing -----------------------------------------------

# The same problems as `scd validate` prints for the file in a cities/ folder.
mkdir -p "$TMP/bad/cities"
sed -e 's/^population: .*/population: lots/' -e 's/^country: UG/country: XX/' -e 's/^name: Kampala/nme: Kampala/' \
    "$K" >"$TMP/bad/cities/kampala.yaml"
"$SCD" --root "$REG" validate "$TMP/bad/cities/kampala.yaml" >"$TMP/validate.out" 2>/dev/null
before=$(state_sum)
run submit city "$TMP/bad/cities/kampala.yaml" --by alice
expect_status 1 "submit of an invalid city"
expect_same "$TMP/out" "$TMP/validate.out" "submit prints the problems exactly as validate does"
expect_grep "$TMP/out" "^$TMP/bad/cities/kampala.yaml:[0-9]+:[0-9]+: population: " "problems name the file, line and field"
expect_grep "$TMP/err" "not stored: [0-9]+ problems" "submit says nothing was stored"
expect_true '[ "$(wc -l <"$TMP/out")" -ge 3 ]' "every problem is reported, not just the first"
expect_true '[ "$before" = "$(state_sum)" ]' "an invalid submission leaves registry and database untouched"
expect_true '[ ! -e "$REG/scd.db" ]' "an invalid first submission creates no database"

run submit city "$TMP/bad/cities/kampala.yaml" --by alice --format json
expect_status 1 "submit --format json of an invalid city"
expect_grep "$TMP/out" '"message":' "problems as JSON"

run submit city "$REG/solutions/aerosense-airnode.yaml" --by alice
expect_status 1 "a solution file submitted as a city"
expect_grep "$TMP/out" "this is a solution file, not a city file: submit it with 'scd submit solution'" "the kind mismatch is explained"
run submit solution "$K" --by alice
expect_status 1 "a city file submitted as a solution"
expect_grep "$TMP/out" "this is a city file, not a solution file" "the other kind mismatch is explained"
printf 'id: ../../etc/passwd\nname: x\n' >"$TMP/evil.yaml"
run submit city "$TMP/evil.yaml" --by mallory
expect_status 1 "an id that is not an id"
printf 'not: [valid\n' >"$TMP/broken.yaml"
run submit city "$TMP/broken.yaml" --by alice
expect_status 1 "a file that is not YAML"
expect_grep "$TMP/out" "^$TMP/broken.yaml:[0-9]+:[0-9]+: " "the parse error names the file"
expect_true '[ "$before" = "$(state_sum)" ]' "rejected submissions leave everything untouched"

# --- submit, review, approve ------------------------------------------------------------

# v1: a new census figure, from a file not named after its id (the id decides)
sed 's/^population: .*/population: 1900000/' "$K" >"$TMP/draft.yaml"
run submit city "$TMP/draft.yaml" --by alice --message "2024 census"
expect_status 0 "submit a valid city"
expect_grep "$TMP/out" "^stored submission 1: city 'kampala' version 1, pending review" "submit reports the stored version"
expect_same "$K" "$TMP/kampala.orig" "a pending submission does not touch the registry"
expect_true '[ -e "$REG/scd.db" ]' "the database is created at ROOT/scd.db on first use"

run review
expect_status 0 "review lists pending"
expect_grep "$TMP/out" "^submission 1: city 'kampala' version 1, pending" "review lists submission 1"
expect_grep "$TMP/out" "changes against .*cities/kampala.yaml \(never submitted\)" "first version is compared with the registry file"
expect_grep "$TMP/out" "^    population: 1875800 → 1900000$" "review shows the field diff"
expect_grep "$TMP/out" '"2024 census"' "review shows the message"
run review --format json
expect_status 0 "review --format json"
expect_grep "$TMP/out" '"path": "population"' "review JSON has the changed path"
expect_grep "$TMP/out" '"change": "changed"' "review JSON has the change kind"
expect_grep "$TMP/out" '"status": "pending"' "review JSON has the status"
run review 1
expect_status 0 "review ID shows one"
expect_grep "$TMP/out" "population: 1875800 → 1900000" "review ID shows the diff"

run review 1 --approve --by bob
expect_status 0 "approve submission 1"
expect_grep "$TMP/out" "^approved submission 1: city 'kampala' version 1, written to .*cities/kampala.yaml" "approve reports the file"
expect_same "$K" "$TMP/draft.yaml" "approval writes the exact submitted text"
expect_true '[ -z "$(ls -A "$REG/cities" | grep -E "tmp-|undo|absent")" ]' "approval leaves no temporary files"
run review 1 --approve --by bob
expect_status 1 "approve an approved submission"
expect_grep "$TMP/err" "submission 1 \(city 'kampala' version 1\): it is approved, not pending" "not pending is explained"
run review 1 --reject --reason x --by bob
expect_status 1 "reject an approved submission"
run review 99
expect_status 1 "review an unknown submission"
expect_grep "$TMP/err" "no submission 99" "unknown submission is named"
run review 99 --approve --by bob
expect_status 1 "approve an unknown submission"
run review 99 --reject --reason x --by bob
expect_status 1 "reject an unknown submission"
run review
expect_grep "$TMP/out" "^no submissions pending review$" "nothing pending after approval"

# v2: rejected
sed 's/^population: .*/population: 2500000/' "$K" >"$TMP/v2.yaml"
run submit city "$TMP/v2.yaml" --by carol
expect_status 0 "submit v2"
expect_grep "$TMP/out" "version 2, pending" "v2 is pending"
run review
expect_grep "$TMP/out" "changes against approved version 1 \(submission 1\)" "v2 is compared with the approved version"
expect_grep "$TMP/out" "population: 1900000 → 2500000" "v2 diff"
run review 2 --reject --reason "no source for the figure" --by bob
expect_status 0 "reject v2"
expect_grep "$TMP/out" "^rejected submission 2: city 'kampala' version 2" "reject reports"
expect_same "$K" "$TMP/draft.yaml" "a rejection does not touch the registry"
run review 2 --reject --reason again --by bob
expect_status 1 "reject a rejected submission"
expect_grep "$TMP/err" "it is rejected, not pending" "rejected is not pending"
run review 2 --approve --by bob
expect_status 1 "approve a rejected submission"

# v3: the officer's own edit, approved on submission; adds a problem
{ cat "$TMP/draft.yaml"; printf '  - id: street-lights\n    title: Dark streets at night\n    description: Many streets have no working lights.\n    domain: energy\n    priority: low\n'; } >"$TMP/v3.yaml"
run submit city "$TMP/v3.yaml" --by bob --approve -m "officer edit"
expect_status 0 "submit --approve"
expect_grep "$TMP/out" "^stored submission 3: city 'kampala' version 3, approved and written to .*cities/kampala.yaml" "submit --approve reports"
expect_same "$K" "$TMP/v3.yaml" "submit --approve writes the file"

# v4 pending, v5 approved: approving v4 now would put an older version in place
sed 's/^population: .*/population: 1950000/' "$TMP/v3.yaml" >"$TMP/v4.yaml"
run submit city "$TMP/v4.yaml" --by alice
expect_status 0 "submit v4"
sed 's/^population: .*/population: 1960000/' "$TMP/v3.yaml" >"$TMP/v5.yaml"
run submit city "$TMP/v5.yaml" --by bob --approve
expect_status 0 "submit v5 --approve"
run review 4 --approve --by bob
expect_status 1 "approve a version older than the approved one"
expect_grep "$TMP/err" "older than approved version 5" "older version is explained"
expect_same "$K" "$TMP/v5.yaml" "the refused approval leaves the newer file"
run review 4 --reject --reason superseded --by bob
expect_status 0 "reject v4"

# --- history, show, diff -----------------------------------------------------------------

run history kampala
expect_status 0 "history"
expect_grep "$TMP/out" "^VERSION +SUBMISSION +STATUS" "history has a header"
expect_grep "$TMP/out" "^1 +1 +approved +alice " "history v1"
expect_grep "$TMP/out" "^2 +2 +rejected +carol .*no source for the figure" "history v2 with its reason"
expect_grep "$TMP/out" "^5 +5 +approved +bob " "history v5"
expect_true '[ "$(grep -cE "^[0-9]+ +[0-9]+ +" "$TMP/out")" -eq 5 ]' "history lists 5 versions"
run history kampala --format json
expect_status 0 "history --format json"
for key in id kind object_id version status submitted_by submitted_at message sha256 reviewed_by reviewed_at reason; do
    expect_grep "$TMP/out" "\"$key\":" "history JSON key $key"
done
expect_grep "$TMP/out" "\"sha256\": \"$(sha256sum <"$TMP/draft.yaml" | cut -d' ' -f1)\"" "history records the sha-256 of the text"
run history nowhere
expect_status 1 "history of an unknown id"
expect_grep "$TMP/err" "no submissions for 'nowhere'" "unknown id is named"
run history kampala --kind solution
expect_status 1 "history --kind with no such object"

run show kampala --version 1
expect_status 0 "show --version 1"
expect_same "$TMP/out" "$TMP/draft.yaml" "show prints the exact text of v1"
expect_grep "$TMP/err" "version 1 \(submission 1\), approved" "show summarises on stderr"
run show kampala
expect_same "$TMP/out" "$TMP/v5.yaml" "show prints the latest version by default"
run show kampala -v 2
expect_same "$TMP/out" "$TMP/v2.yaml" "show keeps rejected versions"
run show kampala --version 99
expect_status 1 "show a version that does not exist"
expect_grep "$TMP/err" "city 'kampala' has no version 99 \(versions 1 to 5\)" "bad version is explained"
run show nowhere
expect_status 1 "show an unknown id"
run show kampala --version 3 --format json
expect_status 0 "show --format json"
expect_grep "$TMP/out" '"body": "id: kampala' "show JSON has the body"

run diff kampala 1 2
expect_status 0 "diff"
expect_grep "$TMP/out" "^city 'kampala': version 1 → version 2$" "diff header"
expect_grep "$TMP/out" "^population: 1900000 → 2500000$" "diff shows the field path, old and new"
run diff kampala 1 3
expect_grep "$TMP/out" "^problems\[id=street-lights\]: \(absent\) → \{id: \"street-lights\"" "diff shows an added problem by id"
run diff kampala 3 1
expect_grep "$TMP/out" "^problems\[id=street-lights\]: \{id: .* → \(absent\)$" "diff shows a removed problem"
run diff kampala 1 1
expect_grep "$TMP/out" "^no field changes$" "diff of a version with itself"
run diff kampala 1 3 --format json
expect_grep "$TMP/out" '"change": "added"' "diff JSON"
expect_grep "$TMP/out" '"from": 1' "diff JSON from"
run diff kampala 1 99
expect_status 1 "diff with a version that does not exist"
expect_grep "$TMP/err" "no version 99" "diff names the bad version"
run diff nowhere 1 2
expect_status 1 "diff of an unknown id"

# --- a solution, and a new object ----------------------------------------------------------

S=$REG/solutions/aerosense-airnode.yaml
sed 's/^name: Aerosense AirNode/name: Aerosense AirNode 2/' "$S" >"$TMP/sol.yaml"
run submit solution "$TMP/sol.yaml" --by vendor
expect_status 0 "submit a solution"
sid=$(sed -n 's/^stored submission \([0-9]*\):.*/\1/p' "$TMP/out")
run review "$sid" --approve --by bob --format json
expect_status 0 "approve a solution (json)"
expect_grep "$TMP/out" '"status": "approved"' "approve JSON"
expect_same "$S" "$TMP/sol.yaml" "approved solution written to solutions/"

# a pending version that is no longer valid when reviewed (its vendor left)
sed 's/^name: Aerosense AirNode.*/name: Aerosense AirNode 3/' "$S" >"$TMP/sol3.yaml"
run submit solution "$TMP/sol3.yaml" --by vendor
expect_status 0 "submit a solution to be reviewed later"
sid=$(sed -n 's/^stored submission \([0-9]*\):.*/\1/p' "$TMP/out")
mv "$REG/vendors/aerosense.yaml" "$TMP/aerosense.yaml"
before=$(state_sum)
run review "$sid" --approve --by bob
expect_status 1 "approve a version that is no longer valid"
expect_grep "$TMP/err" "cannot approve submission $sid .*not valid against the registry's current rules and vendors" "no longer valid is explained"
expect_grep "$TMP/out" "vendor" "the problem is printed"
expect_true '[ "$before" = "$(state_sum)" ]' "a refused approval changes nothing"
mv "$TMP/aerosense.yaml" "$REG/vendors/aerosense.yaml"
run review "$sid" --reject --reason "vendor left" --by bob
expect_status 0 "reject it"

sed -e 's/^id: kampala/id: entebbe/' -e 's/^name: .*/name: Entebbe/' "$TMP/draft.yaml" >"$TMP/entebbe.yaml"
run submit city "$TMP/entebbe.yaml" --by alice --approve
expect_status 0 "submit a new city --approve"
expect_same "$REG/cities/entebbe.yaml" "$TMP/entebbe.yaml" "a new city gets its own file"
"$SCD" --root "$REG" validate >/dev/null 2>&1
status=$?
expect_status 0 "the registry is valid after the approvals"

# --- check and repair ------------------------------------------------------------------------

run check
expect_status 0 "check on a consistent registry"
expect_grep "$TMP/out" "integrity ok" "check runs the integrity check"
expect_grep "$TMP/out" " 0 inconsistencies" "check finds nothing"
expect_grep "$TMP/out" "not in the database" "files never submitted are informational"
run check --verbose
expect_grep "$TMP/out" "cities/dakar.yaml: not in the database \(never submitted\)" "check --verbose lists them"
run check --format json
for key in database integrity recovered files_checked approved_objects inconsistencies repaired consistent findings; do
    expect_grep "$TMP/out" "\"$key\":" "check JSON key $key"
done
expect_grep "$TMP/out" '"consistent": true' "check JSON consistent"

printf '# edited by hand\n' >>"$K"
rm "$REG/cities/entebbe.yaml"
run check
expect_status 1 "check finds a modified and a missing file"
expect_grep "$TMP/out" "cities/kampala.yaml: city 'kampala' differs from approved version 5 \(submission 5\)" "modified file reported"
expect_grep "$TMP/out" "cities/entebbe.yaml: missing: city 'entebbe' approved version 1" "missing file reported"
expect_grep "$TMP/out" " 2 inconsistencies" "check counts them"
run check --format json
expect_grep "$TMP/out" '"problem": "modified"' "check JSON modified"
expect_grep "$TMP/out" '"problem": "missing"' "check JSON missing"
expect_grep "$TMP/out" '"consistent": false' "check JSON inconsistent"
run check --repair --by bob
expect_status 0 "check --repair"
expect_grep "$TMP/out" "2 repaired" "check --repair reports"
expect_same "$K" "$TMP/v5.yaml" "repair restores the recorded text"
expect_same "$REG/cities/entebbe.yaml" "$TMP/entebbe.yaml" "repair restores a missing file"
run check
expect_status 0 "check after repair"

# An approval killed after the rename, before the commit: the undo record
# is there and the file holds text the database never approved.
ln "$K" "$REG/cities/.kampala.yaml.undo"
cp "$TMP/v4.yaml" "$K.tmp-XXXXXX"
mv "$K.tmp-XXXXXX" "$K"
printf 'partial' >"$REG/solutions/aerosense-airnode.yaml.tmp-abc123"
run check
expect_status 0 "check settles an interrupted approval"
expect_grep "$TMP/err" "recovered an interrupted write" "recovery is reported"
expect_same "$K" "$TMP/v5.yaml" "the interrupted approval is rolled back"
expect_true '[ ! -e "$REG/cities/.kampala.yaml.undo" ] && [ ! -e "$REG/solutions/aerosense-airnode.yaml.tmp-abc123" ]' "recovery removes its leftovers"

run check --integrity
expect_status 0 "check --integrity"
expect_grep "$TMP/out" "integrity ok" "check --integrity reports ok"
run check --integrity --repair
expect_status 2 "check --integrity --repair"
cp "$REG/scd.db" "$TMP/corrupt.db"
size=$(wc -c <"$TMP/corrupt.db")
# overwrite the middle pages (not the header) with garbage
dd if=/dev/urandom of="$TMP/corrupt.db" bs=1024 seek=8 count=$(((size / 1024) - 10)) conv=notrunc 2>/dev/null
run check --integrity --db "$TMP/corrupt.db"
expect_true '[ "$status" -eq 1 ] || [ "$status" -eq 3 ]' "a corrupted database fails the check (exit $status)"
expect_no_grep "$TMP/out" "integrity ok" "a corrupted database is not ok"

# --- audit ---------------------------------------------------------------------------------

run audit
expect_status 0 "audit"
expect_grep "$TMP/out" "^ID +AT +WHO +ACTION +OBJECT +DETAIL" "audit header"
for action in submit approve reject repair recover; do
    expect_grep "$TMP/out" "^[0-9]+ +[0-9T:Z-]+ +[^ ]+ +$action " "audit has a $action row"
done
expect_grep "$TMP/out" " alice +submit +city:kampala +submission 1, version 1, sha256 " "audit row names who, what and ids"
run audit --format json
for key in id at who action object detail; do
    expect_grep "$TMP/out" "\"$key\":" "audit JSON key $key"
done
rows=$(grep -c '"action":' "$TMP/out")
run audit --since 2000-01-01
expect_true '[ "$(grep -cE "^[0-9]+ " "$TMP/out")" -eq "$rows" ]' "audit --since 2000-01-01 lists every row"
run audit --since 2999-01-01T00:00:00Z
expect_status 0 "audit --since in the future"
expect_true '[ "$(grep -cE "^[0-9]+ " "$TMP/out")" -eq 0 ]' "audit --since in the future lists nothing"

# --- database location and failures -------------------------------------------------------------

run history kampala --db "$TMP/other.db"
expect_status 1 "--db names another database"
expect_true '[ -e "$TMP/other.db" ]' "--db creates the database there"
SCD_DB=$REG/scd.db "$SCD" --root "$TMP" history kampala >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 0 "SCD_DB names the database"
SCD_DB=$TMP/other.db "$SCD" --root "$REG" history kampala --db "$REG/scd.db" >"$TMP/out" 2>"$TMP/err"
status=$?
expect_status 0 "--db wins over SCD_DB"
run history kampala --db "$TMP/no-such-dir/x.db"
expect_status 3 "an unusable database path"
expect_grep "$TMP/err" "$TMP/no-such-dir/x.db" "the database path is named"
printf 'this is not a database, just some text that is long enough to be noticed by sqlite....' >"$TMP/junk.db"
run audit --db "$TMP/junk.db"
expect_status 3 "a file that is not a database"

printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
