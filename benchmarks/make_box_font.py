"""Write ``extract/data/box.ttf``: a one-glyph TrueType font (a speck) mapped from every BMP code point.

pdfium lays out text in a font the PDF does not embed (STSong-Light, SimSun ...) with a
system font; a machine without CJK fonts has no glyph for a Chinese character, its box is
empty, and pdfium's text page drops a text object whose glyphs are all empty (a character
wrapped alone onto its own line in a table cell). ``extract.read_pdfium`` gives pdfium this
font for every font it cannot find, so every glyph has a box. Only glyph *boxes* come from
it: the characters come from the PDF's own encoding, their advances from its widths.

Regenerate with ``python3 benchmarks/make_box_font.py`` (a build-time tool: needs fontTools; the product
only reads the file).
"""

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable


def main() -> None:
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "box"])
    cmap = {cp: "box" for cp in range(0x20, 0x10000) if not 0xD800 <= cp <= 0xDFFF}
    fb.setupCharacterMap({0x20: "box"})
    # One glyph for ~64k code points: a format-13 subtable (many-to-one groups) says it in a few bytes.
    sub = CmapSubtable.newSubtable(13)
    sub.platformID, sub.platEncID, sub.language, sub.cmap = 3, 10, 0, cmap
    fb.font["cmap"].tables = [sub]
    pen = TTGlyphPen(None)
    # A speck at the origin, inside any advance: pdfium's loose box is the union of the
    # advance and the glyph's box, so a glyph as wide as an em would widen narrow characters.
    pen.moveTo((0, 0))
    pen.lineTo((0, 10))
    pen.lineTo((10, 10))
    pen.lineTo((10, 0))
    pen.closePath()
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "box": pen.glyph()})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "JXScanBox", "styleName": "Regular"})
    fb.setupOS2(
        sTypoAscender=880,
        sTypoDescender=-120,
        usWinAscent=880,
        usWinDescent=120,
        ulCodePageRange1=(1 << 0) | (1 << 18) | (1 << 20),
    )  # Latin 1, GB2312, Big5
    fb.setupPost()
    fb.save(str(Path(__file__).resolve().parent.parent / "extract" / "data" / "box.ttf"))


if __name__ == "__main__":
    main()
