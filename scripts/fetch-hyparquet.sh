#!/usr/bin/env bash
# Fetches hyparquet, a pure-JavaScript Parquet reader, from the npm registry and caches it.
#
#   scripts/fetch-hyparquet.sh
#
# Prints the cache folder (the package root: src/node.js is its Node entry point). The Storage tests
# read our parts with it, through scripts/parquet-to-json.mjs, to prove that a reader other than
# Parquet.Net understands them; pyarrow and DuckDB are not installable here. Pinned for repeatable tests.
set -euo pipefail

VERSION="1.33.0"
CACHE="${LLM_DISTILL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/llm-distill}/hyparquet/$VERSION"

die() { echo "fetch-hyparquet: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is required to fetch hyparquet (install Node.js/npm, e.g. 'apt-get install npm')"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [[ ! -f "$CACHE/package/src/node.js" ]]; then
  tmp=$(mktemp -d "$CACHE/.tmp.XXXXXX")
  (cd "$tmp" && npm pack --silent "hyparquet@$VERSION" >/dev/null 2>"$tmp/npm.log") \
    || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "could not fetch hyparquet@$VERSION from the npm registry"; }
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$CACHE/package"
  mv "$tmp/package" "$CACHE/package"
  rm -rf "$tmp"
fi

echo "$CACHE/package"
