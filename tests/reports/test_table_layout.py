"""The one layout plan of a report table that every paged format follows."""

from __future__ import annotations

from govperf.domain.lights import Light
from govperf.reports.document import Cell, Table
from govperf.reports.table_layout import (
    CELL_PADDING_EM,
    EM_CM,
    cells_laid_out,
    column_widths,
    page_runs,
    repeated_header_rows,
    row_groups,
    row_heights,
    text_width,
)

LONG = "提升我國際形象及堅固我國際地位，推動參與功能性及專業性國際組織之成果說明" * 2


def _light_table() -> Table:
    header = (Cell("關鍵績效指標"), Cell("初核"), Cell("複核"), Cell("說明"))
    rows = [
        (Cell(LONG), Cell("★", light=Light.GREEN), Cell("▲", light=Light.YELLOW), Cell(LONG))
        for _ in range(3)
    ]
    return Table((header, *rows))


def test_a_light_cell_and_its_header_fit_on_one_line_beside_long_text() -> None:
    widths = column_widths(_light_table(), 17.0)
    needed = (text_width("★ 綠燈") + CELL_PADDING_EM) * EM_CM
    assert widths[1] >= needed and widths[2] >= needed
    assert abs(sum(widths) - 17.0) < 0.01


def test_short_tables_fill_the_line_in_proportion() -> None:
    table = Table(((Cell("年度"), Cell("104")), (Cell("預算"), Cell("24,327"))))
    widths = column_widths(table, 17.0)
    assert abs(sum(widths) - 17.0) < 0.01 and widths[0] < widths[1]


def test_figures_are_right_aligned_lights_centred_and_coloured() -> None:
    table = Table(
        (
            (Cell("項目"), Cell("107")),
            (Cell("執行率(%)"), Cell("94.49%")),
            (Cell("燈號"), Cell("●", light=Light.RED)),
        )
    )
    laid = cells_laid_out(table)
    assert [cell.align for cell in laid[0]] == ["center", "center"]
    assert (laid[1][1].align, laid[1][1].fill) == ("right", "")
    assert (laid[2][1].text, laid[2][1].align, laid[2][1].fill) == ("● 紅燈", "center", "red")
    assert laid[1][0].fill == "side" and laid[0][0].bold


def test_merged_rows_stay_together_and_header_rows_repeat() -> None:
    covered = Cell(covered=True)
    table = Table(
        (
            (Cell("基金"), Cell("項目"), Cell("107")),
            (Cell("合計", rowspan=3), Cell("預算"), Cell("1")),
            (covered, Cell("決算"), Cell("1")),
            (covered, Cell("執行率"), Cell("100%")),
            (Cell("普通基金"), Cell("預算"), Cell("1")),
        ),
        header_columns=2,
    )
    assert repeated_header_rows(table) == 1
    assert row_groups(table) == [range(1, 4), range(4, 5)]


def test_a_header_cell_reaching_the_body_is_not_repeated() -> None:
    table = Table(((Cell("目標", rowspan=2), Cell("104")), (Cell(covered=True), Cell("1"))), 1)
    assert repeated_header_rows(table) == 0


def _goal_table(kpis: int) -> Table:
    """A goal merged over its KPIs' rows, then a second goal."""
    header = (Cell("關鍵策略目標"), Cell("關鍵績效指標"), Cell("初核"))
    first = (Cell("鞏固邦交", rowspan=kpis), Cell(LONG), Cell("★", light=Light.GREEN))
    rest = [(Cell(covered=True), Cell(LONG), Cell("★", light=Light.GREEN)) for _ in range(kpis - 1)]
    return Table((header, first, *rest, (Cell("強化實質關係"), Cell("指標"), Cell("▲"))))


def test_a_long_cell_is_estimated_taller_than_a_figure() -> None:
    heights = row_heights(_goal_table(2))
    assert heights[1] > heights[3] > 0  # two lines of text against one


def test_a_group_that_fits_a_page_is_one_run() -> None:
    table = _goal_table(3)
    assert page_runs(table, 25.0) == row_groups(table) == [range(1, 4), range(4, 5)]


def test_a_group_taller_than_a_page_is_cut_into_runs_that_fit() -> None:
    table = _goal_table(40)
    heights = row_heights(table)
    runs = page_runs(table, 25.0)
    assert len(runs) > 2 and runs[-1] == range(41, 42)
    assert [row for run in runs for row in run] == list(range(1, 42))
    assert all(sum(heights[row] for row in run) + heights[0] <= 25.0 for run in runs)
