"""A refused save shows the page again with everything as typed and the reason beside its field."""

from __future__ import annotations

from datetime import date
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.evaluation.targets import target_revision_request
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCostYear
from govperf.narrative.models import Chapter, Recommendation
from govperf.workflow.deadlines import deadlines_set
from govperf.workflow.models import ReviewComment
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_state(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def page(response: Any, scope: str = "") -> Any:
    """The page's <main> (or the element with id `scope`), parsed."""
    tree = lxml.html.fromstring(response.content.decode())
    return tree.get_element_by_id(scope) if scope else tree.find(".//main")


def typed(root: Any, name: str) -> str:
    """What a field shows: an input's value, a textarea's text, a select's chosen option."""
    (field,) = root.xpath(f'.//*[@name="{name}"]')
    if field.tag == "textarea":  # a browser drops the newline Django puts after the tag
        return str(field.text or "").removeprefix("\n")
    if field.tag == "select":
        chosen = field.xpath("./option[@selected]")
        return str(chosen[0].get("value")) if chosen else ""
    return str(field.get("value") or "")


def reason_beside(root: Any, name: str) -> str:
    """The error text next to a field: in its own container or the one just before or after it,
    never only in the notices at the top of the page."""
    (field,) = root.xpath(f'.//*[@name="{name}"]')
    node = field
    for _ in range(4):
        near = [node, node.getprevious(), node.getnext()]
        for element in (n for n in near if n is not None):
            found = element.xpath('descendant-or-self::*[contains(@class, "errorlist")]')
            text = " ".join(e.text_content().strip() for e in found)
            if text:
                return text
        node = node.getparent()
        if node is None or node.tag in ("form", "tbody", "main"):
            break
    return ""


def asia_year(cycle: Cycle) -> KpiYear:
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=cycle.year
    )


def year_not_suggested(cycle: Cycle, light: Light) -> KpiYear:
    """A KPI-year of the cycle's year whose suggested light is not `light`."""
    for year in KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year):
        if kpi_year_suggested_light(year) != light:
            return year
    raise AssertionError("every KPI-year suggests the same light")


@pytest.fixture
def open_cycle(people: dict[str, Any], draft_cycle: Cycle) -> Cycle:
    return open_year(people["planning"], draft_cycle)


# --- the lights row: the ★/▲ case ------------------------------------------------------------


def test_a_refused_lights_row_keeps_the_light_chosen_and_saving_again_stores_it(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "initial_review")
    year = year_not_suggested(cycle, Light.YELLOW)
    planning = signed_in(people["planning"])
    url = reverse("workflow:lights", args=[cycle.pk])
    chosen = {"kpi_year": year.pk, "light": "yellow", "comment": "請補充佐證"}
    refused = planning.post(url, chosen)
    assert refused.status_code == 400
    row = page(refused, f"light-{year.pk}")
    assert typed(row, "light") == "yellow"  # ▲, not the suggested light
    assert typed(row, "comment") == "請補充佐證"
    assert "須填寫理由" in reason_beside(row, "reason")
    assert KpiYear.objects.get(pk=year.pk).initial_light == year.initial_light
    # The person adds the reason in the form as shown and saves: what is stored is ▲.
    again = {"kpi_year": year.pk, "light": typed(row, "light"), "reason": "佐證不足"}
    assert planning.post(url, again).status_code == 302
    stored = KpiYear.objects.get(pk=year.pk)
    assert (stored.initial_light, stored.initial_light_text) == ("yellow", "▲")


