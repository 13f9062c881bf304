"""Accessibility checks a browser test runs on an open page: axe-core, focus, lang, phone width.

Each check returns what it found wrong as short readable lines (an empty list when all is well),
so a test asserts `== []` and a failure names the rule and the elements.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (empty-table-header, landmarks, heading order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 390, "height": 844}

_axe_source: str | None = None


def _axe() -> str:
    """axe-core's source, installed by `scripts/setup --for-tests` from tests/browser's lock."""
    global _axe_source
    if _axe_source is None:
        if not AXE.exists():
            pytest.fail(
                f"axe-core not found at {AXE}: run `scripts/setup --for-tests` "
                "(installs tests/browser/package-lock.json with npm)."
            )
        _axe_source = AXE.read_text(encoding="utf-8")
    return _axe_source


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations of WCAG 2.1 A/AA and of its best practices on the page, one line
    per rule with its elements.

    The site's Content-Security-Policy refuses inline scripts, and a `<script>` that Playwright's
    add_script_tag adds is one; Playwright's evaluate runs outside the page's policy, so axe is
    evaluated as source and the page is tested under the policy it really sends."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe())
    found = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help} — ` +
                v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') +
                (v.nodes.length > 5 ? ` … ${v.nodes.length} in all` : ''));
        }""",
        AXE_TAGS,
    )
    return list(found)


def horizontal_scroll(page: Page) -> list[str]:
    """The page scrolls sideways: its width beside the viewport's, and the widest culprits
    outside any scroll container (a region of its own that scrolls is fine)."""
    found = page.evaluate(
        """() => {
            const root = document.documentElement;
            if (root.scrollWidth <= window.innerWidth) return [];
            const scrolls = el => {
                for (let up = el.parentElement; up; up = up.parentElement) {
                    const x = getComputedStyle(up).overflowX;
                    if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
                }
                return false;
            };
            const over = el => el.getBoundingClientRect().right > window.innerWidth + 1;
            const wide = [...document.body.querySelectorAll('*')]
                .filter(el => over(el) && ![...el.children].some(over) && !scrolls(el))
                .slice(0, 5)
                .map(el => `<${el.tagName.toLowerCase()} class="${el.className}">` +
                           ` ends at ${Math.round(el.getBoundingClientRect().right)} px`);
            return [`${root.scrollWidth} px wide in a ${window.innerWidth} px viewport`, ...wide];
        }"""
    )
    return list(found)


_CONTRAST_JS = """
    const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
        const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const backdrop = el => {  // the first opaque background behind the element (white at the end)
        for (let up = el.parentElement; up; up = up.parentElement) {
            const c = rgb(getComputedStyle(up).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
"""


def focus_problems(page: Page) -> list[str]:
    """Every control that takes keyboard focus shows a `:focus-visible` outline of at least 2 px
    whose colour has 3:1 contrast against the background around it; no positive tabindex.

    One Tab press first, so that the browser treats the focus that follows as keyboard focus."""
    page.keyboard.press("Tab")
    found = page.evaluate(
        """() => {"""
        + _CONTRAST_JS
        + """
            const problems = new Set();
            const controls = document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
            for (const el of controls) {
                const name = `<${el.tagName.toLowerCase()}${el.className ? ' class="' + el.className + '"' : ''}>`;
                if (el.tabIndex > 0) problems.add(`${name} has tabindex ${el.tabIndex}`);
                el.focus();
                if (document.activeElement !== el || !el.matches(':focus-visible')) continue;
                const style = getComputedStyle(el);
                const width = parseFloat(style.outlineWidth);
                if (style.outlineStyle === 'none' || width < 2) {
                    problems.add(`${name}: no focus outline of 2 px or more`);
                    continue;
                }
                const ratio = contrast(rgb(style.outlineColor).slice(0, 3), backdrop(el));
                if (ratio < 3) problems.add(`${name}: focus outline ${style.outlineColor} ` +
                                            `has ${ratio.toFixed(2)}:1 against its background`);
            }
            document.activeElement && document.activeElement.blur();
            return [...problems];
        }"""
    )
    return list(found)


def chinese_without_lang(page: Page) -> list[str]:
    """Visible text with Chinese characters that no element marks as Chinese (`lang="zh…"`):
    in English mode a screen reader would read it with an English voice."""
    found = page.evaluate(
        """() => {
            const han = /[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]/;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const problems = new Set();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!han.test(node.data)) continue;
                const el = node.parentElement;
                if (!el || !el.checkVisibility()) continue;
                const marked = el.closest('[lang]');
                // getAttribute: an SVG element (a chart's label) has the attribute but no .lang
                if (marked && marked.getAttribute('lang').toLowerCase().startsWith('zh')) continue;
                problems.add(`<${el.tagName.toLowerCase()}> ${node.data.trim().slice(0, 30)}`);
            }
            return [...problems].slice(0, 10);
        }"""
    )
    return list(found)


def page_problems(page: Page, *, english: bool) -> dict[str, list[str]]:
    """Every check of a public page at once: axe-core, sideways scroll at 390 px, the focus and,
    in English, Chinese data without `lang`; only the checks that found something."""
    found = {
        "axe": axe_violations(page),
        "390 px": horizontal_scroll(page),
        "focus": focus_problems(page),
        "lang": chinese_without_lang(page) if english else [],
    }
    return {check: lines for check, lines in found.items() if lines}


def phone_context(browser: Browser, site: str, *, english: bool) -> BrowserContext:
    """A browser context the size of a phone, in the language a visitor chose on the site
    (English by the site's own language button, whose choice the context then keeps)."""
    context = browser.new_context(locale="zh-TW", viewport=PHONE)
    context.set_default_timeout(15_000)
    if english:
        page = context.new_page()
        page.goto(f"{site}/")
        page.get_by_role("button", name="English").click()
        page.locator("html[lang=en]").wait_for(state="attached")
        page.close()
    return context
