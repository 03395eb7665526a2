#!/usr/bin/env bash
# Measures the PDF backends (the README's PDF table): word-order agreement
# with the known text of the generated PDFs and with poppler's pdftotext on
# the real ones, country mentions found, and speed.
# Needs: cargo build --release --features pdf --example pdftext; pdftotext.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin=target/release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
agree() { python3 tests/data/pdf/agreement.py "$1" "$2"; }
mentions() { # total country mentions found by the CLI in a file; $2: PATH for it
  env PATH="${2:-$PATH}" "$bin/geomention" mentions --format json "$1" 2>/dev/null |
    python3 -c 'import json,sys; print(sum(sum(d["countries"].values()) for d in json.load(sys.stdin)))'
}
echo "== order vs the known text (generated PDFs)"
for n in one-column two-columns three-columns; do
  for b in builtin pdftotext; do
    "$bin/examples/pdftext" $b tests/data/pdf/generated/$n.pdf >"$tmp/$n.$b.txt" 2>/dev/null
    echo "$n $b: $(agree tests/data/pdf/generated/$n.txt "$tmp/$n.$b.txt")"
  done
  pdftotext tests/data/pdf/generated/$n.pdf "$tmp/$n.plain.txt"
  echo "$n plain pdftotext: $(agree tests/data/pdf/generated/$n.txt "$tmp/$n.plain.txt")"
done
echo "== order vs plain pdftotext, mentions, speed (real PDFs)"
for n in naacl06-shinyama i1040nr; do
  f=tests/data/pdf/pdfminer/$n.pdf
  pdftotext "$f" "$tmp/$n.plain.txt"
  echo "$n plain pdftotext: $(mentions "$tmp/$n.plain.txt") mentions"
  for b in builtin pdftotext; do
    speed=$("$bin/examples/pdftext" $b "$f" 2>&1 >"$tmp/$n.$b.txt" | tail -1)
    echo "$n $b: $(agree "$tmp/$n.plain.txt" "$tmp/$n.$b.txt"); $speed"
  done
  echo "$n CLI, pdftotext backend: $(mentions "$f") mentions"
  echo "$n CLI, built-in backend: $(mentions "$f" /nonexistent) mentions"
done
