"""A walk through the site as several people, one browser context each, in either language.

Every label the walk looks for is the zh-Hant msgid, read through Django's own catalog in the
walk's language, so one walk drives both the Chinese and the English interface. The walk counts
what a person does: sign-ins, clicks (buttons, links, choices in a list) and typed fields, and
`goto`s (an address typed or a bookmark opened). On every page it opens it keeps what axe-core
finds, any Content-Security-Policy refusal, and, in English, Chinese text not marked as data.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from tests.browser.a11y import axe_violations, chinese_without_lang

ENGLISH = "en"
CHINESE = "zh-hant"


class Walk:
    def __init__(self, browser: Any, site: str, *, language: str = CHINESE) -> None:
        self.browser, self.site, self.language = browser, site, language
        self.pages: dict[str, Page] = {}
        self.counts: Counter[str] = Counter()
        self.refused: list[str] = []  # what the Content-Security-Policy refused, on any page
        self.problems: dict[str, list[str]] = {}  # axe-core's findings and unmarked Chinese

    # words --------------------------------------------------------------------------------------
    def t(self, msgid: str, **values: object) -> str:
        """`msgid` in the walk's language (with %(name)s values filled in)."""
        with translation.override(self.language):
            text = translation.gettext(msgid)
        return text % values if values else text

    @property
    def english(self) -> bool:
        return self.language == ENGLISH

    # people -------------------------------------------------------------------------------------
    def page(self, username: str) -> Page:
        """`username`'s page, signed in (and switched to the walk's language) on first use."""
        if username not in self.pages:
            context = self.browser.new_context(locale="zh-TW")
            context.set_default_timeout(15_000)
            page = self.watch(context.new_page())
            self.pages[username] = page
            self.goto(page, "/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "pw")
            page.locator("main form button[type=submit]").click()
            page.locator("header .who", has_text=username).wait_for()
            self.counts["sign-ins"] += 1
            if self.english:
                self.click(page.get_by_role("button", name="English"))
                expect(page.locator("html")).to_have_attribute("lang", "en")
        return self.pages[username]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()

    # what a person does -------------------------------------------------------------------------
    def goto(self, page: Page, path: str) -> Page:
        page.goto(f"{self.site}{path}")
        self.counts["addresses"] += 1
        return page

    def click(self, target: Locator) -> None:
        target.click()
        self.counts["clicks"] += 1

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)
        self.counts["typed fields"] += 1

    def choose(self, target: Locator, **option: str) -> None:
        target.select_option(**option)  # type: ignore[arg-type]
        self.counts["clicks"] += 2  # open the list, pick the choice

    def follow(self, page: Page, name: str, **values: object) -> Page:
        """Click the link named `name` (a msgid, with its values) and check the page it opens."""
        link = page.locator("main").get_by_role("link", name=self.t(name, **values), exact=True)
        self.click(link.first)
        self.check(page)
        return page

    # checks -------------------------------------------------------------------------------------
    def watch(self, page: Page) -> Page:
        def seen(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.refused.append(f"{page.url}: {message.text}")

        page.on("console", seen)
        return page

    def check(self, page: Page) -> None:
        """axe-core on the page as it stands and, in English, any Chinese not marked as data."""
        page.wait_for_load_state()
        found = axe_violations(page)
        if self.english:
            found += [f"unmarked Chinese: {text}" for text in chinese_without_lang(page)]
        if found:
            kind = re.sub(r"/\d+/", "/N/", page.url.split("?")[0].removeprefix(self.site))
            self.problems.setdefault(kind, []).extend(found)

    def says(self, page: Page, msgid: str, **values: object) -> None:
        """The page's messages say `msgid` (in the walk's language)."""
        expect(page.locator(".messages")).to_contain_text(self.t(msgid, **values))