def test_htmx_gets_the_refused_row_with_its_light_and_comment(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "initial_review")
    year = year_not_suggested(cycle, Light.RED)
    response = signed_in(people["planning"]).post(
        reverse("workflow:lights", args=[cycle.pk]),
        {"kpi_year": year.pk, "light": "red", "comment": "偏低"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # htmx swaps it in place
    row = lxml.html.fragment_fromstring(response.content.decode())
    assert (typed(row, "light"), typed(row, "comment")) == ("red", "偏低")
    assert "須填寫理由" in reason_beside(row, "reason")


# --- the finance tables ----------------------------------------------------------------------


def test_a_refused_budget_save_keeps_every_typed_cell(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    figures = BudgetFigure.objects.filter(cycle=draft_cycle, year=draft_cycle.year)
    final = figures.get(fund="普通基金(總預算)", measure="final")
    budget = figures.get(fund="特種基金", measure="budget")
    data = {f"budget-{final.pk}-value": "20,000", f"budget-{budget.pk}-value": "十二"}
    response = signed_in(people["accounting"]).post(
        reverse("finance:budget_save", args=[draft_cycle.pk]), data | {"reason": "決算更正"}
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, f"budget-{final.pk}-value") == "20,000"  # the good cell too
    assert typed(main, f"budget-{budget.pk}-value") == "十二"
    assert typed(main, "reason") == "決算更正"
    assert f"特種基金 預算 {draft_cycle.year}年度" in reason_beside(
        main, f"budget-{budget.pk}-value"
    )
    assert reason_beside(main, f"budget-{final.pk}-value") == ""
    final.refresh_from_db()
    assert final.text == "24,694"


def test_a_refused_headcount_save_keeps_every_typed_cell(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    figures = HeadcountFigure.objects.filter(cycle=draft_cycle, year=draft_cycle.year)
    staff, other = figures.get(label="職員"), figures.get(label="警員")
    data = {f"headcount-{staff.pk}-value": "1,759", f"headcount-{other.pk}-value": "-3"}
    response = signed_in(people["personnel"]).post(
        reverse("finance:headcount_save", args=[draft_cycle.pk]), data
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, f"headcount-{staff.pk}-value") == "1,759"
    assert typed(main, f"headcount-{other.pk}-value") == "-3"
    assert "負數" in reason_beside(main, f"headcount-{other.pk}-value")
    assert HeadcountFigure.objects.get(pk=staff.pk).text == staff.text


def test_a_refused_program_cost_save_keeps_budget_and_progress_cells(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    item = ProgramCostYear.objects.get(
        program_cost__cycle=draft_cycle,
        program_cost__program_text="北美事務",
        year=draft_cycle.year,
    )
    budget, progress = f"program_costs-{item.pk}-budget", f"program_costs-{item.pk}-progress"
    response = signed_in(people["accounting"]).post(
        reverse("finance:program_costs_save", args=[draft_cycle.pk]),
        {budget: "377,589", progress: "九成"},
    )
    assert response.status_code == 400
    main = page(response)
    assert (typed(main, budget), typed(main, progress)) == ("377,589", "九成")
    assert "預算執行進度" in reason_beside(main, progress)
    assert ProgramCostYear.objects.get(pk=item.pk).budget_text == item.budget_text


# --- KPI entry and target revisions ----------------------------------------------------------


def test_a_refused_kpi_entry_keeps_every_field(people: dict[str, Any], open_cycle: Cycle) -> None:
    year = asia_year(open_cycle)
    data = {
        "version": str(year.version),
        "actual_text": "10人次",  # far below 95人次: the shortfall needs its analysis
        "analysis": "本年度受疫情影響",
        "missed_reason": "",
        "reason": "第四季補登",
    }
    response = signed_in(people["staff-asia"]).post(
        reverse("evaluation:kpi_edit", args=[year.pk]), data
    )
    assert response.status_code == 400
    main = page(response)
    for name in ("actual_text", "analysis", "reason"):
        assert typed(main, name) == data[name]
    assert "須填寫未達成原因" in reason_beside(main, "missed_reason")
    assert KpiYear.objects.get(pk=year.pk).actual_text == year.actual_text


def test_a_refused_target_revision_request_keeps_the_revised_target(
    people: dict[str, Any], open_cycle: Cycle
) -> None:
    year = asia_year(open_cycle)
    response = signed_in(people["staff-asia"]).post(
        reverse("evaluation:target_revision_new", args=[year.pk]),
        {"revised_text": "120人次", "reason": ""},
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, "revised_text") == "120人次"
    assert reason_beside(main, "reason")
    assert not year.target_revisions.exists()


def test_a_refused_rejection_says_beside_its_own_box_that_a_reason_is_needed(
    people: dict[str, Any], open_cycle: Cycle
) -> None:
    year = asia_year(open_cycle)
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="120人次", reason="預算刪減"
    )
    response = signed_in(people["planning"]).post(
        reverse("evaluation:target_revision_decide", args=[revision.pk]),
        {"decision": "reject", "note": "  "},
    )
    assert response.status_code == 400
    reject, approve = page(response, "decide-reject"), page(response, "decide-approve")
    assert typed(reject, "decision") == "reject" and typed(reject, "note") == "  "
    assert "駁回修正申請須填寫意見" in reason_beside(reject, "note")
    assert reject.xpath('.//textarea[@aria-invalid="true"]')
    assert typed(approve, "note") == "" and not reason_beside(approve, "note")
    revision.refresh_from_db()
    assert revision.state == "requested"


# --- chapters and recommendations ------------------------------------------------------------


def test_a_refused_chapter_save_keeps_texts_positions_and_reason(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    chapter = Chapter.objects.get(cycle=draft_cycle, key="closing")
    blocks = list(chapter.blocks.filter(kind="paragraph"))
    first = blocks[0]
    data: dict[str, Any] = {"version": chapter.version, "block": [b.pk for b in blocks]}
    for block in blocks:
        data[f"order-{block.pk}"] = block.position
        data[f"text-{block.pk}"] = block.text
    data |= {
        f"text-{first.pk}": "改寫後的第一段",
        f"order-{first.pk}": "²",
        "new_text": "新增的一段",
        "new_order": "2",
        "reason": "依審查意見修正",
    }
    response = signed_in(people["planning"]).post(
        reverse("narrative:chapter_edit", args=[chapter.pk]), data
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, f"text-{first.pk}") == "改寫後的第一段"
    assert typed(main, f"order-{first.pk}") == "²"
    assert (typed(main, "new_text"), typed(main, "new_order")) == ("新增的一段", "2")
    assert typed(main, "reason") == "依審查意見修正"
    assert "順序須為" in reason_beside(main, f"order-{first.pk}")
    first.refresh_from_db()
    assert first.text != "改寫後的第一段" and chapter.blocks.count() == len(
        list(Chapter.objects.get(pk=chapter.pk).blocks.all())
    )


def test_a_refused_recommendation_answer_keeps_the_reason_typed(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    item = Recommendation.objects.filter(cycle=draft_cycle).first()
    assert item is not None
    response = signed_in(people["planning"]).post(
        reverse("narrative:recommendation_answer", args=[item.pk]),
        {"answer": "   ", "reason": "第一次填寫"},
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, "reason") == "第一次填寫"
    assert "請填寫內容" in reason_beside(main, "answer")
    assert Recommendation.objects.get(pk=item.pk).answer == item.answer


# --- deadlines and the review thread ---------------------------------------------------------


def test_refused_deadlines_keep_every_date_and_the_reason(
    people: dict[str, Any], open_cycle: Cycle
) -> None:
    data = {
        "open": "2030-03-01",
        "unit_response": "2030-05-01",
        "revision": "2030-04-01",  # before the unit response: refused
        "approval": "2030-06-01",
        "reason": "配合行政院期程",
    }
    planning = signed_in(people["planning"])
    later = {"unit_response": date(2029, 12, 10), "revision": date(2029, 12, 20)}
    due = {"open": date(2029, 12, 1), **later, "approval": date(2029, 12, 31)}
    deadlines_set(actor=people["planning"], cycle=open_cycle, due=due)
    response = planning.post(reverse("workflow:deadlines", args=[open_cycle.pk]), data)
    assert response.status_code == 400
    main = page(response)
    form = main.xpath('.//form[contains(@action, "/deadlines/")]')[0]
    for name, value in data.items():
        assert typed(form, name) == value
    assert "早於" in reason_beside(form, "revision")
    assert not open_cycle.deadlines.filter(due_on__year=2030).exists()


def test_a_dispute_without_a_reason_keeps_the_stance_chosen(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "unit_response")
    year = asia_year(cycle)
    response = signed_in(people["staff-asia"]).post(
        reverse("workflow:kpi_review", args=[year.pk]), {"stance": "dispute", "text": " "}
    )
    assert response.status_code == 400
    dispute = page(response, "stance-dispute")  # the dispute's own form, its own reason box
    assert typed(dispute, "stance") == "dispute"
    assert "提出異議必須填寫理由" in reason_beside(dispute, "text")
    assert not ReviewComment.objects.filter(kpi_year=year).exists()


def test_a_refused_re_review_keeps_the_light_chosen(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "revision")
    year = year_not_suggested(cycle, Light.WHITE)
    KpiYear.objects.filter(pk=year.pk).update(tier="executive")
    response = signed_in(people["reviewer"]).post(
        reverse("workflow:kpi_review", args=[year.pk]), {"re_review_light": "white"}
    )
    assert response.status_code == 400
    main = page(response)
    assert typed(main, "re_review_light") == "white"
    assert "須填寫理由" in reason_beside(main, "reason")
    assert KpiYear.objects.get(pk=year.pk).review_light == year.review_light


def test_the_refusal_reads_in_english_for_an_english_interface(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    figures = BudgetFigure.objects.filter(cycle=draft_cycle, year=draft_cycle.year)
    budget = figures.get(fund="特種基金", measure="budget")
    client = signed_in(people["accounting"])
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("finance:budget_save", args=[draft_cycle.pk]), {f"budget-{budget.pk}-value": "x"}
    )
    notices = page(response).getparent().xpath('.//ul[@class="messages"]')[0].text_content()
    assert "Nothing was saved" in notices
