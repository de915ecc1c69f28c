#!/usr/bin/env bash
# Renders the sample report and, when Chromium is installed, takes full-page screenshots at
# desktop and phone width, so the report can be looked at, not only parsed.
#   tests/screenshot.sh [OUT_DIR]        (default: target/screenshots)
# Not part of CI: Chromium is optional (`apt-get install chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/screenshots}"
mkdir -p "$out"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/socgauge-target}"
cargo run --release --quiet -- report sample-data -o "$out/report.html"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "no Chromium found: the report is at $out/report.html (install chromium for screenshots)"
  exit 0
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
shoot() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$1" \
    --screenshot="$2" "file://$PWD/$out/report.html" 2>/dev/null
}
shoot 1200,9000 "$out/report-desktop.png"
shoot 390,16000 "$out/report-phone.png"
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$profile" --print-to-pdf="$out/report.pdf" --no-pdf-header-footer \
  "file://$PWD/$out/report.html" 2>/dev/null || true
echo "screenshots in $out: report-desktop.png, report-phone.png, report.pdf"
