"""Pages of the finance tables: budget and final accounts, headcount, program costs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.evaluation.policy import change_check, lock_notice
from govperf.evaluation.public_pages import public_reads_portal
from govperf.evaluation.scope import cycle_get_for_user
from govperf.finance import selectors
from govperf.finance.cells import (
    AREAS,
    BUDGET,
    HEADCOUNT,
    PROGRAM_COSTS,
    Cell,
    derived_cells,
)
from govperf.finance.services import finance_cells_preview, finance_cells_save
from govperf.web.access import SIGNED_IN, access

TITLES = {
    BUDGET: gettext_noop("預決算"),
    HEADCOUNT: gettext_noop("機關實際員額"),
    PROGRAM_COSTS: gettext_noop("關鍵績效指標相關計畫活動之成本"),
}
HEADERS = {
    BUDGET: [gettext_noop("基金"), gettext_noop("項目")],
    HEADCOUNT: [gettext_noop("項目")],
    PROGRAM_COSTS: [
        gettext_noop("關鍵策略目標"),
        gettext_noop("計畫名稱"),
        gettext_noop("與KPI關聯"),
    ],
}


def _typed(request: HttpRequest) -> dict[str, str]:
    return {
        key: str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith(("budget-", "headcount-", "program_costs-"))
    }


def _page(
    request: HttpRequest,
    cycle_id: int,
    table: str,
    refused: ValidationError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The table; after a refused save, every cell as typed and each reason beside its cell."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    years, rows = selectors.table_rows(cycle=cycle, table=table)
    editable = selectors.table_editable_by(user=request.user, cycle=cycle, table=table)
    names = selectors.editable_names(cycle=cycle, table=table)
    typed = _typed(request) if refused else {}
    errors = _cell_errors(refused)
    context: dict[str, Any] = {
        "cycle": cycle,
        "table": table,
        "title": TITLES[table],
        "headers": HEADERS[table],
        "years": years,
        "rows": _grid(rows, names if editable else {}, table, typed, errors),
        "editable": editable,
        "changes": selectors.recent_changes(cycle=cycle, table=table),
        "lock_notice": lock_notice(user=request.user, area=AREAS[table], cycle=cycle),
        "derived": [c for c in derived_cells(cycle) if c.cell.table == table] if editable else [],
        "reason": request.POST.get("reason", "") if refused else "",
    }
    return render(request, "finance/table.html", context, status=status)


def _cell_errors(refused: ValidationError | None) -> dict[str, list[str]]:
    """Each refused cell's reasons by its field name ("" for a refusal of the whole table)."""
    if refused is None:
        return {}
    if hasattr(refused, "error_dict"):
        return dict(refused.message_dict)
    return {"": list(refused.messages)}


def _grid(
    rows: list[selectors.Row],
    names: dict[tuple[int, str], Cell],
    table: str,
    typed: dict[str, str],
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Rows of slots (text, form field name when typed here, its reasons) for the template."""
    fields = ["budget", "progress"] if table == PROGRAM_COSTS else [""]
    grid = []
    for row in rows:
        slots = []
        for item in row.cells:
            for field in fields:
                text = getattr(item, f"{field}_text" if field else "text", "") if item else ""
                cell = names.get((item.pk, field)) if item else None
                if cell is not None:
                    text = typed.get(cell.name, text)
                problems = errors.get(cell.name, []) if cell else []
                slots.append({"text": text, "cell": cell, "errors": problems})
        grid.append({"labels": row.labels, "slots": slots})
    return grid


def _save(request: HttpRequest, cycle_id: int, table: str) -> HttpResponse:
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    if request.method != "POST":
        return redirect(f"finance:{table}", cycle_id=cycle.pk)
    try:
        changed = finance_cells_save(
            actor=request.user,
            cycle=cycle,
            table=table,
            typed=_typed(request),
            reason=request.POST.get("reason", "").strip(),
        )
    except ValidationError as error:
        for message in _cell_errors(error).get("", []):
            messages.error(request, message)
        messages.error(request, _("未儲存任何數值；每個輸入的內容都保留在表中，原因列在該欄旁。"))
        return _page(request, cycle_id, table, refused=error, status=400)
    messages.success(request, _("已儲存 %(count)s 個欄位，衍生欄位已重算。") % {"count": changed})
    return redirect(f"finance:{table}", cycle_id=cycle.pk)


def _preview(request: HttpRequest, cycle_id: int, table: str) -> HttpResponse:
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    change_check(user=request.user, area=AREAS[table], cycle=cycle)
    cells, errors = finance_cells_preview(cycle=cycle, table=table, typed=_typed(request))
    context = {"derived": [c for c in cells if c.cell.table == table], "errors": errors}
    return render(request, "finance/table.html#derived", context)


def _views(table: str) -> tuple[Callable[..., HttpResponse], ...]:
    def page(request: HttpRequest, cycle_id: int) -> HttpResponse:
        return _page(request, cycle_id, table)

    def save(request: HttpRequest, cycle_id: int) -> HttpResponse:
        return _save(request, cycle_id, table)

    def preview(request: HttpRequest, cycle_id: int) -> HttpResponse:
        return _preview(request, cycle_id, table)

    # Saving is gated by the policy table (the service's refusal), not by the route; the
    # public reads the published table on the portal.
    shown = public_reads_portal(table)(access(SIGNED_IN)(page))
    return shown, access(SIGNED_IN)(save), access(SIGNED_IN)(preview)


budget, budget_save, budget_preview = _views(BUDGET)
headcount, headcount_save, headcount_preview = _views(HEADCOUNT)
program_costs, program_costs_save, program_costs_preview = _views(PROGRAM_COSTS)
