#!/usr/bin/env bash
# Takes a headless-Chromium screenshot of a report: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
# Installs Debian's `chromium` package when no Chromium is on PATH. Nothing is fetched by the page itself:
# the report is self-contained, and the flags below keep Chromium's own background traffic off.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT (default 1280x2400)]" >&2
    exit 2
fi
report=$1
out=$2
size=${3:-1280x2400}
if [[ ! -f $report ]]; then
    echo "error: $report: no such file" >&2
    exit 3
fi
if [[ ! $size =~ ^[0-9]+x[0-9]+$ ]]; then
    echo "error: size must look like 1280x2400, got '$size'" >&2
    exit 2
fi

find_chromium() {
    local c
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if ! browser=$(find_chromium); then
    echo "chromium not found; installing Debian's chromium package" >&2
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || { echo "error: chromium is missing and this user cannot install it (no root, no sudo)" >&2; exit 4; }
        sudo="sudo -n"
    fi
    if ! { $sudo apt-get install -y -q --no-install-recommends chromium >&2 \
        || { $sudo apt-get update -q >&2 && $sudo apt-get install -y -q --no-install-recommends chromium >&2; }; }; then
        echo "error: could not install chromium with apt-get" >&2
        exit 4
    fi
    browser=$(find_chromium) || { echo "error: chromium installed but not on PATH" >&2; exit 4; }
fi

abs_report=$(realpath "$report")
mkdir -p "$(dirname "$out")"
abs_out=$(realpath -m "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# A fresh profile per shot, so that parallel runs do not share (and lock) one.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="${size/x/,}" \
    --screenshot="$abs_out" "file://$abs_report" >&2 2>"$profile/chromium.log" || {
    echo "error: chromium failed; its log:" >&2
    tail -n 20 "$profile/chromium.log" >&2
    exit 5
}
if [[ ! -s $abs_out ]]; then
    echo "error: chromium wrote no screenshot to $abs_out" >&2
    exit 5
fi
echo "$abs_out"
