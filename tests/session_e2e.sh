#!/bin/sh
# tests/session_e2e.sh SCD_BINARY - end-to-end checks of `scd session` and
# `scd agenda` on a copy of the shipped registry in a temporary root.
#
#   run          stores a session (text and json), the database where --db,
#                $SCD_DB or ROOT/scd.db says
#   list, show   text and json, with the keys the README documents
#   export       json byte-identical to `scd match --explain --format json`;
#                csv with its header and one row per result
#   verify       reproducible (exit 0); a changed, added or removed input and
#                a changed outside rule set are named (exit 1); results that
#                differ on unchanged inputs give the first difference (exit
#                1, when the sqlite3 shell is there to tamper with them)
#   diff         a changed solution file, an added solution, a changed rule
#                set and a different choice of cities, each named as the
#                cause of what moved; a session against itself: no change
#   agenda       nobody twice in a slot, limits kept, slot times, the total
#                the sum of the meetings, stored with the session; text,
#                json and csv
#   audit        one row per session, export, verify and agenda; none for a
#                command that failed
#   rejections   every bad argument of every command exits 2, an unknown
#                session exits 1, an unusable database exits 3
# Only sh, grep, awk, sed, cmp and coreutils. Prints one line per failure and
# `N passed, M failed`; exits non-zero on failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/session_e2e.sh SCD_BINARY" >&2
    exit 2
