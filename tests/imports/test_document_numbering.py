"""Headings numbered by Word itself (a list on the style or the paragraph) read with their numbers."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from govperf.evaluation.models import Cycle
from govperf.imports.archive import Archive
from govperf.imports.docx_numbering import number_text
from govperf.imports.docx_reader import docx_lines
from govperf.reports.builder import document_build
from govperf.reports.render_docx import render_docx
from tests.imports.documents import W, w, with_xml_part, xml_part, zip_replace

CHAPTER = re.compile(r"^[壹貳參肆伍陸柒捌玖拾]+、")
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographLegalTraditional"/>
      <w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/>
      <w:lvlText w:val="%2、"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>""".encode()


def _numbered_by_word(data: bytes) -> tuple[bytes, int]:
    """Our DOCX with the chapter numbers and 貳's section numbers taken out of the headings'
    text and given to Word's numbering instead: chapters through the Heading 1 style, sections
    on each paragraph, as Word writes either."""
    root = xml_part(data, "word/document.xml")
    count, chapter = 0, ""
    for paragraph in root.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        kind = style.get(w("val")) if style is not None else None
        pattern = {"Heading1": CHAPTER, "Heading2": SECTION}.get(kind or "")
        text = paragraph.find(f".//{w('t')}")
        if pattern is None or text is None or not pattern.match(text.text or ""):
            continue
        chapter = (text.text or "")[:2] if kind == "Heading1" else chapter
        if kind == "Heading2" and chapter != "貳、":
            continue  # later chapters count 一、 … beside numbered paragraphs (十、外館購置事務：…)
        text.text = pattern.sub("", text.text or "")
        count += 1
        if kind == "Heading2":
            numbered = etree.SubElement(paragraph.find(w("pPr")), w("numPr"))
            etree.SubElement(numbered, w("ilvl")).set(w("val"), "1")
            etree.SubElement(numbered, w("numId")).set(w("val"), "3")
    styles = xml_part(data, "word/styles.xml")
    heading = styles.find(f"{w('style')}[@{w('styleId')}='Heading1']")
    properties = heading.find(w("pPr"))
    if properties is None:
        properties = etree.SubElement(heading, w("pPr"))
    numbered = etree.Element(w("numPr"))
    etree.SubElement(numbered, w("numId")).set(w("val"), "3")
    properties.insert(0, numbered)
    data = with_xml_part(with_xml_part(data, "word/document.xml", root), "word/styles.xml", styles)
    return zip_replace(data, "word/numbering.xml", NUMBERING), count


@pytest.mark.django_db
def test_headings_numbered_by_word_read_as_the_numbers_printed(imported_cycle: Cycle) -> None:
    data = render_docx(document_build(imported_cycle))
    numbered, headings = _numbered_by_word(data)
    assert headings == 7 + 3  # 壹 to 柒, and 貳's 一、 to 三、
    ours = docx_lines(Archive(data, "ours.docx")).text()
    assert docx_lines(Archive(numbered, "word.docx")).text() == ours
    assert "\n壹、前言\n" in ours and "\n一、近4年預、決算趨勢（單位:百萬元）\n" in ours


@pytest.mark.parametrize(
    ("number", "format", "printed"),
    [
        (1, "ideographLegalTraditional", "壹"),
        (7, "ideographLegalTraditional", "柒"),
        (10, "ideographLegalTraditional", "拾"),
        (12, "ideographLegalTraditional", "拾貳"),
        (3, "taiwaneseCountingThousand", "三"),
        (10, "taiwaneseCountingThousand", "十"),
        (11, "taiwaneseCountingThousand", "十一"),
        (20, "taiwaneseCountingThousand", "二十"),
        (105, "taiwaneseCountingThousand", "一百零五"),
        (2, "decimalFullWidth", "２"),
        (12, "decimalFullWidth", "１２"),
        (3, "ideographTraditional", "丙"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (5, "decimal", "5"),
    ],
)
def test_word_number_formats(number: int, format: str, printed: str) -> None:
    assert number_text(number, format) == printed
