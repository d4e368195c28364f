"""Template helpers of the news pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The characters that could close the <script> element or open a comment in it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    """Render `data` as a schema.org JSON-LD element. Editors' text cannot break
    out of it: `<`, `>` and `&` are written as JSON unicode escapes."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - escaped just above
        '<script type="application/ld+json">'
        + payload.translate(JSON_SCRIPT_ESCAPES)
        + "</script>"
    )
