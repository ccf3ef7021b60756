#!/bin/sh
# The nightly job: ingest the day's exports, archive them, and refresh the quarter's reports.
#
#   scripts/nightly.sh --inbox DIR --outbox DIR [--store DIR] [--pledge PATH] [--settle SECONDS]
#
# INBOX holds one folder per source: INBOX/calendar, INBOX/units, INBOX/keypersons,
# INBOX/duties, INBOX/calls, INBOX/dispatches, INBOX/visits, INBOX/complaints,
# INBOX/activities. Every *.csv file found there is ingested, sources in that order and files
# in byte-wise name order, except files changed in the last SECONDS (default 120): they may
# still be uploading, and wait for the next run. A folder holding a `pledge.profile` is read
# through that import profile, and its name need not be a source: INBOX/cad-east/ with
# 'source = dispatches' in its profile is ingested with the dispatches. Exports in a folder
# that is neither a source's nor holds a profile, or whose profile names no source, are read
# by nobody: the summary line names the folder and the exit code is 10. An ingested file (rows rejected
# or not, or already in the store) is moved to INBOX/archive/FOLDER/DATE/ (DATE is today), a
# refused file to INBOX/failed/FOLDER/DATE/ with its error beside it as FILE.error; a name
# already taken there gets a .2, .3, ... suffix, so nothing archived is overwritten. Then
# `pledge report all` (and the dashboard) is written for the current
# quarter, and for the previous quarter during the first 45 days of a quarter (its open
# obligations are still resolving), into OUTBOX; every file is written aside and renamed
# into place, so a reader never sees half of one. Details go to INBOX/nightly.log; one summary
# line goes to standard error for the cron mail.
#
# Safe to rerun after any failure: a file already in the store is recognised by its SHA-256 and
# only archived. The store's lock is held by each pledge command alone, never across the run.
#
# Exit codes: 0 all ingested and reported; 10 some file was refused (see INBOX/failed); 11 the
# store is locked by another writer (nothing was done; run again later); 12 the store cannot be
# written or read — damaged, unwritable, disk full (the exports stay in the inbox; see
# INBOX/nightly.log and run pledge verify); 13 the reports could not be written (for example
# a deadline needs a year the working-day calendar lacks: the reports that need no deadline
# are still written); 14 every file was ingested but some rows were rejected (see the store's
# quarantine.csv); 2 usage. When several apply: 12, 11, 10, 13, 14.
#
# The summary line also carries Pledge's warning that the working-day calendar is about to
# run out (the exit code is unchanged), weeks before any report fails for it.
#
# Environment: PLEDGE_TODAY=YYYY-MM-DD pretends today is that date (China Standard Time).
set -u
LC_ALL=C
export LC_ALL

usage() {
  echo "usage: scripts/nightly.sh --inbox DIR --outbox DIR [--store DIR] [--pledge PATH] [--settle SECONDS]" >&2
  exit 2
}

inbox=""
outbox=""
store="${PLEDGE_STORE:-}"
pledge="${PLEDGE:-}"
settle=120
while [ $# -gt 0 ]; do
  case "$1" in
    --inbox) [ $# -ge 2 ] || usage; inbox=$2; shift 2 ;;
    --outbox) [ $# -ge 2 ] || usage; outbox=$2; shift 2 ;;
    --store) [ $# -ge 2 ] || usage; store=$2; shift 2 ;;
    --pledge) [ $# -ge 2 ] || usage; pledge=$2; shift 2 ;;
    --settle) [ $# -ge 2 ] || usage; settle=$2; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$inbox" ] && [ -n "$outbox" ] || usage
case "$settle" in '' | *[!0-9]*) usage ;; esac
[ -n "$store" ] || store="$inbox/../store"
if [ -z "$pledge" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ -x "$here/.build/release/pledge" ]; then pledge="$here/.build/release/pledge"; else pledge=pledge; fi
fi
mkdir -p "$inbox" "$outbox" || exit 2
log="$inbox/nightly.log"
note() { echo "$(TZ=Asia/Shanghai date '+%Y-%m-%d %H:%M:%S') $*" >>"$log"; }

# Today in China Standard Time: names the archive folders and picks the quarters to report.
today=${PLEDGE_TODAY:-$(TZ=Asia/Shanghai date '+%Y-%m-%d')}

# Moves FILE into folder DIR, never over an existing file; prints the path it got.
put_aside() {
  mkdir -p "$2" || return 1
  dest="$2/$(basename "$1")"
  n=2
  while [ -e "$dest" ]; do dest="$2/$(basename "$1").$n"; n=$((n + 1)); done
  mv "$1" "$dest" && echo "$dest"
}

# Files changed after this stamp are still settling.
stamp="$inbox/.nightly-$$.stamp"
if [ "$settle" -gt 0 ]; then
  touch -d "@$(($(date +%s) - settle))" "$stamp" || exit 2
