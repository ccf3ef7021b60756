#!/bin/sh
# The 2026Q1 dashboard of the bundled fixtures, as a real browser draws it: builds Pledge, runs
# the fixtures job when its store is missing or older than fixtures/, writes the page in Chinese
# and English to out/, and renders the Chinese page with headless Chromium to
# docs/dashboard-2026Q1.png (the README's picture) and the English one to out/.
#
# Usage: scripts/screenshot.sh
# Needs Chromium and a CJK font; on Debian: apt-get install -y chromium fonts-noto-cjk
set -eu
cd "$(dirname "$0")/.."

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$candidate
    break
  fi
done
if [ -z "$browser" ]; then
  echo "error: no Chromium found; install it (Debian: apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 1
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family)" ]; then
  echo "warning: no Chinese font installed, the picture will show boxes (Debian: apt-get install -y fonts-noto-cjk)" >&2
fi

store=out/fixtures-store
if [ ! -d "$store" ] || [ -n "$(find fixtures -newer "$store" -name '*.csv' | head -n 1)" ]; then
  scripts/run-fixtures.sh >&2
else
  swift build -c release --product pledge >&2
fi
pledge=.build/release/pledge

html_zh="$PWD/out/dashboard-2026Q1.html"
html_en="$PWD/out/dashboard-2026Q1-en.html"
"$pledge" report dashboard --quarter 2026Q1 --store "$store" --out "$html_zh"
"$pledge" report dashboard --quarter 2026Q1 --store "$store" --lang en --out "$html_en"

width=1600
# The page's height at this width, measured on a throw-away copy that reports it in its title
# (the dashboard itself holds no script).
page_height() {
  probe="$PWD/out/.dashboard-probe.html"
  sed 's|</body>|<script>document.title = "page-height:" + document.documentElement.scrollHeight</script></body>|' "$1" >"$probe"
  height=$("$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="$width,1000" --dump-dom "file://$probe" 2>/dev/null |
    sed -n 's|.*<title>page-height:\([0-9][0-9]*\)</title>.*|\1|p' | head -n 1)
  rm -f "$probe"
  echo "${height:-2900}"
}

shoot() {
  height=$(page_height "$1")
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$width,$height" --screenshot="$2" "file://$1" >/dev/null 2>&1
  [ -s "$2" ] || { echo "error: Chromium wrote no $2" >&2; exit 1; }
  echo "wrote $2 (${width}x$height)"
}

mkdir -p docs
shoot "$html_zh" docs/dashboard-2026Q1.png
shoot "$html_en" out/dashboard-2026Q1-en.png
