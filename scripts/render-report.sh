#!/usr/bin/env bash
# Renders the sample report in a real browser: Debian's chromium, headless, to a PNG screenshot of
# the page and a PDF of it as printed (A4, the report's print CSS). Not part of CI.
#
#   scripts/render-report.sh [OUT_DIR]      (default: target/rapport)
#
# Needs chromium (`apt-get install chromium`). Writes OUT_DIR/rapport-2014-2022.{html,png,pdf} and the
# other files of the report; then look at the pictures: nothing overlapping, nothing cut, æøå right.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/rapport}"
spec=examples/rapport-2014-2022.toml
name=$(basename "$spec" .toml)
command -v chromium >/dev/null || { echo "render-report: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
cargo run --quiet -- report --spec "$spec" --out-dir "$out" --quiet
html="$(realpath "$out/$name.html")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browser=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile")
# The page at a laptop's width, tall enough for the first screens of the report.
"${browser[@]}" --window-size=1100,"${HEIGHT:-2400}" --screenshot="$(realpath "$out")/$name.png" "file://$html" 2>/dev/null
"${browser[@]}" --no-pdf-header-footer --print-to-pdf="$(realpath "$out")/$name.pdf" "file://$html" 2>/dev/null
echo "wrote $out/$name.png and $out/$name.pdf"
