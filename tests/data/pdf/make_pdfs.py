#!/usr/bin/env python3
"""Makes the generated test PDFs of tests/pdf.rs from texts written for them.

Run from anywhere: python3 tests/data/pdf/make_pdfs.py
Needs reportlab and pillow (pip install reportlab pillow) and the DejaVu
fonts (Debian: fonts-dejavu-core). The PDFs are committed, so tests and CI
need none of this; rerun it only to change a test PDF.

Each text below is laid out by a small line breaker of our own so that the
tests know where lines, columns and pages break. Marks in the texts:
  ~   a place a word may be hyphenated at a line end (invisible otherwise)
  |   break the line here (after "~": a hyphenated break; after "-": a
      compound split after its own hyphen)
  ^   start a new page here (mid-sentence is fine)
Paragraphs are separated by blank lines. For every PDF NAME.pdf the script
writes NAME.txt: the text a perfect reader gives back (marks removed,
paragraphs separated by blank lines, no page numbers).
"""

import os
import re

from PIL import Image, ImageDraw
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "generated")
FONTS = "/usr/share/fonts/truetype/dejavu"
pdfmetrics.registerFont(TTFont("Serif", os.path.join(FONTS, "DejaVuSerif.ttf")))
pdfmetrics.registerFont(TTFont("Serif-Bold", os.path.join(FONTS, "DejaVuSerif-Bold.ttf")))

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN, GAP = 56.0, 22.0
SIZE, LEADING = 10.0, 13.0
TITLE_SIZE = 15.0


def width(s, font="Serif", size=SIZE):
    return pdfmetrics.stringWidth(s, font, size)


LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def clean(s):
    """The text without marks, as a reader should give it back."""
    s = s.replace("~", "").replace("|", "").replace("^", "")
    return "".join(LIGATURES.get(ch, ch) for ch in s)


def soft_points(w):
    """Lets long lower-case words break anywhere but near their ends, so
    that hyphenated line ends are common, as in justified reports."""
    if not re.fullmatch(r"[a-z\ufb00-\ufb04]{9,}[,.;:]?", w):
        return w
    core = w.rstrip(",.;:")
    return "~".join([core[:4]] + list(core[4:-3]) + [core[-3:]]) + w[len(core):]


class Layout:
    """Greedy line breaking into n columns, page after page."""

    def __init__(self, c, columns, title, page_numbers):
        self.c, self.n, self.page_numbers = c, columns, page_numbers
        self.col_w = (PAGE_W - 2 * MARGIN - (columns - 1) * GAP) / columns
        self.page = 1
        self.c.setFont("Serif-Bold", TITLE_SIZE)
        top = PAGE_H - MARGIN
        for i, line in enumerate(title.split("\n")):
            self.c.drawString(MARGIN, top - TITLE_SIZE - i * (TITLE_SIZE + 4), line)
        self.top = top - (TITLE_SIZE + 4) * (title.count("\n") + 1) - 2 * LEADING
        self.col, self.y = 0, self.top
        self.line = ""

    def new_page(self):
        self.finish_page()
        self.c.showPage()
        self.page += 1
        self.top = PAGE_H - MARGIN
        self.col, self.y = 0, self.top

    def finish_page(self):
        if self.page_numbers:
            self.c.setFont("Serif", 9)
            self.c.drawCentredString(PAGE_W / 2, MARGIN / 2, str(self.page))

    def emit(self):
        if self.y - LEADING < MARGIN:
            self.col += 1
            self.y = self.top
            if self.col == self.n:
                self.new_page()
        self.y -= LEADING
        x = MARGIN + self.col * (self.col_w + GAP)
        self.c.setFont("Serif", SIZE)
        self.c.drawString(x, self.y, self.line)
        self.line = ""

    def fits(self, s):
        return width(s) <= self.col_w

    def word(self, w):
        """Places one word (with marks) on the current line or the next."""
        if "^" in w:
            before, after = w.split("^", 1)
            if before:
                self.word(before)
            if self.line:
                self.emit()
            self.new_page()
            if after:
                self.word(after)
            return
        if "|" in w:
            before, after = w.split("|", 1)
            shown = before.replace("~", "") + ("-" if before.endswith("~") else "")
            sep = " " if self.line else ""
            if not self.fits(self.line + sep + shown):
                self.emit()
                sep = ""
            self.line += sep + shown
            self.emit()
            self.word(after)
            return
        sep = " " if self.line else ""
        if self.fits(self.line + sep + w.replace("~", "")):
            self.line += sep + w.replace("~", "")
            return
        # Hyphenate at the longest soft point (or real hyphen) that fits.
        points = [m.start() for m in re.finditer(r"~|-(?=\w)", w)]
        for p in reversed(points):
            head = w[:p].replace("~", "") + "-"
            if w[p] == "-":
                head = w[: p + 1].replace("~", "")
            if self.line and self.fits(self.line + sep + head):
                self.line += sep + head
                self.emit()
                self.word(w[p + 1 :])
                return
        if self.line:
            self.emit()
        self.line = w.replace("~", "")

    def paragraph(self, text):
        for w in text.split():
            self.word(soft_points(w))
        if self.line:
            self.emit()
        self.y -= LEADING / 2

    def close(self):
        self.finish_page()


