"""Template helpers: a light as symbol and word, an ROC year, Chinese data marked as such on an
English page, a wide table that scrolls in a region of its own, an ROC date."""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template
from django.utils import timezone
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


def with_data(text: str, **values: object) -> str:
    """A translated message (`text`, with `%(name)s` places) with each value put in as data:
    escaped, and marked `lang="zh-Hant"` on an English page (`zh`). For messages, notices and
    form labels built in Python that name a KPI, a unit or what someone typed."""
    return mark_safe(conditional_escape(text) % {k: zh(v) for k, v in values.items()})


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


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def roc_date_text(value: date | None, *, with_time: bool = False) -> str:
    """Every date a person sees, in the page's language: `115年12月1日` in Chinese,
    `1 Dec 2026 (ROC 115)` in English; a moment `with_time` adds its local hour and minute
    (`115年12月1日 14:05`, `1 Dec 2026, 14:05 (ROC 115)`). Blank for no date."""
    if value is None:
        return ""
    clock = ""
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        clock, value = f"{moment:%H:%M}" if with_time else "", moment.date()
    roc = gregorian_to_roc(value.year)
    if (get_language() or "zh").startswith("zh"):
        return f"{roc}年{value.month}月{value.day}日" + (f" {clock}" if clock else "")
    month = MONTHS_EN[value.month - 1]
    return f"{value.day} {month} {value.year}" + (f", {clock}" if clock else "") + f" (ROC {roc})"


@register.filter
def roc_date(value: date | None, show: str = "") -> str:
    """`{{ day|roc_date }}`, `{{ moment|roc_date:"time" }}`: `roc_date_text` in a template."""
    return roc_date_text(value, with_time=show == "time")
