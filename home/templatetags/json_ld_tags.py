"""Structured data (schema.org JSON-LD) in page heads: one escaping rule for every
app (news articles, the commune on the home and awards pages)."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The characters that could close the <script> element or open a comment in it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict | None) -> SafeString:
    """Render `data` as a schema.org JSON-LD element (nothing for no data).
    Editors' text cannot break out of it: `<`, `>` and `&` are written as JSON
    unicode escapes."""
    if not data:
        return mark_safe("")
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - escaped just above
        '<script type="application/ld+json">'
        + payload.translate(JSON_SCRIPT_ESCAPES)
        + "</script>"
    )
