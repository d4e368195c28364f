"""Routing and view restrictions without walking the page tree on every request.

Wagtail finds a page by asking each ancestor for its child (two queries a
level), checks view restrictions with two more queries, and ``.public()`` reads
every restriction again for each listing. Here:

- the site's home page finds the page of a URL in one query on ``url_path``
  (then its specific instance), and hands over to the first page on the way
  whose type routes by itself (RoutablePageMixin...), as Wagtail would;
- the paths of restricted sections (and of aliases, whose restrictions are their
  source's) are read once per content generation, so a page outside them
  needs no query to know it is public.

Written against Wagtail 8.0.1 (``Page.route``, ``Page.get_view_restrictions``,
``PageQuerySet.private_q``) and django-treebeard 5.3.1, whose ``get_parent``
reads the private ``_cached_parent_obj``: tests/test_upgrade_guards.py fails
when an upgrade changes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import Resolver404
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.url_routing import RouteResult

from home.caching import generation

if TYPE_CHECKING:
    from django.db.models import QuerySet


def restricted_sections() -> list[tuple[str, int]]:
    """(path, depth) of the pages with a view restriction, once per content
    generation (one query, as Wagtail's own look-up, the first time)."""
    return generation.cached(
        lambda: list(
            PageViewRestriction.objects.values_list("page__path", "page__depth")
        ),
        "restricted-sections",
    )


def alias_paths() -> list[str]:
    """The paths of alias pages, whose restrictions are their source's."""
    return generation.cached(
        lambda: list(
            Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        ),
        "alias-paths",
    )


def _under(path: str, sections: list[str]) -> bool:
    return any(path.startswith(section) for section in sections)


def view_restrictions(page: Page) -> QuerySet[PageViewRestriction]:
    """What ``Page.get_view_restrictions`` returns, without a query for a page
    outside every restricted section."""
    restricted = [path for path, _depth in restricted_sections()]
    if _under(page.path, restricted) or _under(page.path, alias_paths()):
        return Page.get_view_restrictions(page)
    return PageViewRestriction.objects.none()


class SitePageQuerySet(PageQuerySet):
    def private_q(self) -> Q:
        """The restricted sections, read from the per-generation cache."""
        q = Q()
        for path, depth in restricted_sections():
            q |= Q(path__startswith=path, depth__gte=depth)
        return q if q else Q(pk__in=[])


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def site_pages() -> SitePageQuerySet:
    """Every page, as ``Page.objects``, whose ``public()`` reads the restricted
    sections from the per-generation cache instead of a query."""
    return SitePageQuerySet(model=Page)


def route_below(
    root: Page, request: HttpRequest, path_components: list[str]
) -> RouteResult:
    """Route `path_components` below `root` as ``Page.route`` would, with one
    query for the pages on the way and one for the specific page found."""
    candidates = [
        root.url_path + "".join(f"{slug}/" for slug in path_components[:length])
        for length in range(1, len(path_components) + 1)
    ]
    on_the_way = list(
        Page.objects.filter(url_path__in=candidates, path__startswith=root.path)
        .exclude(pk=root.pk)
        .order_by("depth")
    )
    # Each must be the child of the one before (the slugs of the URL, in order).
    found: list[Page] = []
    for page in on_the_way:
        if page.depth != root.depth + len(found) + 1:
            break
        found.append(page)
    if not found:
        raise Http404
    target = found[-1]
    for page in found[:-1]:
        # A page that routes by itself (its own sub-pages) decides from here,
        # unless it is a RoutablePageMixin page none of whose routes match.
        cls = page.specific_class
        if cls is None or cls.route is Page.route:
            continue
        rest = path_components[page.depth - root.depth :]
        get_resolver = getattr(cls, "get_resolver", None)
        if get_resolver is not None:
            try:
                get_resolver().resolve("/" + "".join(f"{slug}/" for slug in rest))
            except Resolver404:
                continue
        target = page
        break
    # Each page knows its parent, as when Wagtail walks the tree.
    parent = root
    for page in found:
        page._cached_parent_obj = parent
        if page is target:
            break
        parent = page
    remaining = path_components[target.depth - root.depth :]
    return _specific(target).route(request, remaining)


def _specific(page: Page) -> Page:
    """The specific page, with its locale (and image) in the same query."""
    cls = page.specific_class
    if cls is None:
        return page
    related = ["locale"]
    if any(field.name == "image" and field.many_to_one for field in cls._meta.fields):
        related.append("image")
    try:
        specific = cls._default_manager.select_related(*related).get(pk=page.pk)
    except cls.DoesNotExist as error:  # Deleted in the meantime.
        raise Http404 from error
    specific._cached_parent_obj = page._cached_parent_obj
    return specific
