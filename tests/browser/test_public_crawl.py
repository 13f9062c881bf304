"""As the public on a phone: every page reachable by links from `/`, in 繁體中文 and in English,
answers, passes axe-core's WCAG 2.1 AA rules, shows its keyboard focus and fits 390 px.

Pages are found by following links, not listed, so a page added to the site is covered as soon
as a public page links to it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.a11y import page_problems, phone_context

pytestmark = pytest.mark.django_db(transaction=True)

MAX_PAGES = 200  # per language: the crawl stops there, and says so
API = "/api/"  # django-ninja's pages for programmers, not the site's own


@dataclass
class Crawl:
    """What a crawl found wrong, page by page, and how many pages it read."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)

    def note(self, url: str, check: str, found: list[str]) -> None:
        if found:
            self.problems.setdefault(url, []).extend(f"{check}: {line}" for line in found)


def links_of(page: Page, site: str) -> list[str]:
    """The page's same-site link targets, without their fragments."""
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    host = urlsplit(site).netloc
    return [urldefrag(href)[0] for href in hrefs if urlsplit(href).netloc == host]


def check_page(page: Page, url: str, crawl: Crawl, *, english: bool) -> None:
    for check, lines in page_problems(page, english=english).items():
        crawl.note(url, check, lines)


def crawl_site(context: BrowserContext, site: str, *, english: bool) -> Crawl:
    """Breadth first from `/`: every link answers 2xx; every HTML page is checked."""
    crawl, page = Crawl(), context.new_page()
    queue, seen = deque([f"{site}/"]), {f"{site}/"}
    while queue and len(crawl.pages) < MAX_PAGES:
        url = queue.popleft()
        answer = context.request.get(url)
        if not answer.ok:
            crawl.note(url, "link", [f"answers {answer.status}"])
            continue
        headers = answer.headers
        html = headers.get("content-type", "").startswith("text/html")
        if not html or headers.get("content-disposition", "").startswith("attachment"):
            crawl.downloads.append(url)  # a download: that it answers is enough
            continue
        if urlsplit(url).path.startswith(API):
            crawl.downloads.append(url)  # the API's own pages (Swagger UI): that they answer
            continue
        page.goto(url)
        crawl.pages.append(url)
        check_page(page, url, crawl, english=english)
        for link in links_of(page, site):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert not queue, f"more than {MAX_PAGES} pages: raise MAX_PAGES or bound the crawl"
    page.close()
    return crawl


def report(crawl: Crawl) -> str:
    return "\n".join(
        f"{url}\n  " + "\n  ".join(lines) for url, lines in sorted(crawl.problems.items())
    )


@pytest.mark.once  # what a browser sees does not depend on the database
@pytest.mark.parametrize("language", ["zh-Hant", "en"])
def test_every_public_page_is_accessible_on_a_phone(
    browser,
    site,
    imported_cycle,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    context = phone_context(browser, site, english=language == "en")
    crawl = crawl_site(context, site, english=language == "en")
    context.close()
    # the portal's pages of the sample's published year and its KPIs are among the pages read,
    # and no staff page of the cycle (the public is sent from those to the portal)
    if crawl.problems:
        pytest.fail(report(crawl), pytrace=False)
    paths = {urlsplit(url).path for url in crawl.pages}
    agency = f"/agencies/{imported_cycle.agency_id}/"
    assert {"/", "/agencies/", agency, f"{agency}107/", f"{agency}107/chapters/"} <= paths
    assert any(path.startswith("/kpis/") for path in paths)
    assert not [path for path in paths if path.startswith(("/cycles/", "/kpi-years/"))]