fi
case $1 in
/*) SCD=$1 ;;
*) SCD=$PWD/$1 ;;
esac
if [ ! -x "$SCD" ] || [ -d "$SCD" ]; then
    echo "session_e2e: '$1' is not an executable" >&2
    exit 2
fi
cd "$(dirname "$0")/.." || exit 2
unset SCD_ROOT SCD_DB SCD_USER

TMP=$(mktemp -d "${TMPDIR:-/tmp}/scd-session-e2e.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
ROOT=$TMP/root
DB=$TMP/sessions.db
mkdir -p "$ROOT" && cp -r cities vendors solutions rules "$ROOT/" || exit 2

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

# expect_status WHAT WANT
expect_status() {
    if [ "$status" -eq "$2" ]; then
        pass
    else
        fail "$1: exit status $status, expected $2"
        sed 's/^/  stderr: /' "$TMP/$name.err" | head -n 5
    fi
}

# expect_out WHAT PATTERN: some stdout line matches the extended regex.
expect_out() {
    if grep -Eq -- "$2" "$TMP/$name.out"; then
        pass
    else
        fail "$1: stdout has no line matching /$2/"
        sed 's/^/  stdout: /' "$TMP/$name.out" | head -n 5
    fi
}

# expect_no_out WHAT PATTERN: no stdout line matches.
expect_no_out() {
    if grep -Eq -- "$2" "$TMP/$name.out"; then
        fail "$1: stdout has a line matching /$2/"
        grep -E -- "$2" "$TMP/$name.out" | head -n 3 | sed 's/^/  stdout: /'
    else
        pass
    fi
}

# expect_err WHAT PATTERN: some stderr line matches, and stdout is empty.
expect_err() {
    if grep -Eq -- "$2" "$TMP/$name.err" && [ ! -s "$TMP/$name.out" ]; then
        pass
    else
        fail "$1: stderr has no line matching /$2/ (or stdout is not empty)"
        sed 's/^/  stderr: /' "$TMP/$name.err" | head -n 5
    fi
}

# same WHAT A B: two outputs byte-identical and not empty.
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

# rejected WHAT STATUS PATTERN ARGS...: scd ARGS exits STATUS with PATTERN on stderr, nothing on stdout.
rejected() {
    what=$1
    want=$2
    pattern=$3
    shift 3
    run rejected "$@"
    expect_status "$what" "$want"
    expect_err "$what" "$pattern"
}

# audit_count ACTION: audit rows with that action.
audit_count() {
    "$SCD" audit --db "$DB" --format json 2>/dev/null | grep -c "\"action\": \"$1\""
}

S="--root $ROOT --db $DB"

# --- run, list, show ----------------------------------------------------------------

# shellcheck disable=SC2086
run run1 session run $S --name baseline --by alice
expect_status "session run" 0
expect_out "session run: says which session" '^session 1 "baseline" stored in '
expect_out "session run: counts the inputs" 'input files hashed'
[ -s "$DB" ] && pass || fail "session run: no database at --db"

# shellcheck disable=SC2086
run run2 session run $S --format json
expect_status "session run --format json" 0
for key in '"id": 2' '"name": null' '"created": "' '"stage": "activator"' '"rules_id": "default"' \
    '"rules_sha256": "[0-9a-f]{64}"' '"engine_version": "scd ' '"inputs": [0-9]+' '"problems": [0-9]+' \
    '"results": [0-9]+'; do
    expect_out "session run --format json: $key" "$key"
done

# shellcheck disable=SC2086
run list session list $S
expect_status "session list" 0
expect_out "session list: header" '^ +id +created +name'
expect_out "session list: the named session" '^ +1 .* baseline .* activator +default +all '
# shellcheck disable=SC2086
run list-json session list $S --format json
expect_status "session list --format json" 0
expect_out "session list --format json: sessions" '^  "sessions": \['
for key in '"id": 1,' '"id": 2,' '"name": "baseline"' '"created": "[0-9]{4}-[0-9]{2}-[0-9]{2}T' \
    '"created_by": "alice"' '"agendas": 0'; do
    expect_out "session list --format json: $key" "$key"
done

# shellcheck disable=SC2086
run show session show 1 $S
expect_status "session show" 0
expect_out "session show: name" '^session 1 "baseline"'
expect_out "session show: who" 'created +.* by alice'
expect_out "session show: rule set with its digest" '^  rule set  default \(sha256 [0-9a-f]{64}\)'
expect_out "session show: an input" '^    [0-9a-f]{12}  solutions/hydroguard-floodwatch\.yaml$'
expect_out "session show: a result" '^ +1\. hydroguard-floodwatch '
# shellcheck disable=SC2086
run show-json session show 1 $S --format json
expect_status "session show --format json" 0
for key in '"inputs": \[' '"path": "cities/kampala.yaml"' '"sha256": "[0-9a-f]{64}"' '"results": \{' \
    '"agendas": \[\]'; do
    expect_out "session show --format json: $key" "$key"
done
# Every registry file is an input (rules/outlines/ plays no part in a match).
n_files=$(find "$ROOT/cities" "$ROOT/vendors" "$ROOT/solutions" "$ROOT/rules" -maxdepth 1 -type f -name '*.yaml' | wc -l)
n_inputs=$(grep -c '"path": ' "$TMP/show-json.out")
[ "$n_files" -eq "$n_inputs" ] && pass || fail "session show: $n_inputs inputs recorded, $n_files files in the registry"

# The database by $SCD_DB, and by default ROOT/scd.db.
SCD_DB=$TMP/env.db run env-db session run --root "$ROOT" --city kampala
expect_status "session run with \$SCD_DB" 0
[ -s "$TMP/env.db" ] && pass || fail "session run: \$SCD_DB not used"
run default-db session run --root "$ROOT" --city kampala
expect_status "session run with the default database" 0
[ -s "$ROOT/scd.db" ] && pass || fail "session run: ROOT/scd.db not created"
rm -f "$ROOT/scd.db" "$ROOT/scd.db-wal" "$ROOT/scd.db-shm"

# --- export -----------------------------------------------------------------------

# shellcheck disable=SC2086
run export-json session export 1 $S
expect_status "session export" 0
run match-json --root "$ROOT" match --explain --format json
same "session export = scd match --explain --format json" export-json match-json
# shellcheck disable=SC2086
run export-json2 session export 2 $S --format json
same "two sessions on the same inputs: identical results" export-json export-json2

# shellcheck disable=SC2086
run export-csv session export 1 $S --format csv --by bob
expect_status "session export --format csv" 0
header=$(head -n 1 "$TMP/export-csv.out")
case $header in
"session,city,problem,rank,solution,vendor,score,points_domain,points_text,"*) pass ;;
*) fail "session export --format csv: header is '$header'" ;;
esac
n_results=$(grep -c '"rank": ' "$TMP/export-json.out")
n_rows=$(($(wc -l <"$TMP/export-csv.out") - 1))
[ "$n_results" -eq "$n_rows" ] && pass || fail "session export --format csv: $n_rows rows for $n_results results"
expect_out "session export --format csv: a row" '^1,kampala,nakivubo-flooding,1,hydroguard-floodwatch,hydroguard,[0-9]+\.[0-9]{2},'
ncols=$(echo "$header" | awk -F, '{ print NF }')
if awk -F, -v n="$ncols" 'NF != n { bad = 1 } END { exit bad }' "$TMP/export-csv.out"; then
    pass
else
    fail "session export --format csv: rows with a different number of fields than the header"
fi

# --- verify -----------------------------------------------------------------------

# shellcheck disable=SC2086
run verify-ok session verify 1 $S
expect_status "session verify (unchanged)" 0
expect_out "session verify: reproducible" '^session 1: reproducible'
# shellcheck disable=SC2086
run verify-ok-json session verify 1 $S --format json
expect_status "session verify --format json" 0
expect_out "session verify --format json: reproducible" '"reproducible": true'
expect_out "session verify --format json: no difference" '"first_difference": null'

SOL=$ROOT/solutions/hydroguard-floodwatch.yaml
cp "$SOL" "$TMP/saved-solution.yaml"
sed -i 's/^\(  *trl:\) [0-9]*/\1 4/' "$SOL"
cp "$ROOT/solutions/verdeco-rota-lite.yaml" "$TMP/saved-removed.yaml"
rm "$ROOT/solutions/verdeco-rota-lite.yaml"
sed 's/^id: hydroguard-floodwatch$/id: hydroguard-floodwatch-two/' "$TMP/saved-solution.yaml" \
    >"$ROOT/solutions/hydroguard-floodwatch-two.yaml"
