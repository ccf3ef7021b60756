#!/bin/sh
# The nightly job: ingest the day's exports, archive them, and refresh the quarter's reports.
#
#   scripts/nightly.sh --inbox DIR --outbox DIR [--store DIR] [--pledge PATH]
#
# INBOX holds one folder per source: INBOX/units, INBOX/keypersons, INBOX/calls, INBOX/visits,
# INBOX/complaints. Every *.csv file found there is ingested, sources in that order and files
# in byte-wise name order. An ingested file (rows rejected or not, or already in the store) is
# moved to INBOX/archive/SOURCE/; a refused file to INBOX/failed/SOURCE/ with its error beside
# it as FILE.error. Then `pledge report all` (and the dashboard) is written for the current
# quarter, and for the previous quarter during the first 45 days of a quarter (its open
# obligations are still resolving), into OUTBOX; every file is written aside and renamed
# into place, so a reader never sees half of one. Details go to INBOX/nightly.log; one summary
# line goes to standard error for the cron mail.
#
# Safe to rerun after any failure: a file already in the store is recognised by its SHA-256 and
# only archived. The store's lock is held by each pledge command alone, never across the run.
#
# Exit codes: 0 all ingested and reported; 10 some file was refused (see INBOX/failed); 11 the
# store is locked by another writer (nothing was done; run again later); 12 the store is
# damaged (run pledge verify); 13 the reports could not be written; 2 usage.
#
# Environment: PLEDGE_TODAY=YYYY-MM-DD pretends today is that date (China Standard Time).
set -u
LC_ALL=C
export LC_ALL

usage() {
  echo "usage: scripts/nightly.sh --inbox DIR --outbox DIR [--store DIR] [--pledge PATH]" >&2
  exit 2
}

inbox=""
outbox=""
store="${PLEDGE_STORE:-}"
pledge="${PLEDGE:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --inbox) [ $# -ge 2 ] || usage; inbox=$2; shift 2 ;;
    --outbox) [ $# -ge 2 ] || usage; outbox=$2; shift 2 ;;
    --store) [ $# -ge 2 ] || usage; store=$2; shift 2 ;;
    --pledge) [ $# -ge 2 ] || usage; pledge=$2; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$inbox" ] && [ -n "$outbox" ] || usage
[ -n "$store" ] || store="$inbox/../store"
if [ -z "$pledge" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ -x "$here/.build/release/pledge" ]; then pledge="$here/.build/release/pledge"; else pledge=pledge; fi
fi
mkdir -p "$inbox" "$outbox" || exit 2
log="$inbox/nightly.log"
note() { echo "$(TZ=Asia/Shanghai date '+%Y-%m-%d %H:%M:%S') $*" >>"$log"; }

ingested=0
with_rejects=0
archived=0
refused=0
status=0
summary=""

note "run started (store $store)"
for source in units keypersons calls visits complaints; do
  [ -d "$inbox/$source" ] || continue
  for file in "$inbox/$source"/*.csv; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    errors="$inbox/.nightly-$$.err"
    "$pledge" ingest "$source" "$file" --store "$store" 2>"$errors"
    code=$?
    cat "$errors" >>"$log"
    case $code in
      0 | 3)
        if grep -q "already ingested" "$errors"; then archived=$((archived + 1)); else ingested=$((ingested + 1)); fi
        [ $code -eq 3 ] && with_rejects=$((with_rejects + 1))
        mkdir -p "$inbox/archive/$source" && mv -f "$file" "$inbox/archive/$source/$name"
        ;;
      4)
        rm -f "$errors"
        note "store locked; stopping"
        echo "pledge nightly: the store $store is locked by another writer; nothing done, run again later" >&2
        exit 11
        ;;
      *)
        if grep -q "the event log is damaged" "$errors"; then
          rm -f "$errors"
          note "store damaged; stopping"
          echo "pledge nightly: the store $store is damaged; run 'pledge verify --store $store' and restore it from a backup" >&2
          exit 12
        fi
        refused=$((refused + 1))
        mkdir -p "$inbox/failed/$source"
        mv -f "$file" "$inbox/failed/$source/$name"
        mv -f "$errors" "$inbox/failed/$source/$name.error"
        status=10
        ;;
    esac
    rm -f "$errors"
  done
done

# The quarters to report: today's (China Standard Time), and the previous one during the
# first 45 days of a quarter.
today=${PLEDGE_TODAY:-$(TZ=Asia/Shanghai date '+%Y-%m-%d')}
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

reported=""
if [ -f "$store/events.log" ]; then
  for quarter in $quarters; do
    staging="$outbox/.staging-$quarter-$$"
    rm -rf "$staging" && mkdir -p "$staging"
    if "$pledge" report all --quarter "$quarter" --store "$store" --dir "$staging" 2>>"$log" &&
      "$pledge" report dashboard --quarter "$quarter" --store "$store" --out "$staging/dashboard-$quarter.html" 2>>"$log"; then
      for report in "$staging"/*; do mv -f "$report" "$outbox/"; done
      reported="$reported $quarter"
    else
      note "reports for $quarter failed"
      [ $status -eq 0 ] && status=13
    fi
    rm -rf "$staging"
  done
else
  note "no store yet: no reports"
fi

summary="$ingested ingested"
[ $with_rejects -gt 0 ] && summary="$summary ($with_rejects with rejected rows in $store/quarantine.csv)"
[ $archived -gt 0 ] && summary="$summary, $archived already in the store"
[ $refused -gt 0 ] && summary="$summary, $refused refused (see $inbox/failed)"
if [ -n "$reported" ]; then summary="$summary; reports$reported in $outbox"; else summary="$summary; no reports"; fi
note "run ended: $summary (exit $status)"
echo "pledge nightly: $summary" >&2
exit $status
