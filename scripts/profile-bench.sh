#!/bin/sh
# A check of the import-profile hot path (SPEC 1.5) against Pledge's own format: read and parse
# a synthetic call log both ways (see scripts/profile-bench/main.swift).
#
#   scripts/profile-bench.sh [ROWS] [ZONE]      e.g. scripts/profile-bench.sh 200000 America/Los_Angeles
#
# It compiles only the sources the profile code needs, optimised, into one small module (about
# 15 s on one core), rather than a release build of the whole package.
set -eu
cd "$(dirname "$0")/.."
k=Sources/PledgeKit
out=${TMPDIR:-/tmp}/pledge-profile-bench
swiftc -O -wmo -module-name PledgeKit -j1 -o "$out" \
  $k/Profile/*.swift \
  $k/Time/CivilDateTime.swift $k/Time/Instant.swift $k/Time/CivilDate.swift \
  $k/Time/TimeParser.swift $k/Time/ValueProblem.swift \
  $k/CSV/CSVReader.swift $k/CSV/CSVRecord.swift $k/CSV/SpaceTrimming.swift \
  $k/CSV/TextEncoding.swift $k/CSV/HeaderMatcher.swift $k/CSV/ChineseSpelling.swift \
  $k/Support/Diagnostic.swift $k/Support/MappedFile.swift \
  $k/Ingest/CellParser.swift $k/Events/Enumerations.swift $k/Events/EventValue.swift \
  scripts/profile-bench/shims.swift scripts/profile-bench/main.swift
"$out" "$@"