fi

# Stops the night on a failure of the store rather than of an export: the exports stay.
store_failed() {
  rm -f "$stamp"
  note "store failed; stopping: $1"
  echo "pledge nightly: cannot use the store $store: $1; exports not yet ingested stay in the inbox (see $log; run 'pledge verify --store $store')" >&2
  exit 12
}

ingested=0
with_rejects=0
rejected_rows=0
calendar_warning=""
waiting=0
archived=0
refused=0
status=0
summary=""

note "run started (store $store)"
# A warning of the calendar's end, kept once for the summary line.
catch_warning() {
  w=$(grep "^warning: .*working-day calendar" "$1" | tail -n 1)
  [ -n "$w" ] && calendar_warning=${w#warning: }
  return 0
}

# The source a folder's import profile names (its 'source = S' line, S bare or quoted, after
# a byte-order mark); pledge itself says what is wrong with a profile this does not read.
profile_source() {
  bom=$(printf '\357\273\277')
  sed -e "1s/^$bom//" -n -e 's/^[[:space:]]*source[[:space:]]*=[[:space:]]*"\{0,1\}\([a-z]*\).*/\1/p' "$1" | head -n 1
}

# Ingests every settled *.csv of folder $1 as source $2 (through profile $3 when given),
# archiving or setting aside each file.
ingest_folder() {
  folder=$1
  source=$2
  profile=$3
  name=$(basename "$folder")
  for file in "$folder"/*.csv; do
    [ -f "$file" ] || continue
    if [ -f "$stamp" ] && [ "$file" -nt "$stamp" ]; then
      note "$file changed in the last $settle seconds; left for the next run"
      waiting=$((waiting + 1))
      continue
    fi
    errors="$inbox/.nightly-$$.err"
    if [ -n "$profile" ]; then
      # No source when the profile's own could not be read: pledge reads it, and says why.
      "$pledge" ingest ${source:+"$source"} --profile "$profile" "$file" --store "$store" 2>"$errors"
    else
      "$pledge" ingest "$source" "$file" --store "$store" 2>"$errors"
    fi
    code=$?
    cat "$errors" >>"$log"
    case $code in
      0 | 3)
        if grep -q "already ingested" "$errors"; then archived=$((archived + 1)); else ingested=$((ingested + 1)); fi
        if [ $code -eq 3 ]; then
          with_rejects=$((with_rejects + 1))
          n=$(sed -n 's/.* \([0-9][0-9]*\) rejected;.*/\1/p' "$errors" | tail -n 1)
          rejected_rows=$((rejected_rows + ${n:-0}))
        fi
        catch_warning "$errors"
        put_aside "$file" "$inbox/archive/$name/$today" >/dev/null || store_failed "cannot archive $file"
        ;;
      4)
        rm -f "$errors" "$stamp"
        note "store locked; stopping"
        echo "pledge nightly: the store $store is locked by another writer; nothing done, run again later" >&2
        exit 11
        ;;
      *)
        # The export is at fault when pledge's error names it ("FILE: error: ..." or
        # "FILE:LINE:COLUMN: error: ..."); the folder's profile when it names the profile (its
        # exports then wait in the inbox for a fixed profile); any other failure is the store's.
        error=$(grep ": error: " "$errors" | tail -n 1)
        case "$error" in
          "$file: error: "* | "$file:"[0-9]*) ;;
          "$profile:"[0-9]* | "$profile: error: "*)
            if [ -n "$profile" ]; then
              rm -f "$errors"
              note "the profile $profile does not fit: $error; its exports stay in $folder"
              bad_profiles="$bad_profiles $profile"
              status=10
              return 0
            fi
            ;;
          *) rm -f "$errors"; store_failed "${error:-pledge ingest exited $code}" ;;
        esac
        refused=$((refused + 1))
        if aside=$(put_aside "$file" "$inbox/failed/$name/$today"); then
          mv -f "$errors" "$aside.error"
        else
          store_failed "cannot move $file to $inbox/failed"
        fi
        status=10
        ;;
    esac
    rm -f "$errors"
  done
}