# shellcheck disable=SC2086
run verify-changed session verify 1 $S
expect_status "session verify (inputs changed)" 1
expect_out "session verify: not reproducible" '^session 1: not reproducible: 3 inputs changed'
expect_out "session verify: a changed input" '^  changed +solutions/hydroguard-floodwatch\.yaml +[0-9a-f]{12} -> [0-9a-f]{12}$'
expect_out "session verify: an added input" '^  added +solutions/hydroguard-floodwatch-two\.yaml'
expect_out "session verify: a removed input" '^  removed +solutions/verdeco-rota-lite\.yaml'
# shellcheck disable=SC2086
run verify-changed-json session verify 1 $S --format json
expect_status "session verify --format json (inputs changed)" 1
expect_out "session verify --format json: not reproducible" '"reproducible": false'
expect_out "session verify --format json: change" '"change": "removed"'

# --- diff -------------------------------------------------------------------------

# Session 3: one solution changed, one added, one removed.
# shellcheck disable=SC2086
run run3 session run $S --name changed
expect_status "session run (changed registry)" 0
# shellcheck disable=SC2086
run diff session diff 1 3 $S
expect_status "session diff" 0
expect_out "session diff: header" '^session 1 -> session 3$'
expect_out "session diff: inputs" '^inputs: 3 changed$'
expect_out "session diff: a moved solution" '^  ~ hydroguard-floodwatch +rank 1 -> [0-9]+, score [0-9.]+ -> [0-9.]+$'
expect_out "session diff: its file is the cause" 'because: solutions/hydroguard-floodwatch\.yaml changed'
expect_out "session diff: an entered solution" '^  \+ hydroguard-floodwatch-two +entered at [0-9]+'
expect_out "session diff: its file was added" 'because: solutions/hydroguard-floodwatch-two\.yaml added'
expect_out "session diff: a solution that left" '^  - verdeco-rota-lite +left \(was [0-9]+, [0-9.]+\)$'
expect_out "session diff: its file was removed" 'because: solutions/verdeco-rota-lite\.yaml removed'
expect_out "session diff: others moved around it" 'other solutions changed \(3 in all; ranked here: '
expect_out "session diff: summary" '^[0-9]+ of [0-9]+ problems in both sessions changed: [1-9][0-9]* entered, [1-9][0-9]* left, [1-9][0-9]* moved$'
# shellcheck disable=SC2086
run diff-json session diff 1 3 $S --format json
expect_status "session diff --format json" 0
for key in '"a": 1,' '"b": 3,' '"change": "entered"' '"change": "left"' '"change": "moved"' '"kind": "solution"' \
    '"rank_a": ' '"score_b": ' '"problems_changed": [1-9]'; do
    expect_out "session diff --format json: $key" "$key"
