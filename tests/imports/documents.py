"""Helpers for the DOCX and ODT import tests: our own files of the sample, and edits of them."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

from lxml import etree

from govperf.imports import ir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def zip_replace(data: bytes, name: str, content: bytes) -> bytes:
    """The archive with part `name` replaced (or added)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return output.getvalue()


def xml_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def xml_part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def with_xml_part(data: bytes, name: str, root: etree._Element) -> bytes:
    return zip_replace(data, name, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def blank(text: str) -> bool:
    """A paragraph the DOCX and ODT renderers leave out: nothing but white space (e.g. a
    no-break space), which `str.strip` removes."""
    return text != "" and not text.strip()


def printable_lines(text: str) -> list[str]:
    """The text export's lines but for those the DOCX and ODT renderers cannot print."""
    return [line for line in text.split("\n") if line.startswith("\t") or not blank(line)]


def content(node: Any) -> Any:
    """A report's content without line numbers and file name, the renderers' blanks left out."""
    if isinstance(node, ir.Cell):
        return node.text
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return {
            item.name: content(getattr(node, item.name))
            for item in dataclasses.fields(node)
            if item.name not in ("line", "source")
        }
    if isinstance(node, list):
        return [
            content(item)
            for item in node
            if not (isinstance(item, ir.Block) and blank(item.text))
            and not (isinstance(item, str) and blank(item))
        ]
    return node


# --- a DOCX as Word saves it ------------------------------------------------------------------


def _run(text: str = "", **child: str) -> etree._Element:
    run = etree.Element(w("r"))
    if text:
        t = etree.SubElement(run, w("t"))
        t.text = text
    for tag, kind in child.items():
        element = etree.SubElement(run, w(tag))
        if tag == "fldChar":
            element.set(w("fldCharType"), kind)
        elif tag == "instrText":
            element.text = kind
    return run


def _paragraph(text: str, style: str = "") -> etree._Element:
    paragraph = etree.Element(w("p"))
    if style:
        properties = etree.SubElement(paragraph, w("pPr"))
        etree.SubElement(properties, w("pStyle")).set(w("val"), style)
    paragraph.append(_run(text))
    return paragraph


def _split_runs(body: etree._Element) -> None:
    """Every run of two or more characters split mid-word, with Word's markers between."""
    for number, run in enumerate(list(body.iter(w("r")))):
        texts = run.findall(w("t"))
        if len(texts) != 1 or len(texts[0].text or "") < 2:
            continue
        text = texts[0].text or ""
        texts[0].text = text[: len(text) // 2]
        texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        second = etree.Element(w("r"))
        properties = run.find(w("rPr"))
        if properties is not None:
            second.append(etree.fromstring(etree.tostring(properties)))
        etree.SubElement(second, w("t")).text = text[len(text) // 2 :]
        markers = [etree.Element(w("proofErr")), etree.Element(w("bookmarkStart"))]
        markers[0].set(w("type"), "spellStart")
        markers[1].set(w("id"), str(number))
        markers[1].set(w("name"), f"_Ref{number}")
        end = etree.Element(w("bookmarkEnd"))
        end.set(w("id"), str(number))
        run.addnext(second)
        run.addnext(markers[1])
        run.addnext(markers[0])
        second.addnext(end)


def _as_fields(body: etree._Element) -> None:
    """A paragraph's text as a simple field's result, another's as a complex field's."""
    paragraphs = [p for p in body.iter(w("p")) if p.find(w("r")) is not None]
    simple, complex_ = paragraphs[5], paragraphs[6]
    run = simple.find(w("r"))
    field = etree.Element(w("fldSimple"))
    field.set(w("instr"), " DOCPROPERTY Company ")
    run.addprevious(field)
    field.append(run)
    run = complex_.find(w("r"))
    run.addprevious(_run(fldChar="begin"))
    run.addprevious(_run(instrText=" REF _Ref1 \\h "))
    run.addprevious(_run(fldChar="separate"))
    run.addnext(_run(fldChar="end"))


def _tracked_and_wrapped(body: etree._Element) -> None:
    """Deleted text, an insertion, a hyperlink and a smart tag, a content control, a page break."""
    paragraphs = [p for p in body.findall(w("p")) if p.find(w("r")) is not None]
    deleted = etree.SubElement(paragraphs[3], w("del"))
    removed = etree.SubElement(etree.SubElement(deleted, w("r")), w("delText"))
    removed.text = "已刪除的字"
    for tag, paragraph in (("ins", paragraphs[4]), ("hyperlink", paragraphs[7])):
        run = paragraph.find(w("r"))
        wrapper = etree.Element(w(tag))
        run.addprevious(wrapper)
        wrapper.append(run)
    paragraphs[2].append(_run(br="page"))
    paragraphs[2][-1].find(w("br")).set(w("type"), "page")
    control = etree.Element(w("sdt"))
    etree.SubElement(control, w("sdtPr"))
    inner = etree.SubElement(control, w("sdtContent"))
    paragraphs[8].addprevious(control)
    inner.append(paragraphs[8])


def _table_of_contents(body: etree._Element) -> None:
    """Word's table of contents after the cover: a content control holding a TOC field."""
    third = [p for p in body.findall(w("p")) if p.find(w("r")) is not None][2]
    control = etree.Element(w("sdt"))
    gallery = etree.SubElement(
        etree.SubElement(etree.SubElement(control, w("sdtPr")), w("docPartObj")),
        w("docPartGallery"),
    )
    gallery.set(w("val"), "Table of Contents")
    content = etree.SubElement(control, w("sdtContent"))
    content.append(_paragraph("目錄", "TOCHeading"))
    first = _paragraph("", "TOC1")
    for run in (
        _run(fldChar="begin"),
        _run(instrText=' TOC \\o "1-3" \\h \\z \\u '),
        _run(fldChar="separate"),
        _run("壹、前言\t1"),
    ):
        first.append(run)
    content.append(first)
    content.append(_paragraph("一、近4年預、決算趨勢\t2", "TOC2"))
    last = _paragraph("貳、機關104至107年度預算及人力\t3", "TOC1")
    last.append(_run(fldChar="end"))
    content.append(last)
    third.addnext(control)
    # and a bare TOC field in TOC-styled paragraphs, as older files have
    loose = _paragraph("", "TOC1")
    for run in (_run(fldChar="begin"), _run(instrText=" TOC "), _run(fldChar="separate")):
        loose.append(run)
    loose.append(_run("參、關鍵策略目標達成情形\t5"))
    loose.append(_run(fldChar="end"))
    control.addnext(loose)


def _word_vertical_merges(body: etree._Element) -> None:
    """Word writes a continued vertical merge as a bare <w:vMerge/>."""
    for merge in body.iter(w("vMerge")):
        if merge.get(w("val")) == "continue":
            del merge.attrib[w("val")]


def as_word_saves_it(data: bytes) -> bytes:
    """Our DOCX with its document.xml written the way Word writes one."""
    root = xml_part(data, "word/document.xml")
    body = root.find(w("body"))
    _table_of_contents(body)
    _tracked_and_wrapped(body)
    _as_fields(body)
    _split_runs(body)
    _word_vertical_merges(body)
    return with_xml_part(data, "word/document.xml", root)
