"""``{% cachedfragment "name" key… %}…{% endcachedfragment %}``: the enclosed
template rendered once per content generation, language, host and key (see
home/caching/fragments.py). Previews render it afresh and store nothing.

The key must name everything the output depends on besides published content
and the language (the page, a filter, a page number): never the reader. A
context where ``fragments_off`` is true renders it afresh and stores nothing
(a page filtered by any query string, whose addresses are unbounded).
"""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from home.caching import fragments, generation

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list) -> None:
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if not fragments.may_cache(request) or context.get("fragments_off"):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        key = generation.key(
            "fragment-html",
            translation.get_language() or "",
            fragments.site_key(request),
            *(getattr(part, "pk", part) for part in parts),
        )
        html = generation.read(key)
        if html is None:
            html = self.nodelist.render(context)
            if not fragments.is_personal(html):
                generation.store(key, str(html), generation.timeout())
        return mark_safe(html)


@register.tag
def cachedfragment(parser: template.base.Parser, token: template.base.Token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