bad_profiles=""
visited=" "
for source in calendar units keypersons duties calls dispatches visits complaints activities; do
  # Every folder of this source, in byte-wise name order: the source's own folder (read
  # through its pledge.profile when it has one), and any folder whose pledge.profile reads
  # this source (INBOX/cad-east/ with 'source = dispatches').
  for folder in "$inbox"/*/; do
    folder=${folder%/}
    [ -d "$folder" ] || continue
    name=$(basename "$folder")
    case "$name" in archive | failed) continue ;; esac
    profile=""
    [ -f "$folder/pledge.profile" ] && profile="$folder/pledge.profile"
    if [ -n "$profile" ]; then
      [ "$(profile_source "$profile")" = "$source" ] || continue
    else
      [ "$name" = "$source" ] || continue
    fi
    visited="$visited$folder "
    ingest_folder "$folder" "$source" "$profile"
  done
done

# The folders with exports that no source read: a profile naming no source Pledge knows
# (pledge says what is wrong with it), or neither a source's name nor a profile. Their
# exports stay where they are.
unread=""
for folder in "$inbox"/*/; do
  folder=${folder%/}
  [ -d "$folder" ] || continue
  name=$(basename "$folder")
  case "$name" in archive | failed) continue ;; esac
  case "$visited" in *" $folder "*) continue ;; esac
  if [ -f "$folder/pledge.profile" ]; then
    ingest_folder "$folder" "" "$folder/pledge.profile"
  elif ls "$folder"/*.csv >/dev/null 2>&1; then
    note "$folder is not read: its name is no source and it holds no pledge.profile; rename it to a source (calendar, units, keypersons, duties, calls, dispatches, visits, complaints, activities) or add a pledge.profile"
    unread="$unread $name"
    status=10
  fi
done

rm -f "$stamp"

# The quarters to report: today's, and the previous one during the first 45 days of a quarter.
quarters=$(echo "$today" | awk -F- '
  function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
  function yday(y, m, d,   i, n) {
    split("31 28 31 30 31 30 31 31 30 31 30 31", len, " ")
    n = d
    for (i = 1; i < m; i++) n += len[i] + (i == 2 && leap(y))
    return n
  }
  {
    y = $1 + 0; m = $2 + 0; d = $3 + 0
    q = int((m - 1) / 3) + 1
    print y "Q" q
    if (yday(y, m, d) - yday(y, 3 * q - 2, 1) < 45) {
      if (q == 1) print (y - 1) "Q4"; else print y "Q" (q - 1)
    }
  }')

[ $status -eq 0 ] && [ $with_rejects -gt 0 ] && status=14

reported=""
failed_reports=""
report_error=""
if [ -f "$store/events.log" ]; then
  for quarter in $quarters; do
    staging="$outbox/.staging-$quarter-$$"
    rm -rf "$staging" && mkdir -p "$staging"
    errors="$outbox/.nightly-$$.err"
    if "$pledge" report all --quarter "$quarter" --store "$store" --dir "$staging" 2>"$errors" &&
      "$pledge" report dashboard --quarter "$quarter" --store "$store" --out "$staging/dashboard-$quarter.html" 2>>"$errors"; then
      cat "$errors" >>"$log"
      catch_warning "$errors"
      for report in "$staging"/*; do mv -f "$report" "$outbox/"; done
      reported="$reported $quarter"
    else
      cat "$errors" >>"$log"
      catch_warning "$errors"
      "$pledge" verify --store "$store" >/dev/null 2>&1 || { rm -rf "$staging" "$errors"; store_failed "the store does not verify; reports for $quarter not written"; }
      # What could be written (the reports that need no deadline) still goes out.
      written=""
      for report in "$staging"/*; do
        [ -f "$report" ] || continue
        mv -f "$report" "$outbox/"
        written="$written $(basename "$report")"
      done
      reason=$(grep ": error: \|^error: " "$errors" | tail -n 1)
      note "reports for $quarter failed: ${reason:-see above}${written:+; written anyway:$written}"
      failed_reports="$failed_reports $quarter"
      [ -n "$reason" ] && report_error=${reason#error: }
      [ $status -eq 0 ] || [ $status -eq 14 ] && status=13
    fi
    rm -f "$errors"
    rm -rf "$staging"
  done
else
  note "no store yet: no reports"
fi

summary="$ingested ingested"
[ $with_rejects -gt 0 ] && summary="$summary ($with_rejects with $rejected_rows rejected rows in $store/quarantine.csv)"
[ $archived -gt 0 ] && summary="$summary, $archived already in the store"
[ $refused -gt 0 ] && summary="$summary, $refused refused (see $inbox/failed)"
[ $waiting -gt 0 ] && summary="$summary, $waiting still changing (left for the next run)"
if [ -n "$reported" ]; then summary="$summary; reports$reported in $outbox"; else summary="$summary; no reports"; fi
[ -n "$failed_reports" ] && summary="$summary; reports$failed_reports failed${report_error:+: $report_error}"
[ -n "$bad_profiles" ] && summary="$summary; profile that does not fit (its exports wait in the inbox):$bad_profiles"
[ -n "$unread" ] && summary="$summary; folders read by no source (name one after a source or add a pledge.profile):$unread"
[ -n "$calendar_warning" ] && summary="$summary; warning: $calendar_warning"
note "run ended: $summary (exit $status)"
echo "pledge nightly: $summary" >&2
exit $status