def make(name, title, body, columns=1, meta_title=None, date=None, page_numbers=True,
         encrypt=None):
    path = os.path.join(OUT, name + ".pdf")
    c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1, encrypt=encrypt)
    if meta_title:
        c.setTitle(meta_title)
    c.setAuthor("geomention tests")
    if date:
        c.setDateFormatter(lambda *_: date)
    layout = Layout(c, columns, title, page_numbers)
    paragraphs = [p.strip() for p in body.strip().split("\n\n")]
    for p in paragraphs:
        layout.paragraph(p)
    layout.close()
    c.save()
    expected = "\n\n".join([title.replace("\n", " ")] + [" ".join(clean(p).split()) for p in paragraphs])
    with open(os.path.join(OUT, name + ".txt"), "w", encoding="utf-8") as f:
        f.write(expected + "\n")
    print(f"{name}.pdf: {layout.page} page(s), {os.path.getsize(path)} bytes")


def scanned(name):
    """A page that is only a picture of text-like bars: no text layer."""
    img = Image.new("L", (620, 880), 255)
    d = ImageDraw.Draw(img)
    for row in range(40):
        y = 40 + row * 20
        x = 40
        for k in range(9):
            w = 20 + (row * 7 + k * 13) % 45
            d.rectangle([x, y, x + w, y + 9], fill=40)
            x += w + 12
    path = os.path.join(OUT, name + ".pdf")
    c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("A scanned page")
    c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()
    print(f"{name}.pdf: image only, {os.path.getsize(path)} bytes")


def corrupt(name):
    """A PDF signature followed by no valid PDF structure at all."""
    junk = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    state = 12345
    for _ in range(3000):
        state = (state * 1103515245 + 12345) % 2**31
        junk.append(state >> 23)
    junk += b"\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
        f.write(bytes(junk))
    print(f"{name}.pdf: {len(junk)} bytes of junk")


def truncated(name, source):
    """The first half of a good PDF: no cross-reference table, no trailer."""
    with open(os.path.join(OUT, source + ".pdf"), "rb") as f:
        data = f.read()
    with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
        f.write(data[: len(data) // 2])
    print(f"{name}.pdf: {len(data) // 2} bytes")


def raw_pdf(objects):
    """A PDF written by hand from object bodies, with its xref table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def hostile(name, content, catalog_extra=b""):
    """A one-page PDF whose page content (zlib-compressed) or catalog nests
    arrays absurdly deep, as a hostile file would, to crash a recursive
    parser."""
    import zlib

    data = zlib.compress(content)
    pdf = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
    with open(os.path.join(OUT, name + ".pdf"), "wb") as f:
        f.write(pdf)
    print(f"{name}.pdf: {len(pdf)} bytes")


from texts import ONE, TWO, THREE, PAGES, SECRET  # noqa: E402

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    make("one-column", *ONE[:2], columns=1, meta_title=ONE[2], date="D:20240315093000+07'00'")
    make("two-columns", *TWO[:2], columns=2, meta_title=TWO[2], date="D:20231102141500Z")
    make("three-columns", *THREE[:2], columns=3, meta_title=THREE[2], date="D:20220720")
    make("page-break", *PAGES[:2], columns=1, meta_title=PAGES[2], date="D:20250101120000+01'00'")
    make("encrypted", *SECRET[:2], columns=1, meta_title=SECRET[2],
         encrypt=StandardEncryption("open sesame", ownerPassword="owner", strength=128))
    make("owner-password-only", *SECRET[:2], columns=1, meta_title=SECRET[2],
         encrypt=StandardEncryption("", ownerPassword="owner", strength=128))
    scanned("scanned")
    corrupt("corrupt")
    truncated("truncated", "two-columns")
    n = 500_000
    hostile("nested-content", b"BT /F1 12 Tf 10 10 Td " + b"[" * n + b"(Fiji)" + b"]" * n + b" TJ ET")
    hostile("nested-catalog", b"BT /F1 12 Tf 10 10 Td (Fiji) Tj ET", b" /X " + b"[" * 5000 + b"]" * 5000)
