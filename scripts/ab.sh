#!/bin/sh
# Interleaved A/B timing of pledge binaries on the data scripts/bench.sh generated: timings on
# a shared machine wander from run to run, so two builds are compared run by run, not across
# runs.
#
#   scripts/ab.sh [--rounds N] [--work DIR] BINARY...
#
# For each round and each binary (in turn): the 1,000,000-row call log ingested into an empty
# store, then one nightly run on a copy of the one-year city store (the day's calls, visits and
# complaints, then report all 2026Q2). Prints one line per run and the median of each binary.
# Run scripts/bench.sh once first (it writes the data to /tmp/pledge-bench by default).
set -eu
rounds=5
work=/tmp/pledge-bench
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: scripts/ab.sh [--rounds N] [--work DIR] BINARY..." >&2; exit 2; }
[ -f "$work/reader/calls.csv" ] && [ -d "$work/city" ] && [ -d "$work/day" ] || {
  echo "ab.sh: no benchmark data in $work; run scripts/bench.sh first" >&2
  exit 2
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# seconds COMMAND...: runs it, prints its wall-clock seconds (exit 3, rows rejected, is fine).
seconds() {
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || [ $? -eq 3 ]
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }'
}

# Each binary gets the one-year store built by itself, reported once (its cache), without the day.
n=0
for bin in "$@"; do
  n=$((n + 1))
  store="$scratch/city-$n"
  "$bin" ingest units "$work/city/units.csv" --store "$store" >/dev/null 2>&1 || [ $? -eq 3 ]
  "$bin" ingest keypersons "$work/city/keypersons.csv" --store "$store" >/dev/null 2>&1 || [ $? -eq 3 ]
  for source in calls visits complaints; do
    "$bin" ingest $source "$work/city/$source"-*.csv --store "$store" >/dev/null 2>&1 || [ $? -eq 3 ]
  done
  mkdir -p "$scratch/out"
  "$bin" report all --quarter 2026Q2 --store "$store" --dir "$scratch/out" >/dev/null 2>&1
done

round=0
while [ $round -lt "$rounds" ]; do
  round=$((round + 1))
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    rm -rf "$scratch/ingest"
    sync
    ingest=$(seconds "$bin" ingest calls "$work/reader/calls.csv" --store "$scratch/ingest")
    rm -rf "$scratch/ingest" "$scratch/night"
    cp -R "$scratch/city-$n" "$scratch/night"
    sync
    day=0
    for source in calls visits complaints; do
      t=$(seconds "$bin" ingest $source "$work/day/$source.csv" --store "$scratch/night")
      day=$(echo "$day $t" | awk '{ print $1 + $2 }')
    done
    report=$(seconds "$bin" report all --quarter 2026Q2 --store "$scratch/night" --dir "$scratch/out")
    echo "$n $bin $ingest $day $report" | awk '{ printf "%s ingest %s s, nightly %.2f s (day %.2f s + report all %s s)\n", $2, $3, $4 + $5, $4, $5 }'
    echo "$n $ingest $(echo "$day $report" | awk '{ print $1 + $2 }')" >>"$scratch/times"
  done
done
# median N COLUMN: the median of COLUMN over binary N's runs.
median() {
  awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$scratch/times" | sort -n |
    awk '{ a[NR] = $1 } END { printf "%s", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
echo "medians:"
n=0
for bin in "$@"; do
  n=$((n + 1))
  echo "  $bin: ingest $(median $n 2) s, nightly $(median $n 3) s"
done
