"""Template helpers: a light as symbol and word, an ROC year."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from govperf.domain.lights import Light

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