done

# shellcheck disable=SC2086
run diff-self session diff 1 1 $S
expect_status "session diff A A" 0
expect_out "session diff A A: nothing changed" '^0 of [0-9]+ problems in both sessions changed: 0 entered, 0 left, 0 moved$'
expect_no_out "session diff A A: no moves" '^  [-+~] '

# A rule set from outside the registry, and fewer cities.
sed 's/^id: default$/id: narrow/; s/^\(  *top:\) 8$/\1 2/' "$ROOT/rules/default.yaml" >"$TMP/narrow.yaml"
if grep -q '^id: narrow' "$TMP/narrow.yaml" && grep -q 'top: 2' "$TMP/narrow.yaml"; then
    pass
else
    fail "test set-up: cannot derive a rule set from rules/default.yaml"
fi
# shellcheck disable=SC2086
run run4 session run $S --rules "$TMP/narrow.yaml" --city kampala --city dakar
expect_status "session run --rules --city" 0
# shellcheck disable=SC2086
run diff-rules session diff 3 4 $S
expect_status "session diff (rule set)" 0
expect_out "session diff: rule set line" '^rule set: default [0-9a-f]{12} \(activator\) -> narrow [0-9a-f]{12} \(activator\)$'
expect_out "session diff: left for the rule set" 'because: rule set default .* -> narrow'
expect_out "session diff: the outside rule file is an input" "^  added +$TMP/narrow.yaml|^  added +/.*/narrow\\.yaml"
expect_out "session diff: cities not chosen" '^porto / .*: only in session 3$'
expect_out "session diff: why not" 'because: the city was not chosen in session 4'
# shellcheck disable=SC2086
run show4 session show 4 $S --format json
expect_out "session show: cities chosen" '^  "cities": \[$'

# The outside rule set is checked too.
# shellcheck disable=SC2086
run verify4 session verify 4 $S
expect_status "session verify (outside rule set unchanged)" 0
sed -i 's/^name: .*/name: Narrow, edited/' "$TMP/narrow.yaml"
# shellcheck disable=SC2086
run verify4b session verify 4 $S
expect_status "session verify (outside rule set changed)" 1
expect_out "session verify: the rule set file" '^  changed +/.*narrow\.yaml '

# Restore the registry: session 1 is reproducible again.
cp "$TMP/saved-solution.yaml" "$SOL"
cp "$TMP/saved-removed.yaml" "$ROOT/solutions/verdeco-rota-lite.yaml"
rm "$ROOT/solutions/hydroguard-floodwatch-two.yaml"
# shellcheck disable=SC2086
run verify-restored session verify 1 $S
expect_status "session verify (inputs restored)" 0

# Results that differ on unchanged inputs (an engine change, or tampering).
if command -v sqlite3 >/dev/null 2>&1; then
    cp "$DB" "$TMP/tampered.db"
    sqlite3 "$TMP/tampered.db" "PRAGMA journal_mode=DELETE; UPDATE sessions SET results = replace(results, '\"rank\": 2,', '\"rank\": 3,') WHERE id = 1;" >/dev/null
    run verify-tampered session verify 1 --root "$ROOT" --db "$TMP/tampered.db"
    expect_status "session verify (results differ)" 1
    expect_out "session verify: first difference" 'not reproducible: inputs unchanged but the results differ from line [0-9]+'
    expect_out "session verify: the stored line" '^  stored: +"rank": 3,$'
    expect_out "session verify: the new line" '^  now: +"rank": 2,$'
else
    echo "note: no sqlite3 shell; the 'results differ' case of session verify is not checked"
fi

# --- agenda -----------------------------------------------------------------------

