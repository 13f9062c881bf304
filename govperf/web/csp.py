"""The Content-Security-Policy's one exception: a stored document's own inline style, by hash."""

from __future__ import annotations

import base64
import hashlib
import re

from django.http import HttpResponse

STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def style_hashes(html: bytes) -> list[str]:
    """The CSP source of each inline <style> element of `html`, as 'sha256-…'."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(css).digest()).decode("ascii") + "'"
        for css in STYLE.findall(html)
    ]


def allow_own_styles(response: HttpResponse, html: bytes) -> HttpResponse:
    """Let the browser apply the inline styles `html` carries, and no other (a published report
    is served byte for byte as published, with the style it was rendered with)."""
    hashes = style_hashes(html)
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]  # django-csp
    return response
