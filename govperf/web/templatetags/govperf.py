"""Template helpers: a light as symbol and word, an ROC year, Chinese data marked as such on an
English page, a wide table that scrolls in a region of its own, an ROC date."""

from __future__ import annotations

import re
from datetime import date

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from govperf.domain.lights import Light
from govperf.domain.roc import gregorian_to_roc

register = template.Library()


@register.filter
def light(value: str) -> str:
    """`★ 綠燈` in its class; never colour alone. Blank for no light."""
    if not value:
        return ""
    found = Light(value)
    return format_html(
        '<span class="light light-{}">{} {}</span>',
        found.value,
        found.symbol,
        gettext(found.label_zh),
    )


@register.filter
def roc_year(value: int) -> str:
    """`107年度` in Chinese, `ROC 107` in English."""
    return gettext("%(year)s年度") % {"year": value}


HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def zh(value: object) -> str:
    """Data written in Chinese (names, goals, narrative, typed values), marked `lang="zh-Hant"`
    on an English page so that a screen reader reads it with a Chinese voice; unchanged on a
    Chinese page and for text without a Chinese character."""
    text = conditional_escape(
        value if isinstance(value, str) else "" if value is None else str(value)
    )
    if (get_language() or "zh").startswith("zh") or not HAN.search(text):
        return text
    return format_html('<span lang="zh-Hant">{}</span>', text)


@register.tag
def scroll_region(parser: template.base.Parser, token: template.base.Token) -> ScrollRegion:
    """`{% scroll_region label %}<table>…</table>{% endscroll_region %}`: a wide table that
    scrolls sideways on its own on a phone, a labelled region the keyboard can reach and scroll,
    while the page itself does not scroll sideways."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scroll_region takes one argument: its label")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegion(parser.compile_filter(bits[1]), nodelist)


class ScrollRegion(template.Node):
    def __init__(self, label: template.base.FilterExpression, nodelist: template.NodeList):
        self.label, self.nodelist = label, nodelist

    def render(self, context: template.Context) -> str:
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>',
            self.label.resolve(context),
            mark_safe(self.nodelist.render(context)),  # rendered, so escaped, by its own nodes
        )


@register.filter
def roc_date(value: date | None) -> str:
    """A date as the ROC calendar writes it: `108年03月19日`; `ROC 108-03-19` in English."""
    if value is None:
        return ""
    return gettext("%(year)s年%(month)s月%(day)s日") % {
        "year": gregorian_to_roc(value.year),
        "month": f"{value.month:02d}",
        "day": f"{value.day:02d}",
    }
