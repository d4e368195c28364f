"""The site's pages: the base every page type builds on (`SitePage`), the home
page with the JSON-LD that describes the commune, generic content pages and the
site map."""

from __future__ import annotations

import datetime

from django.conf import settings as django_settings
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from home.bases import (
    MainImageMixin,
    main_image_panel,
)
from home.blocks import (
    BaseStreamBlock,
)
from home.caching import generation
from home.caching.fragments import deferred, fragment
from home.caching.page_cache import expire_page_at
from home.editorial.edit_forms import SitePageForm
from home.editorial.page_rights import EditorialPagePermissionTester
from home.editorial.reviews import effective_review_date
from home.models.site_settings import SiteSettings
from home.search_text import normalised_search_fields
from home.security.page_access import SitePageManager, route_below, view_restrictions


class SitePage(Page):
    """Fields and helpers every public page type shares."""

    def permissions_for_user(self, user) -> EditorialPagePermissionTester:
        """What the user may do here, by the editorial roles' rules
        (home/editorial/page_rights.py)."""
        return EditorialPagePermissionTester(user, self)

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_(
            "One or two sentences shown under the title, in listings and as the "
            "description search engines display."
        ),
    )

    review_date = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_(
            "When the page should be read again to check it is still right. Left "
            "empty, it is due a while after its last publication (a year for most "
            "pages). Set a new date once the page has been reviewed."
        ),
    )

    # An untouched form changes nothing (home/editorial/edit_forms.py).
    base_form_class = SitePageForm
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel([FieldPanel("review_date")], heading=_("Review")),
    ]
    # What the read-only API (/api/v2/pages/) serves of every page type; types
    # add their own fields to it.
    api_fields = [APIField("introduction")]

    # `.public()` reads the restricted sections once per content generation.
    objects = SitePageManager()

    class Meta:
        abstract = True

    @classmethod
    def get_search_fields(cls) -> list:
        """The search fields, their texts indexed as queries are normalised
        (Arabic articles and letter variants: home/search_text.py)."""
        return normalised_search_fields(super().get_search_fields())

    def get_view_restrictions(self):
        """Wagtail's, without a query for a page outside every restricted section."""
        return view_restrictions(self)

    @property
    def meta_description(self) -> str:
        return self.search_description or self.introduction

    @property
    def updated_on(self) -> datetime.datetime | None:
        """The last update readers are told about (« Mis à jour le »): the last
        publication, scheduled ones included."""
        return self.last_published_at or self.first_published_at

    @property
    def due_for_review_on(self) -> datetime.date | None:
        """The date the page is due for review: its own, or the default interval
        of its type after the last publication; None when its type is never
        reviewed by default and it has no date."""
        return effective_review_date(self)


