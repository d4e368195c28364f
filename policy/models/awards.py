"""Awards and labels the commune received, and the bodies that award them.

Both are translatable snippets rather than rows inside the awards page: the same
record feeds the awards page, the home page's latest awards, the commune's
structured data and the news article that announces it, without a copy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    PublishingPanel,
)
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.widgets import AdminSnippetChooser

from home.bases import (
    DraftableTranslatableSnippet,
    MainImageMixin,
    TranslatableSnippet,
    follow_source,
    main_image_panel,
)
from home.editorial.edit_forms import SnippetForm
from home.translation.facts import FACTS

FIRST_YEAR = 1990
LAST_YEAR = 2100


class AwardingBody(TranslatableSnippet):
    """An organisation that awards labels or prizes (ADULLACT, the ANCT...).
    Residents filter the awards page by it; translators translate it once.
    Revisions but no drafts: a list of organisations goes live on save."""

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("E.g. « ADULLACT ». Shown on each award and in the filter."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_(
            "Used in the filter's address (?body=…), the same in every language. "
            "Left empty, it is made from the name. Changing it breaks the links "
            "residents have shared."
        ),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The organisation's own site, linked from the awards page."),
    )
    description = models.TextField(
        _("short description"),
        blank=True,
        max_length=400,
        help_text=_("One sentence saying who the organisation is."),
    )
    unique_per_locale = "slug"
    unique_per_locale_message = _(
        "Another awarding body of this language has this slug."
    )

    # The filter's address is shared between languages.
    override_translatable_fields = follow_source("slug")
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("awarding body")
        verbose_name_plural = _("awarding bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_awarding_body_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The slug is made before the base class checks it is free in this language.
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        if not self.slug:
            raise ValidationError(
                {"slug": _("Enter a slug made of letters or digits.")}
            )
        super().clean()

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class AwardForm(SnippetForm):
    """Offers only the awarding bodies of the award's language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("awarding_body")
        if field is not None and self.instance.locale_id:
            field.queryset = field.queryset.filter(locale_id=self.instance.locale_id)


class Award(MainImageMixin, DraftableTranslatableSnippet, ClusterableModel):
    """A label or prize the commune received one year (« Territoire Numérique
    Libre » level 5 in 2022, the NEC d'or 2025...). Communications staff add one
    in a minute; it is drafted, previewed and scheduled like a page, and shown on
    the awards page, the home page, in structured data and on the article that
    announces it. Awards of the same name form a series drawn year after year."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "The award's name without its year or level, e.g. « Label Territoire "
            "Numérique Libre »: awards of the same name are drawn as one series."
        ),
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        help_text=_(
            "The award's address on the awards page (#…), the same in every "
            "language, e.g. « tnl-2022 ». Changing it breaks shared links."
        ),
    )
    awarding_body = models.ForeignKey(
        "policy.AwardingBody",
        verbose_name=_("awarding body"),
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("Who awards it. Add the organisation under « Awarding bodies »."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The edition of the award, e.g. 2022."),
    )
    date = models.DateField(
        _("date received"),
        null=True,
        blank=True,
        help_text=_("The day of the ceremony, if known. In the award's year."),
    )
    level = models.CharField(
        _("level or rank"),
        max_length=80,
        blank=True,
        help_text=_(
            "Where the award has levels, as residents read it: « level 4 », « Gold »."
        ),
    )
    level_rank = models.PositiveSmallIntegerField(
        _("level on the scale"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "The level as a number, higher is better (level 4 → 4, level 5 → 5, "
            "Gold → 6): it draws the chart of the series over the years."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=1200,
        help_text=_("What the award recognises, in two or three sentences."),
    )
    evidence_url = models.URLField(
        _("evidence link"),
        blank=True,
        help_text=_("The awarding body's page announcing the result."),
    )
    article = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("announcing article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The site's article that announces the award; it shows the award in "
            "return. Its translation is used on translated pages."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("badge image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The label's badge or logo, square if possible."),
    )

    unique_per_locale = "slug"
    unique_per_locale_message = _("Another award of this language has this anchor.")
    base_form_class = AwardForm

    # Anchors, years, dates and levels follow the source; texts are translated.
    override_translatable_fields = follow_source("slug", *FACTS["policy.Award"])

    panels = [
        FieldPanel("name"),
        # Wagtail's « Choose %(object)s » puts the verbose name without its
        # article: « Choisir organisme décernant ».
        FieldPanel(
            "awarding_body",
            widget=AdminSnippetChooser(
                AwardingBody,
                choose_one_text=_("Choose an awarding body"),
                choose_another_text=_("Choose another awarding body"),
                link_to_chosen_text=_("Edit this awarding body"),
            ),
        ),
        FieldRowPanel([FieldPanel("year"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("level_rank")]),
        InlinePanel("mentions", heading=_("Special mentions")),
        FieldPanel("description"),
        main_image_panel(heading=_("Badge")),
        MultiFieldPanel(
            [FieldPanel("evidence_url"), PageChooserPanel("article", "news.NewsPage")],
            heading=_("Evidence"),
        ),
        FieldPanel("slug"),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("year"),
    ]

    class Meta(DraftableTranslatableSnippet.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards and labels")
        ordering = ["-year", "-date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_award_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        parts = [self.name, self.level, str(self.year or "")]
        return " — ".join(part for part in parts if part)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = _("The date received must fall in the award's year.")
        if (
            self.awarding_body_id
            and self.locale_id
            and self.awarding_body.locale_id != self.locale_id
        ):
            errors["awarding_body"] = _(
                "Choose the awarding body in the award's language."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        """The name with its level, as a heading reads."""
        return f"{self.name} — {self.level}" if self.level else self.name

    @property
    def anchor(self) -> str:
        return f"award-{self.slug}"

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "policy/previews/award.html"


class AwardMention(TranslatableMixin, Orderable):
    """A special mention that came with an award (« best first application »).
    Translatable, so that it is translated with the award."""

    award = ParentalKey(
        "policy.Award", related_name="mentions", on_delete=models.CASCADE
    )
    text = models.CharField(
        _("mention"),
        max_length=255,
        help_text=_("The mention as the awarding body worded it."),
    )

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("special mention")
        verbose_name_plural = _("special mentions")

    def __str__(self) -> str:
        return self.text


def published_awards(locale_id: int) -> models.QuerySet[Award]:
    """The live awards of a language, newest first, with what every listing shows
    (body, badge, mentions): a fixed number of queries whatever their number."""
    return (
        Award.objects.filter(live=True, locale_id=locale_id)
        .select_related("awarding_body", "image")
        .prefetch_related(
            Prefetch("mentions", queryset=AwardMention.objects.order_by("sort_order"))
        )
        .order_by("-year", models.F("date").desc(nulls_last=True), "name", "pk")
    )