# check_agenda WHAT CSV SLOTS MAX_CITY MAX_VENDOR: nobody twice in a slot, limits kept.
check_agenda() {
    if awk -F, -v slots="$3" -v mc="$4" -v mv="$5" '
        NR == 1 { next }
        {
            if ($1 < 1 || $1 > slots) { print "slot " $1 " out of range"; bad = 1 }
            if (seen_c[$1 "," $4]++) { print "city " $4 " twice in slot " $1; bad = 1 }
            if (seen_v[$1 "," $5]++) { print "vendor " $5 " twice in slot " $1; bad = 1 }
            if (++nc[$4] > mc) { print "city " $4 " over its limit"; bad = 1 }
            if (++nv[$5] > mv) { print "vendor " $5 " over its limit"; bad = 1 }
            if (pair[$4 "," $5]++) { print "pair " $4 "," $5 " meets twice"; bad = 1 }
        }
        END { exit bad }' "$TMP/$2.out" >"$TMP/check.txt"; then
        pass
    else
        fail "$1: $(head -n 1 "$TMP/check.txt")"
    fi
}

# shellcheck disable=SC2086
run agenda-csv agenda 1 --slots 4 $S --format csv
expect_status "agenda --format csv" 0
[ "$(head -n 1 "$TMP/agenda-csv.out")" = "slot,start,end,city,vendor,score,solutions" ] && pass ||
    fail "agenda --format csv: header"
check_agenda "agenda --slots 4" agenda-csv 4 4 4
expect_out "agenda: first slot at 09:00" '^1,09:00,09:20,'
expect_out "agenda: fourth slot at 10:00" '^4,10:00,10:20,'
n_meetings=$(($(wc -l <"$TMP/agenda-csv.out") - 1))
[ "$n_meetings" -gt 0 ] && pass || fail "agenda: no meetings"

# shellcheck disable=SC2086
run agenda-json agenda 1 --slots 4 $S --format json
expect_status "agenda --format json" 0
for key in '"meetings": \[' '"slot": 1,' '"start": "09:00"' '"city": "' '"vendor": "' '"solutions": \[' \
    '"score": [0-9.]+' '"agenda": 2,' '"slots": 4' '"slot_minutes": 20' '"max_per_city": 4'; do
    expect_out "agenda --format json: $key" "$key"
done
total=$(grep -m 1 '"total_score"' "$TMP/agenda-json.out" | sed 's/.*: \([0-9.]*\).*/\1/')
sum=$(awk -F, 'NR > 1 { s += $6 } END { printf "%.2f", s }' "$TMP/agenda-csv.out")
if awk -v a="$total" -v b="$sum" 'BEGIN { d = a - b; exit !(d < 0.005 && d > -0.005) }'; then
    pass
else
    fail "agenda: total_score $total is not the sum of the meetings' scores $sum"
fi

# Tighter limits, other times.
# shellcheck disable=SC2086
run agenda-limits agenda 1 --slots 3 --max-per-city 1 --max-per-vendor 2 --start 13:30 --slot-minutes 15 $S --format csv
expect_status "agenda with limits" 0
check_agenda "agenda --max-per-city 1 --max-per-vendor 2" agenda-limits 3 1 2
expect_out "agenda --start 13:30 --slot-minutes 15" '^1,13:30,13:45,'
expect_no_out "agenda --max-per-vendor 2: two slots are enough" '^3,'

# shellcheck disable=SC2086
run agenda-text agenda 1 --slots 2 $S
expect_status "agenda (text)" 0
expect_out "agenda text: title" '^agenda 4 of session 1 "baseline": [0-9]+ meetings in 2 of 2 slots of 20 minutes, 09:00 to 09:40$'
expect_out "agenda text: by slot" '^by slot$'
expect_out "agenda text: by city" '^by city$'
expect_out "agenda text: by vendor" '^by vendor$'
expect_out "agenda text: a meeting" '^ +1  09:00-09:20  [a-z0-9-]+ +[a-z0-9-]+ +[0-9]+\.[0-9]{2}  [a-z0-9-]+'

# The same agenda twice: deterministic.
# shellcheck disable=SC2086
run agenda-csv2 agenda 1 --slots 4 $S --format csv
same "agenda: deterministic" agenda-csv agenda-csv2

