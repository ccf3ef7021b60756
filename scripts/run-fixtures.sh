#!/bin/sh
# The main job on the bundled fixtures: build Pledge, ingest fixtures/ into a fresh store,
# and write the 2026Q1 reports. Usage: scripts/run-fixtures.sh [OUTDIR] (default: out/)
set -eu
cd "$(dirname "$0")/.."
out=${1:-out}
swift build -c release --product pledge >&2
pledge=.build/release/pledge
store="$out/fixtures-store"
reports="$out/reports"
rm -rf "$store" "$reports"
mkdir -p "$reports"

# Exit code 3 means "ingested, some rows rejected": the fixtures hold deliberately bad rows.
ingest() {
  status=0
  "$pledge" ingest "$@" --store "$store" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 3 ] || exit "$status"
}
# Byte-wise name order within a source, whatever the user's locale (a re-export must come
# after the file it corrects).
LC_ALL=C
export LC_ALL
ingest units fixtures/units.csv
ingest keypersons fixtures/keypersons.csv
ingest duties fixtures/duties-*.csv
ingest calls fixtures/calls-*.csv
ingest dispatches fixtures/dispatches-*.csv
# A calls file exported after the dispatches that name its calls.
ingest calls fixtures/late-calls-2026Q1.csv
ingest visits fixtures/visits-*.csv
ingest complaints fixtures/complaints-*.csv
ingest activities fixtures/activities-*.csv

"$pledge" status --store "$store"
"$pledge" report all --quarter 2026Q1 --store "$store" --dir "$reports"
"$pledge" report dashboard --quarter 2026Q1 --store "$store" --out "$reports/dashboard-2026Q1.html"
echo "store:   $store (rejected rows in $store/quarantine.csv)"
echo "reports: $reports"
