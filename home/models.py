"""The home page, generic content pages, the accessibility statement, site settings
and the translatable menus."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site
from wagtail.search import index

from home.bases import (
    DraftableTranslatableSnippet,
    MainImageMixin,
    follow_source,
    main_image_panel,
)
from home.blocks import (
    RICH_TEXT_FEATURES,
    BaseStreamBlock,
    LinkBlock,
    OrganizationBlock,
)
from home.caching import generation
from home.editorial.edit_forms import SitePageForm
from home.editorial.page_rights import EditorialPagePermissionTester
from home.editorial.reviews import effective_review_date
from home.search_text import normalised_search_fields
from home.security.page_access import SitePageManager, route_below, view_restrictions
from home.translation.facts import FACTS
from home.translation.menus import MenuTranslationsPanel
from home.validators import SiretField


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


class HomePage(MainImageMixin, SitePage):
    """The commune's front page: a hero, an introduction, free content and the
    latest news, plan progress, awards and datasets that the other apps add.

    Other apps add sections with the `home_page_sections` hook: a function
    `fn(request, page) -> dict | None`. The dict needs `template` (the template to
    include) and may give `order` (int, smaller first, default 100),
    `stylesheets` (static paths, linked in the page's head) and any other keys;
    the template receives the whole dict as `section`. Return None to add
    nothing. Each hook must run a fixed number of queries.

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
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    api_fields = [*SitePage.api_fields, APIField("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

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
        context["structured_data"] = organization_data(request, self)
        context["website_data"] = website_data(request, self)
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
    only), except in previews, whose page is a draft."""

    def build() -> dict:
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
        return {
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

    if request is None or getattr(request, "is_preview", False) or not page.pk:
        built = build()
    else:
        built = generation.cached(
            build,
            "sections",
            hook_name,
            request.get_host(),
            page.pk,
            translation.get_language(),
        )
    return {
        "sections": [
            {**section, "html": mark_safe(section["html"])}
            for section in built["sections"]
        ],
        "section_stylesheets": built["section_stylesheets"],
    }


class ContentPage(SitePage):
    """A generic page: legal notices, personal data, contact, any editorial page."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    api_fields = [*SitePage.api_fields, APIField("body")]

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
        root = self.get_parent().specific
        pages = list(
            root.get_descendants(inclusive=True)
            .live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("path")
        )
        context["site_tree"] = build_tree(pages)
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


class Conformity(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


AUDIT_VALIDITY_YEARS = 3


class AccessibilityStatementPage(SitePage):
    """The « déclaration d'accessibilité » (RGAA). The footer's conformity label is
    derived from it: fully compliant at 100 % of criteria met, partially from 50 %,
    not compliant below, with no audit, or when the audit is over three years old."""

    audit_date = models.DateField(
        _("audit date"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the last audit. Older than three years, it no longer counts."
        ),
    )
    rgaa_version = models.CharField(
        _("RGAA version"),
        max_length=20,
        default="4.1.2",
        help_text=_("Version of the reference framework the audit used."),
    )
    auditor = models.CharField(
        _("auditor"),
        max_length=200,
        blank=True,
        help_text=_("Who carried out the audit: an internal team or a firm."),
    )
    compliance_rate = models.DecimalField(
        _("share of criteria met (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Percentage of applicable RGAA criteria that the site meets."),
    )
    audited_pages = RichTextField(
        _("audited pages"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The sample of pages the audit covered."),
    )
    test_environment = RichTextField(
        _("technologies and test environment"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Browsers, assistive technologies and tools used for the audit."),
    )
    non_compliant_content = RichTextField(
        _("non-compliant content"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The criteria not met and the content concerned."),
    )
    derogations = RichTextField(
        _("derogations for disproportionate burden"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    exempt_content = RichTextField(
        _("content not subject to the obligation"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    contact = RichTextField(
        _("feedback and contact"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How a resident who cannot reach content or a service gets help."),
    )
    recourse = RichTextField(
        _("recourse"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Left empty, the standard text on the Défenseur des droits is shown."
        ),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    # The audit is the same in every language: only its texts are translated.
    override_translatable_fields = follow_source(
        *FACTS["home.AccessibilityStatementPage"]
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("audit_date"),
                FieldPanel("rgaa_version"),
                FieldPanel("auditor"),
                FieldPanel("compliance_rate"),
            ],
            heading=_("Audit"),
        ),
        FieldPanel("audited_pages"),
        FieldPanel("test_environment"),
        FieldPanel("non_compliant_content"),
        FieldPanel("derogations"),
        FieldPanel("exempt_content"),
        FieldPanel("contact"),
        FieldPanel("recourse"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def audit_is_current(self, today: datetime.date | None = None) -> bool:
        """An audit with a rate, less than three years old."""
        if self.compliance_rate is None or self.audit_date is None:
            return False
        today = today or timezone.localdate()
        try:
            expiry = self.audit_date.replace(
                year=self.audit_date.year + AUDIT_VALIDITY_YEARS
            )
        except ValueError:  # 29 February
            expiry = self.audit_date.replace(
                year=self.audit_date.year + AUDIT_VALIDITY_YEARS, day=28
            )
        return expiry >= today

    def conformity(self, today: datetime.date | None = None) -> Conformity:
        if not self.audit_is_current(today):
            return Conformity.NONE
        if self.compliance_rate >= 100:
            return Conformity.FULL
        if self.compliance_rate >= 50:
            return Conformity.PARTIAL
        return Conformity.NONE

    @property
    def conformity_label(self) -> str:
        return accessibility_label(self.conformity())

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["conformity"] = self.conformity()
        context["audit_is_current"] = self.audit_is_current()
        return context


def accessibility_label(conformity: Conformity) -> str:
    labels = {
        Conformity.FULL: _("Accessibility: fully compliant"),
        Conformity.PARTIAL: _("Accessibility: partially compliant"),
        Conformity.NONE: _("Accessibility: not compliant"),
    }
    return str(labels[conformity])


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The commune's identity and contact details, shown in the header and footer.

    They read the same in every language (names, addresses, accounts); the one
    text of the header that is translated, the motto, belongs to the home page of
    each language, so translators translate it with that page."""

    commune_name = models.CharField(
        _("commune name"),
        max_length=120,
        default="Ville d'Échirolles",
        help_text=_("Shown in the header, the page titles and structured data."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square or wide; the commune's name is its text alternative."),
    )
    siret = SiretField(
        _("SIRET number"),
        blank=True,
        help_text=_(
            "The commune's 14 digits in the SIRENE register (the town hall's "
            "establishment). The national open-data catalogue (SCDL) requires it; "
            "datasets without a producer SIRET of their own take this one."
        ),
    )
    address = models.TextField(_("postal address"), blank=True)
    # The open-data catalogue's spatial coverage (DCAT-AP dct:spatial): a
    # GeoNames feature, the one vocabulary for places DCAT-AP's shapes accept
    # below the country that data.gouv.fr's harvester does not refuse.
    spatial_identifier = models.CharField(
        _("GeoNames address of the commune"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"^https://sws\.geonames\.org/[1-9][0-9]*/$",
                _("Give an address such as https://sws.geonames.org/3020495/."),
            )
        ],
        help_text=_(
            "The area the open data cover, as the GeoNames address of the commune "
            "(https://sws.geonames.org/<number>/: search the commune on "
            "geonames.org). Portals that harvest the catalogue read it."
        ),
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    social_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("social and federated accounts"),
        blank=True,
        help_text=_("Accounts on Mastodon, PeerTube and others, shown in the footer."),
    )
    member_of = StreamField(
        [("organization", OrganizationBlock())],
        verbose_name=_("member of"),
        blank=True,
        help_text=_(
            "Bodies the commune is a member of (its IT syndicate...), named in the "
            "structured data search engines read."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("commune_name"), FieldPanel("siret"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("spatial_identifier")],
            heading=_("Open data"),
        ),
        FieldPanel("social_links"),
        FieldPanel("member_of"),
    ]

    class Meta:
        verbose_name = _("site settings")


class Menu(DraftableTranslatableSnippet, ClusterableModel):
    """A navigation menu of one language: the header's main menu or the footer's.
    Edited as drafts, previewed and scheduled like a page."""

    class Location(models.TextChoices):
        MAIN = "main", _("Main menu (header)")
        FOOTER = "footer", _("Footer menu")

    location = models.CharField(
        _("location"),
        max_length=20,
        choices=Location.choices,
        help_text=_("Where the menu is shown. One menu per location and language."),
    )
    items = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("links"),
        blank=True,
        help_text=_("Pages are followed into the reader's language when translated."),
    )
    unique_per_locale = "location"
    # A translated menu stands at its source's place (one per place and language).
    override_translatable_fields = follow_source("location")
    unique_per_locale_message = _("This language already has a menu at this location.")

    panels = [
        FieldPanel("location"),
        FieldPanel("items"),
        MenuTranslationsPanel(heading=_("Translations of the entries")),
        PublishingPanel(),
    ]

    class Meta(DraftableTranslatableSnippet.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "locale"], name="unique_menu_location_per_locale"
            )
        ]

    def __str__(self) -> str:
        # A menu being previewed before its first save has no locale yet.
        if not self.locale_id:
            return str(self.get_location_display())
        return f"{self.get_location_display()} ({self.locale})"

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "home/previews/menu.html"


def resolve_links(
    stream,
    locale_id: int,
    request: HttpRequest | None = None,
    text_locale_id: int | None = None,
) -> list[dict]:
    """Turn a stream of LinkBlocks into [{"url", "text", "page", "language",
    "text_language"}], following each page to its translation in `locale_id`
    when it is live, with one query for all (two when a page is not translated).

    A page not translated into `locale_id` is linked in its own language:
    `language` is then its language code (for `hreflang`), else None.
    `text_language` is the language of `text` when it is not `locale_id`'s: the
    page's title, or the block's own text when the stream is written in
    `text_locale_id` (a menu borrowed from another language)."""
    pages = [block.value["page"] for block in stream if block.value.get("page")]
    translated: dict = {}
    if pages:
        for page in Page.objects.live().filter(
            translation_key__in=[p.translation_key for p in pages], locale_id=locale_id
        ):
            translated[page.translation_key] = page
    codes: dict[int, str] = {}
    text_locale_id = text_locale_id or locale_id

    def code(other_locale_id: int) -> str | None:
        if other_locale_id == locale_id:
            return None
        if not codes:
            codes.update(Locale.objects.values_list("pk", "language_code"))
        return codes.get(other_locale_id)

    links = []
    for block in stream:
        page = block.value.get("page")
        own_text = block.value.get("text")
        if page is not None:
            page = translated.get(page.translation_key, page if page.live else None)
            if page is None:
                continue
            links.append(
                {
                    "url": page.get_url(request),
                    "text": own_text or page.title,
                    "page": page,
                    "language": code(page.locale_id),
                    "text_language": code(
                        text_locale_id if own_text else page.locale_id
                    ),
                }
            )
        elif block.value.get("url"):
            links.append(
                {
                    "url": block.value["url"],
                    "text": own_text,
                    "page": None,
                    "language": None,
                    "text_language": code(text_locale_id),
                }
            )
    return links