# Stored with the session.
# shellcheck disable=SC2086
run show-agendas session show 1 $S --format json
expect_out "agendas stored with the session" '"slot_minutes": 15'
# shellcheck disable=SC2086
run list-agendas session list $S --format json
expect_out "session list counts agendas" '"agendas": 5'

# A session with few cities: a city with one matching vendor meets once.
# shellcheck disable=SC2086
run agenda4 agenda 4 --slots 3 $S --format csv
expect_status "agenda of a two-city session" 0
check_agenda "agenda of a two-city session" agenda4 3 3 3
expect_no_out "agenda of a two-city session: only its cities" '^[0-9]+,[0-9:]+,[0-9:]+,(porto|suwon|quito),'

# --- audit ------------------------------------------------------------------------

if "$SCD" help audit >/dev/null 2>&1; then
    before=$(audit_count export)
    # shellcheck disable=SC2086
    run audit-fail session export 99 $S
    # shellcheck disable=SC2086
    run audit-fail2 agenda 99 --slots 2 $S
    [ "$(audit_count export)" -eq "$before" ] && pass || fail "audit: a failed export left a row"
    n=$(audit_count session)
    [ "$n" -eq 4 ] && pass || fail "audit: $n 'session' rows for 4 sessions stored in $DB"
    n=$(audit_count export)
    [ "$n" -eq 3 ] && pass || fail "audit: $n 'export' rows for 3 exports"
    n=$(audit_count agenda)
    [ "$n" -eq 6 ] && pass || fail "audit: $n 'agenda' rows for 6 agendas"
    n=$(audit_count verify)
    [ "$n" -eq 7 ] && pass || fail "audit: $n 'verify' rows for 7 verifications"
    "$SCD" audit --db "$DB" --format json >"$TMP/audit.json" 2>/dev/null
    grep -q '"who": "bob"' "$TMP/audit.json" && pass || fail "audit: --by not recorded"
    grep -q '"object": "session:1"' "$TMP/audit.json" && pass || fail "audit: object session:1 missing"
else
    fail "audit: no 'scd audit' command to read the audit log"
fi

# --- rejections ---------------------------------------------------------------------

