"""Saves at the same moment, through a live server and real HTTP clients in threads.

Sixteen people save the 108 cycle's sixteen KPIs at once (through the web form and the API) and
every save lands; two people who loaded the same version of one KPI, or of one chapter, save at
once and one is saved, the other told (409) what the first changed. No save answers 500.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.demo.year import next_cycle_ensure
from govperf.evaluation.models import Cycle, KpiYear
from govperf.narrative.models import Block

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw"
STAFF = {"亞太司": "staff-asia", "國際組織司": "staff-io", "國際傳播司": "staff-ic"}
HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次
RACE_DOORS = [("web", "web"), ("api", "api"), ("web", "api"), ("api", "web")] * 2
WAIT = 60  # seconds a thread waits for the others at the barrier, or for an answer


class FormFields(HTMLParser):
    """The fields of each POST form of a page, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("method", "").lower() == "post":
            self.forms.append([])
        elif tag == "input" and self.forms and "name" in found and "disabled" not in found:
            kind = found.get("type", "text")
            if kind not in ("submit", "checkbox", "radio") or "checked" in found:
                self.forms[-1].append((found["name"], found.get("value", "")))
        elif tag == "textarea" and self.forms:
            self._textarea = found["name"]
            self.forms[-1].append((found["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.forms[-1][-1]
            self.forms[-1][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            name, text = self.forms[-1][-1]
            self.forms[-1][-1] = (name, text.removeprefix("\n"))
            self._textarea = None


def form_fields(page: str, marker: str) -> dict[str, list[str]]:
    """The fields of the page's POST form that has a field named `marker`."""
    parser = FormFields()
    parser.feed(page)
    form = next(form for form in parser.forms if any(name == marker for name, _ in form))
    fields: dict[str, list[str]] = {}
    for name, value in form:
        fields.setdefault(name, []).append(value)
    return fields


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is the answer itself: a saved form answers 302


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """One person's browser: its own cookies (session, CSRF), talking HTTP to the live server."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies = base, CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), NoRedirect)

    def send(
        self, method: str, path: str, body: bytes | None = None, kind: str | None = None
    ) -> Answer:
        headers = {"X-CSRFToken": self.csrf_token()}
        if kind:
            headers["Content-Type"] = kind
        request = Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=WAIT) as response:
                return Answer(response.status, response.read().decode())
        except HTTPError as error:
            return Answer(error.code, error.read().decode())

    def csrf_token(self) -> str:
        return next((c.value or "" for c in self.cookies if c.name == "csrftoken"), "")

    def post_form(self, path: str, fields: dict[str, list[str]]) -> Answer:
        body = urlencode(fields, doseq=True).encode()
        return self.send("POST", path, body, "application/x-www-form-urlencoded")

    def patch_json(self, path: str, body: dict[str, Any]) -> Answer:
        return self.send("PATCH", path, json.dumps(body).encode(), "application/json")

    def log_in(self, username: str) -> Answer:
        fields = form_fields(self.send("GET", "/login/").body, "username")
        fields |= {"username": [username], "password": [PASSWORD]}
        return self.post_form("/login/", fields)


@dataclass
class Save:
    """One person's save of one KPI-year, loaded first, sent when `send` is called."""

    browser: Browser
    kpi_year: KpiYear
    door: str  # "web" or "api"
    actual: str
    loaded: Any = None
    subs: dict[int, str] | None = None  # sub-measure id → the actual typed for it

    def load(self) -> None:
        """Open the form, or read the KPI-year from the API; in the test's own thread."""
        self.subs = {sub.pk: sub.target_text for sub in self.kpi_year.sub_measures.all()}
        if self.door == "web":
            page = self.browser.send("GET", f"/kpi-years/{self.kpi_year.pk}/edit/").body
            self.loaded = form_fields(page, "version")
        else:
            self.loaded = self.browser.send("GET", f"/api/v1/kpi-years/{self.kpi_year.pk}").json()

    def send(self) -> Answer:
        """Save what was loaded with this save's actual; no database access of its own."""
        subs = self.subs or {}
        if self.door == "web":
            typed = {f"sub_{pk}": [text] for pk, text in subs.items()}
            if not subs:
                typed["actual_text"] = [self.actual]
            fields = self.loaded | typed | {"analysis": [f"分析：{self.actual}"]}
            return self.browser.post_form(f"/kpi-years/{self.kpi_year.pk}/edit/", fields)
        body: dict[str, Any] = {"version": self.loaded["version"]}
        body |= {"sub_measures": subs} if subs else {"actual": self.actual}
        body["analysis"] = f"分析：{self.actual}"
        return self.browser.patch_json(f"/api/v1/kpi-years/{self.kpi_year.pk}", body)

    def saved(self, answer: Answer) -> bool:
        return answer.status == (302 if self.door == "web" else 200)


def together(tasks: list[Callable[[], Answer]]) -> list[Answer]:
    """Run the tasks in threads that start at the same moment; their answers in order."""
    barrier = threading.Barrier(len(tasks), timeout=WAIT)

    def run(task: Callable[[], Answer]) -> Answer:
        barrier.wait()
        return task()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return list(pool.map(run, tasks))


@pytest.fixture
def cycle_108(imported_cycle: Cycle) -> Cycle:
    """The demo's 108 cycle: carried over from the 107 sample, opened for entry."""
    cycle_assign_units(cycle=imported_cycle)
    people = people_ensure(agency=imported_cycle.agency, password=PASSWORD)
    return next_cycle_ensure(previous=imported_cycle, planning=people["planning"])[1]


def signed_in(live_server: Any, usernames: list[str]) -> list[Browser]:
    """One browser per username, all logging in through the login form at once."""
    browsers = [Browser(live_server.url) for _ in usernames]
    answers = together(
        [lambda b=b, u=u: b.log_in(u) for b, u in zip(browsers, usernames, strict=True)]
    )
    assert [answer.status for answer in answers] == [302] * len(usernames)
    return browsers


def years_of(cycle: Cycle) -> list[KpiYear]:
    return list(
        KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
        .select_related("cycle_kpi__unit", "cycle_kpi__kpi")
        .order_by("pk")
    )


def test_sixteen_kpis_saved_at_once_are_all_saved(live_server, cycle_108) -> None:  # type: ignore[no-untyped-def]
    years = years_of(cycle_108)
    assert len(years) == 16
    browsers = signed_in(live_server, [STAFF[year.cycle_kpi.unit.name] for year in years])
    saves = [
        Save(browser, year, "web" if index % 2 else "api", year.target_text)
        for index, (browser, year) in enumerate(zip(browsers, years, strict=True))
    ]
    for save in saves:
        save.load()
    answers = together([save.send for save in saves])
    assert [a.status for a in answers if a.status >= 500] == []
    assert [save.saved(answer) for save, answer in zip(saves, answers, strict=True)] == [True] * 16
    for year in years:
        loaded = year.version  # the demo's plan set-up has saved some already
        year.refresh_from_db()
        assert (year.version, year.analysis) == (loaded + 1, f"分析：{year.target_text}")


def test_two_saves_of_one_kpi_at_once_give_one_saved_and_one_conflict(
    live_server, cycle_108
) -> None:  # type: ignore[no-untyped-def]
    year = next(y for y in years_of(cycle_108) if y.cycle_kpi.kpi.name.startswith(HIGH_LEVEL))
    staff, planning = signed_in(live_server, ["staff-asia", "planning"])
    names = {id(staff): "staff-asia", id(planning): "planning"}
    for number, (door, other_door) in enumerate(RACE_DOORS, start=1):
        saves = [
            Save(staff, year, door, f"{100 + number}人次"),
            Save(planning, year, other_door, f"{200 + number}人次"),
        ]
        for save in saves:
            save.load()
        answers = together([save.send for save in saves])
        statuses = [answer.status for answer in answers]
        saved = [save for save, answer in zip(saves, answers, strict=True) if save.saved(answer)]
        refused = [pair for pair in zip(saves, answers, strict=True) if pair[1].status == 409]
        assert (len(saved), len(refused)) == (1, 1), statuses
        (winner,), ((loser, answer),) = saved, refused
        year.refresh_from_db()
        assert (year.actual_text, year.version) == (winner.actual, number)
        if loser.door == "web":
            assert "已被他人修改" in answer.body and names[id(winner.browser)] in answer.body
            assert winner.actual in answer.body  # the other person's change
            assert f'value="{loser.actual}"' in answer.body  # and the loser's own input
        else:
            changes = answer.json()["changes"]
            assert {"who": names[id(winner.browser)], "after": winner.actual} in [
                {"who": change["who"], "after": change["after"]} for change in changes
            ]


def test_two_saves_of_one_chapter_at_once_give_one_saved_and_one_conflict(
    live_server, cycle_108
) -> None:  # type: ignore[no-untyped-def]
    block = Block.objects.filter(chapter__cycle=cycle_108, kind=Block.Kind.PARAGRAPH).first()
    chapter = block.chapter
    path = f"/chapters/{chapter.pk}/edit/"
    browsers = signed_in(live_server, ["planning", "planning"])
    for number in range(1, 4):
        loaded = [form_fields(b.send("GET", path).body, "version") for b in browsers]
        texts = [f"第{number}輪：甲的結語", f"第{number}輪：乙的結語"]
        answers = together(
            [
                lambda b=b, f=f, t=t: b.post_form(path, f | {f"text-{block.pk}": [t]})
                for b, f, t in zip(browsers, loaded, texts, strict=True)
            ]
        )
        assert sorted(answer.status for answer in answers) == [302, 409]
        winner = texts[[answer.status for answer in answers].index(302)]
        block.refresh_from_db()
        assert block.text == winner
        assert winner in next(answer.body for answer in answers if answer.status == 409)


def test_two_clicks_on_one_cycle_step_at_once_take_it_once(live_server, imported_cycle) -> None:  # type: ignore[no-untyped-def]
    """Two planners start the same correction at once: one starts it, the other is told the
    year is no longer published (409); the step is taken once, with no 500."""
    people_ensure(agency=imported_cycle.agency, password=PASSWORD)
    first, second = signed_in(live_server, ["planning", "planning"])
    body = {"action": "start_correction", "reason": "更正第二章數字"}
    path = f"/api/v1/cycles/{imported_cycle.pk}/actions"
    answers = together(
        [lambda b=b: b.send("POST", path, json.dumps(body).encode(), "application/json")
         for b in (first, second)]
    )  # fmt: skip
    assert sorted(answer.status for answer in answers) == [200, 409]
    imported_cycle.refresh_from_db()
    assert imported_cycle.state == Cycle.State.CORRECTION
    steps = Cycle.history.filter(id=imported_cycle.pk, state=Cycle.State.CORRECTION)
    assert steps.count() == 1
