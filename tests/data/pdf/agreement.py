#!/usr/bin/env python3
"""Word-order agreement between two extractions of the same PDF.

    python3 agreement.py REFERENCE.txt CANDIDATE.txt [N]

Prints the share of the reference's N-word sequences (default 6) that the
candidate also contains, and the share of the reference's words the
candidate has. Words are runs of letters and digits, lower-cased, with
ligatures expanded, so a hyphen kept or dropped at a line end counts only
where it glues or splits a word. Used to compare geomention's PDF text with
poppler's pdftotext and with the known text of the generated PDFs.
"""

import collections
import re
import sys

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def words(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    text = "".join(LIGATURES.get(c, c) for c in text).lower()
    return re.findall(r"\w+", text)


def shingles(ws, n):
    return collections.Counter(tuple(ws[i : i + n]) for i in range(len(ws) - n + 1))


def main():
    ref, cand = words(sys.argv[1]), words(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    r, c = shingles(ref, n), shingles(cand, n)
    order = sum((r & c).values()) / max(1, sum(r.values()))
    vocab = sum((collections.Counter(ref) & collections.Counter(cand)).values()) / max(1, len(ref))
    print(f"order {order:.3f}  words {vocab:.3f}  ({len(ref)} reference words, {len(cand)} candidate words)")


if __name__ == "__main__":
    main()