rejected "session without a subcommand" 2 'expected a subcommand' session
rejected "session unknown subcommand" 2 "unknown subcommand 'bogus'" session bogus
rejected "session run: extra argument" 2 "unexpected argument 'extra'" session run --root "$ROOT" --db "$DB" extra
rejected "session run: bad stage" 2 "unknown stage 'bogus'" session run --root "$ROOT" --db "$DB" --stage bogus
rejected "session run: bad format" 2 "unknown format 'xml'" session run --root "$ROOT" --db "$DB" --format xml
rejected "session run: empty name" 2 'must not be empty' session run --root "$ROOT" --db "$DB" --name ''
rejected "session run: unknown option" 2 'usage: scd session run' session run --root "$ROOT" --db "$DB" --bogus
rejected "session run: unknown city" 1 "no city 'nosuch'" session run --root "$ROOT" --db "$DB" --city nosuch
rejected "session run: missing rules file" 2 'nosuch\.yaml' session run --root "$ROOT" --db "$DB" --rules "$TMP/nosuch.yaml"
printf 'kind: rule-set\nid: broken\nname: x\nbogus_field: 1\n' >"$TMP/broken.yaml"
rejected "session run: invalid rules file" 1 'broken\.yaml:[0-9]+:[0-9]+: ' session run --root "$ROOT" --db "$DB" --rules "$TMP/broken.yaml"
rejected "session run: unusable database" 3 'scd session run: ' session run --root "$ROOT" --db "$TMP/no/such/dir/x.db"
rejected "session list: extra argument" 2 "unexpected argument '1'" session list --db "$DB" 1
rejected "session list: option of run" 2 "option '--name' is for 'scd session run'" session list --db "$DB" --name x
rejected "session list: bad format" 2 "unknown format 'csv'" session list --db "$DB" --format csv
rejected "session show: no id" 2 'expected one session id' session show --db "$DB"
rejected "session show: two ids" 2 'expected one session id' session show --db "$DB" 1 2
rejected "session show: bad id" 2 "bad session id 'abc'" session show --db "$DB" abc
rejected "session show: id 0" 2 "bad session id '0'" session show --db "$DB" 0
rejected "session show: negative id" 2 "bad session id '-1'|unrecognized|invalid option" session show --db "$DB" -- -1
rejected "session show: unknown session" 1 'no session 99' session show --db "$DB" 99
rejected "session export: unknown session" 1 'no session 99' session export --db "$DB" 99
rejected "session export: text format" 2 "unknown format 'text'" session export --db "$DB" 1 --format text
rejected "session export: bad format" 2 "unknown format 'xml'" session export --db "$DB" 1 --format xml
rejected "session export: no id" 2 'expected one session id' session export --db "$DB"
rejected "session diff: one id" 2 'expected two session ids' session diff --db "$DB" 1
rejected "session diff: bad id" 2 "bad session id 'x'" session diff --db "$DB" 1 x
rejected "session diff: unknown session" 1 'no session 99' session diff --db "$DB" 1 99
rejected "session diff: bad format" 2 "unknown format 'csv'" session diff --db "$DB" 1 2 --format csv
rejected "session verify: no id" 2 'expected one session id' session verify --db "$DB"
rejected "session verify: bad id" 2 "bad session id '1x'" session verify --db "$DB" 1x
rejected "session verify: unknown session" 1 'no session 99' session verify --root "$ROOT" --db "$DB" 99
rejected "agenda: no session" 2 'expected a session id' agenda --db "$DB" --slots 2
rejected "agenda: two sessions" 2 'expected one session id' agenda --db "$DB" --slots 2 1 2
rejected "agenda: bad session id" 2 "bad session id 'one'" agenda --db "$DB" --slots 2 one
rejected "agenda: no --slots" 2 '--slots N is required' agenda --db "$DB" 1
rejected "agenda: --slots 0" 2 '--slots takes a number from 1 to 96' agenda --db "$DB" 1 --slots 0
rejected "agenda: --slots 97" 2 '--slots takes a number from 1 to 96' agenda --db "$DB" 1 --slots 97
rejected "agenda: --slots abc" 2 '--slots takes a number' agenda --db "$DB" 1 --slots abc
rejected "agenda: --slot-minutes 0" 2 '--slot-minutes takes a number' agenda --db "$DB" 1 --slots 2 --slot-minutes 0
rejected "agenda: --start 25:00" 2 '--start takes a time HH:MM' agenda --db "$DB" 1 --slots 2 --start 25:00
rejected "agenda: --start 9" 2 '--start takes a time HH:MM' agenda --db "$DB" 1 --slots 2 --start 9
rejected "agenda: --start 09:5" 2 '--start takes a time HH:MM' agenda --db "$DB" 1 --slots 2 --start 09:5
rejected "agenda: --max-per-city 0" 2 '--max-per-city takes a number' agenda --db "$DB" 1 --slots 2 --max-per-city 0
rejected "agenda: --max-per-city above --slots" 2 '--max-per-city 3 exceeds --slots 2' agenda --db "$DB" 1 --slots 2 --max-per-city 3
rejected "agenda: --max-per-vendor above --slots" 2 '--max-per-vendor 5 exceeds --slots 4' agenda --db "$DB" 1 --slots 4 --max-per-vendor 5
rejected "agenda: past midnight" 2 'run past midnight' agenda --db "$DB" 1 --slots 4 --start 23:30
rejected "agenda: bad format" 2 "unknown format 'xml'" agenda --db "$DB" 1 --slots 2 --format xml
rejected "agenda: unknown option" 2 'usage: scd agenda' agenda --db "$DB" 1 --slots 2 --bogus
rejected "agenda: unknown session" 1 'no session 99' agenda --db "$DB" 99 --slots 2
rejected "agenda: unusable database" 3 'scd agenda: ' agenda --db "$TMP/no/such/dir/x.db" 1 --slots 2

for args in "session --help" "session run --help" "session list --help" "session show --help" \
    "session export --help" "session diff --help" "session verify --help" "agenda --help" "help session" \
    "help agenda"; do
    # shellcheck disable=SC2086
    run help $args
    expect_status "scd $args" 0
    expect_out "scd $args" '^usage: scd (session|agenda)'
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
