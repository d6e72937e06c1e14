#!/usr/bin/env bash
# Renders the sample report in a real browser: Debian's chromium, headless, to PNG screenshots of
# the page (a laptop's width and a phone's) and a PDF of it as printed (A4, the report's print CSS),
# then checks it with axe-core (scripts/check-a11y.js). Not part of CI.
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
# And at a phone's width: nothing cut off, captions wrapped.
"${browser[@]}" --window-size=400,"${HEIGHT:-2400}" --screenshot="$(realpath "$out")/$name-400.png" "file://$html" 2>/dev/null
echo "wrote $out/$name.png, $out/$name-400.png and $out/$name.pdf"
# The accessibility check (axe-core, WCAG 2.1 A and AA) at both widths, when its modules are there:
# PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix ~/.cache/friskliv-a11y puppeteer-core axe-core
modules="${A11Y_MODULES:-$HOME/.cache/friskliv-a11y/node_modules}"
if command -v node >/dev/null && [ -d "$modules/axe-core" ]; then
  for width in 1100 400; do NODE_PATH="$modules" node scripts/check-a11y.js "$html" "$width"; done
else
  echo "render-report: skipped the accessibility check (needs node, and axe-core and puppeteer-core in $modules)" >&2
fi