class BodyPage(SitePage):
    """A page of an introduction and a body of blocks, searched and served by the
    API with both: the pattern of the home page, content pages and news articles.
    A subclass may redefine `body` (its own blocks or help text) and its panels;
    the search and API fields follow."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    api_fields = [*SitePage.api_fields, APIField("body")]

    class Meta:
        abstract = True


class HomePage(MainImageMixin, BodyPage):
    """The commune's front page: a hero, an introduction, free content and the
    latest news, plan progress, awards and datasets that the other apps add.

    Other apps add sections with the `home_page_sections` hook: a function
    `fn(request, page) -> dict | None`. The dict needs `template` (the template to
    include) and may give `order` (int, smaller first, default 100),
    `stylesheets` (static paths, linked in the page's head), `expires` (the
    moment its content changes with time alone, see `page_sections`) and any
    other keys; the template receives the whole dict as `section`. Return None
    to add nothing. Each hook must run a fixed number of queries.

    The page describes the commune in JSON-LD (`organization_data`), which other
    apps complete with the `organization_structured_data` hook."""

    motto = models.CharField(
        _("motto"),
        max_length=120,
        blank=True,
        help_text=_(
            "Shown under the commune's name in the header of every page of this "
            "language; translated with the home page."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Free content shown after the introduction."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("motto"),
        FieldPanel("introduction"),
        main_image_panel(heading=_("Hero image")),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @property
    def localized(self) -> Page:
        """As Wagtail's; for the root page of a site found through the cache
        (home/caching/sites.py), which routing asks on every request, once per
        content generation and language instead of two queries each time."""
        if not getattr(self, "_site_root_from_cache", False):
            return super().localized
        language = translation.get_language() or ""
        return generation.cached(
            lambda: {"page": super(HomePage, self).localized.specific},
            "home-localized",
            self.pk,
            language,
        )["page"]

    def route(self, request: HttpRequest, path_components: list[str]):
        """The page of a URL in two queries, however deep (see page_access)."""
        if path_components:
            return route_below(self, request, path_components)
        return super().route(request, path_components)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # Other apps contribute sections (latest news, plan progress...) through the
        # `home_page_sections` hook so that `home` never imports them.
        context.update(page_sections("home_page_sections", request, self))
        # The JSON-LD blocks: published content alone, once per generation.
        context.update(
            fragment(
                request,
                lambda: {
                    "structured_data": organization_data(request, self),
                    "website_data": website_data(request, self),
                },
                "home-json-ld",
                self.pk,
            )
        )
        return context


def site_settings_data(request: HttpRequest) -> dict:
    """The site settings other pages' JSON-LD names (commune_name, address,
    phone, email, logo_id), read once per content generation: no query once
    warm (Wagtail keeps the site found on the request)."""
    site = Site.find_for_request(request)

    def build() -> dict:
        values = SiteSettings.for_site(site) if site is not None else SiteSettings()
        return {
            field: getattr(values, field)
            for field in ("commune_name", "address", "phone", "email", "logo_id")
        }

    return generation.cached(build, "site-settings", site.pk if site is not None else 0)


def commune_reference(request: HttpRequest) -> dict:
    """The commune as other JSON-LD objects name it (publisher, creator, the
    organization itself): one definition for every page type."""
    return {
        "@type": "GovernmentOrganization",
        "name": site_settings_data(request)["commune_name"],
        "url": request.build_absolute_uri("/"),
    }


def website_data(request: HttpRequest, page: Page) -> dict:
    """The site as a schema.org WebSite in the home page's language, with the
    address of its search (a SearchAction) that search engines may offer."""
    with translation.override(page.locale.language_code):
        search = request.build_absolute_uri(reverse("search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_settings_data(request)["commune_name"],
        "url": request.build_absolute_uri(page.get_url(request)),
        "inLanguage": page.locale.language_code,
        "publisher": commune_reference(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": search + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def organization_data(request: HttpRequest, page: Page) -> dict:
    """The commune as a schema.org GovernmentOrganization, for the JSON-LD of the
    pages that present it (home page, awards page).

    Apps add properties (e.g. `award`) with the `organization_structured_data`
    hook: a function `fn(request, page) -> dict | None` returning the properties
    to add, in the language of `page`, with a fixed number of queries."""
    settings = SiteSettings.for_request(request)
    data: dict = {"@context": "https://schema.org", **commune_reference(request)}
    data["logo"] = request.build_absolute_uri(
        settings.logo.get_rendition("height-160|format-png|preserve-svg").url
        if settings.logo
        else static("img/logo.svg")
    )
    if settings.address:
        data["address"] = " ".join(settings.address.split())
    if settings.email:
        data["email"] = settings.email
    if settings.phone:
        data["telephone"] = settings.phone
    if settings.email or settings.phone:
        contact = {"@type": "ContactPoint", "contactType": "customer service"}
        if settings.email:
            contact["email"] = settings.email
        if settings.phone:
            contact["telephone"] = settings.phone
        contact["availableLanguage"] = [
            code for code, _name in django_settings.LANGUAGES
        ]
        data["contactPoint"] = contact
    # The commune's own accounts elsewhere (Mastodon, PeerTube...): external links.
    same_as = [
        block.value["url"] for block in settings.social_links if block.value.get("url")
    ]
    if same_as:
        data["sameAs"] = same_as
    member_of = [
        {"@type": "Organization", "name": block.value["name"]}
        | ({"url": block.value["url"]} if block.value.get("url") else {})
        for block in settings.member_of
    ]
    if member_of:
        data["memberOf"] = member_of
    for fn in hooks.get_hooks("organization_structured_data"):
        extra = fn(request, page)
        if extra:
            data.update(extra)
    return data


def page_sections(hook_name: str, request: HttpRequest, page: Page) -> dict:
    """The sections other apps add to `page` through the hook `hook_name` (see
    HomePage), sorted by their "order": `sections`, each {"html", "order"} (its
    template rendered with the section as `section`), and `section_stylesheets`,
    the static paths they ask for, once each (a stylesheet link belongs in <head>).

    Rendered once per content generation (the sections show published content
    only), except in previews, whose page is a draft. A section whose content
    changes with time alone gives `expires` (an aware datetime: an upcoming
    event's end): the sections are rendered again from the earliest such moment,
    and the page cache keeps the page no longer (`expire_page_at`)."""

    def build() -> tuple[dict, datetime.datetime | None]:
        sections = []
        for section_hook in hooks.get_hooks(hook_name):
            section = section_hook(request, page)
            if section:
                sections.append(section)
        sections.sort(key=lambda s: s.get("order", 100))
        stylesheets = dict.fromkeys(
            stylesheet
            for section in sections
            for stylesheet in section.get("stylesheets", ())
        )
        moments = [s["expires"] for s in sections if s.get("expires")]
        built = {
            "sections": [
                {
                    "html": str(
                        render_to_string(
                            section["template"],
                            {"section": section, "page": page},
                            request=request,
                        )
                    ),
                    "order": section.get("order", 100),
                }
                for section in sections
            ],
            "section_stylesheets": list(stylesheets),
        }
        return built, min(moments, default=None)

    if request is None or getattr(request, "is_preview", False) or not page.pk:
        built, expires = build()
    else:
        built, expires = generation.cached_until(
            build,
            "sections",
            hook_name,
            request.get_host(),
            page.pk,
            translation.get_language(),
        )
        expire_page_at(request, expires)
    return {
        "sections": [
            {**section, "html": mark_safe(section["html"])}
            for section in built["sections"]
        ],
        "section_stylesheets": built["section_stylesheets"],
    }


class ContentPage(BodyPage):
    """A generic page: legal notices, personal data, contact, any editorial page."""

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class SiteMapPage(SitePage):
    """The « plan du site » that RGAA asks for: every published page of the reader's
    language, as a nested list, built from the page tree."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("site map page")
        verbose_name_plural = _("site map pages")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)

        def tree() -> list[dict]:
            root = self.get_parent().specific
            pages = list(
                root.get_descendants(inclusive=True)
                .live()
                .public()
                .filter(locale_id=self.locale_id)
                .order_by("path")
            )
            return build_tree(pages)

        # Read by the template's cached fragment only when it is not cached.
        context["site_tree"] = deferred(tree)
        return context


def build_tree(pages: list[Page]) -> list[dict]:
    """Nest pages (ordered by tree path) into [{"page", "children"}] without queries."""
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for page in pages:
        node = {"page": page, "children": []}
        nodes[page.path] = node
        parent = nodes.get(page.path[: -Page.steplen])
        (parent["children"] if parent else roots).append(node)
    return roots
