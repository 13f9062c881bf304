"""The one rule for archives from outside: judged by their declared sizes before unpacking."""

from __future__ import annotations

from govperf.domain.zip_bounds import MB, Part, ZipBounds, archive_overrun, file_overrun

BOUNDS = ZipBounds(file_bytes=10 * MB, entries=3, unpacked_bytes=20 * MB, part_bytes=5 * MB)


def test_an_archive_in_bounds_passes() -> None:
    parts = [Part("a.xml", 2 * MB, MB), Part("b.png", 4 * MB, 4 * MB)]
    assert archive_overrun(BOUNDS, parts) is None and file_overrun(BOUNDS, MB) is None


def test_each_bound_is_named_with_its_figures() -> None:
    assert (overrun := file_overrun(BOUNDS, 11 * MB)) and overrun.kind == "file"
    many = [Part(f"{index}.xml", 10, 10) for index in range(4)]
    assert (overrun := archive_overrun(BOUNDS, many)) and (overrun.kind, overrun.size) == (
        "entries",
        4,
    )
    large = [Part(f"{index}.xml", 5 * MB, 5 * MB) for index in range(3)]
    large[0] = Part("0.xml", 5 * MB + 1, 5 * MB)
    assert (overrun := archive_overrun(BOUNDS, large)) and overrun.kind == "part"
    assert overrun.name == "0.xml"
    total = [Part(f"{index}.xml", 5 * MB, 5 * MB) for index in range(3)]
    assert archive_overrun(BOUNDS, total) is None
    over = ZipBounds(file_bytes=10 * MB, entries=3, unpacked_bytes=12 * MB, part_bytes=5 * MB)
    assert (overrun := archive_overrun(over, total)) and overrun.kind == "unpacked"


def test_a_part_packed_a_hundred_times_tighter_is_a_bomb() -> None:
    bomb = [Part("sheet.xml", 4 * MB, 4 * MB // 101)]
    assert (overrun := archive_overrun(BOUNDS, bomb)) and (overrun.kind, overrun.name) == (
        "ratio",
        "sheet.xml",
    )
    small = [Part("styles.xml", MB // 2, 1)]  # small parts may pack tight
    assert archive_overrun(BOUNDS, small) is None
