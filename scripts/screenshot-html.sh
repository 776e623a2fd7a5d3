#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and takes a screenshot, to check by eye that the
# tables and charts render with no network (the file is self-contained).
#   scripts/screenshot-html.sh [reports/report.html] [out.png]
# Needs Debian's chromium (apt-get install chromium); installs it when missing and run as root.
set -euo pipefail
html="$(realpath "${1:-reports/report.html}")"
out="${2:-target/report-screenshot.png}"
mkdir -p "$(dirname "$out")"
if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -q && apt-get install -y -q chromium
  else
    echo "screenshot-html: needs chromium (apt-get install chromium)" >&2
    exit 1
  fi
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1280,2400 \
  --screenshot="$(realpath -m "$out")" "file://$html" 2>/dev/null
echo "$out"
