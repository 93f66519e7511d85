#!/usr/bin/env bash
# Fetches llama.cpp for LlmDistill from the npm registry and caches it.
#
#   scripts/fetch-llama-cpp.sh [--source]
#
# Prints the cache folder. It holds:
#   bins/     prebuilt CPU libraries of @node-llama-cpp/linux-x64 (libllama, libggml*)
#   src/      (with --source) the matching llama.cpp source tree, cloned from the git bundle
#             that node-llama-cpp ships: include/llama.h and models/ggml-vocab-* for tests.
# The version is pinned: the binding's structs are laid out for exactly this llama.cpp.
set -euo pipefail

VERSION="3.22.1"
CACHE="${LLM_DISTILL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/llm-distill}/llama.cpp/$VERSION"
want_source=0
[[ "${1:-}" == "--source" ]] && want_source=1

die() { echo "fetch-llama-cpp: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is required to fetch llama.cpp (install Node.js/npm, e.g. 'apt-get install npm')"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

fetch() { # package dest
  local pkg=$1 dest=$2 tmp
  tmp=$(mktemp -d "$CACHE/.tmp.XXXXXX")
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>"$tmp/npm.log") \
    || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "could not fetch $pkg from the npm registry"; }
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$dest"
  mv "$tmp/package" "$dest"
  rm -rf "$tmp"
}

if [[ ! -f "$CACHE/bins/libllama.v0.5.0.so" ]]; then
  fetch "@node-llama-cpp/linux-x64@$VERSION" "$CACHE/pkg-bins"
  rm -rf "$CACHE/bins"
  mv "$CACHE/pkg-bins/bins/linux-x64" "$CACHE/bins"
  rm -rf "$CACHE/pkg-bins"
  # The libraries name each other by their SONAME; give them those names too.
  (cd "$CACHE/bins" && for f in libllama.v0.5.0.so libggml.v0.5.0.so; do
     ln -sf "$f" "${f%.v0.5.0.so}.so"; done)
fi

if [[ $want_source == 1 && ! -f "$CACHE/src/include/llama.h" ]]; then
  command -v git >/dev/null || die "git is required to unpack the llama.cpp source bundle"
  fetch "node-llama-cpp@$VERSION" "$CACHE/pkg-src"
  rm -rf "$CACHE/src"
  git -c advice.detachedHead=false clone -q "$CACHE/pkg-src/llama/gitRelease.bundle" "$CACHE/src"
  rm -rf "$CACHE/pkg-src" "$CACHE/src/.git"
fi

echo "$CACHE"
