"""Abstract bases every app builds on: a main image with its alt text, and a
translatable snippet with revisions and a name unique per language.

They live in `home` so that `news` and `policy` share one rule instead of copies."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail_localize.fields import SynchronizedField

from home.editorial.edit_forms import SnippetForm


def follow_source(*names: str) -> list[SynchronizedField]:
    """wagtail-localize declarations for fields that read the same in every
    language (dates, figures, statuses, choices): copied from the source on each
    sync, and a translator cannot override them. For a model's
    `override_translatable_fields`; tests/translation checks every model."""
    return [SynchronizedField(name, overridable=False) for name in names]


class MainImageMixin(models.Model):
    """A page's main image with its alternative text.

    The rule, enforced in `clean()` for every page type: an image that is not
    decorative needs an alternative text; left empty, the image's description is
    copied in, otherwise the form says so on `image_alt`. A decorative image is
    shown with `alt=""` and keeps no alternative text (ticking the box clears it),
    so the page never says two contradictory things.

    wagtail-localize translates `image_alt` like any text field; `image` and
    `image_decorative` are synchronised from the source page, and a translator may
    override them as any synchronised field (as the image could be before).

    Usage: `class NewsPage(MainImageMixin, SitePage)` (the mixin first, so that its
    `clean()` runs), `main_image_panel()` in `content_panels`, and
    `{% main_image page "<rendition specs>" sizes="…" %}` from `main_image_tags`
    in the template."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Landscape, at least 1600 px wide. Set its focal point in the image "
            "editor so that crops keep what matters."
        ),
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it, in the page's "
            "language. Left empty, the image's description is used. Translated "
            "with the page."
        ),
    )
    image_decorative = models.BooleanField(
        _("decorative image"),
        default=False,
        help_text=_(
            "Tick only if the image adds nothing to the text (an ornament): screen "
            "readers then skip it and its alternative text is cleared."
        ),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if not self.image_id:
            return
        if self.image_decorative:
            self.image_alt = ""
            return
        self.image_alt = (self.image_alt or "").strip()
        if not self.image_alt:
            self.image_alt = (self.image.description or "").strip()
        if not self.image_alt:
            raise ValidationError(
                {
                    "image_alt": _(
                        "Describe the image for readers who cannot see it, or tick "
                        "« decorative image » if it adds nothing to the text."
                    )
                }
            )

    @property
    def main_image_alt(self) -> str:
        """The `alt` the templates show: empty for a decorative image; the image's
        description for a page saved before the rule existed."""
        if not self.image_id or self.image_decorative:
            return ""
        return self.image_alt or (self.image.description or "").strip()


def main_image_panel(heading: str | Promise | None = None) -> MultiFieldPanel:
    """The three fields of `MainImageMixin` grouped, for a page's `content_panels`."""
    return MultiFieldPanel(
        [
            FieldPanel("image"),
            FieldPanel("image_alt"),
            FieldPanel("image_decorative"),
        ],
        heading=heading or _("Main image"),
    )


class TranslatableSnippet(TranslatableMixin, RevisionMixin, models.Model):
    """A snippet translated with wagtail-localize, with its history of revisions,
    and one field whose value is unique per language.

    A subclass names that field in `unique_per_locale`, declares the matching
    `UniqueConstraint` on (field, locale) in its own Meta (extending
    `TranslatableSnippet.Meta`), and may word the form error with
    `unique_per_locale_message`. The snippet's form has no locale field, so
    Django's unique checks skip the constraint: `clean()` reports the clash on
    the field instead of letting the database answer a 500.

    With `slug_from` (a field's name), the unique field is a slug made from that
    field when left empty (« slug-from-name »), on the form as on save.

    Edits go live on save; for drafts, previews and scheduling use
    `DraftableTranslatableSnippet`."""

    unique_per_locale: ClassVar[str]
    slug_from: ClassVar[str | None] = None
    # An untouched form changes nothing (home/editorial/edit_forms.py).
    base_form_class = SnippetForm
    unique_per_locale_message: ClassVar[str | Promise] = _(
        "Another item of this language already has this value."
    )

    # `revisions` is what Wagtail reads; the generic relation lets a deleted snippet
    # take its revisions with it. Query name: `home_menu`, `news_newscategory`...
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.fill_slug()
        super().save(*args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    def clean(self) -> None:
        # The slug is made before it is checked free in this language.
        self.fill_slug()
        if self.slug_from and not getattr(self, self.unique_per_locale):
            raise ValidationError(
                {self.unique_per_locale: _("Enter a slug made of letters or digits.")}
            )
        super().clean()
        name = self.unique_per_locale
        value = getattr(self, name)
        if value in (None, "") or not self.locale_id:
            return
        clash = (
            type(self)
            ._default_manager.filter(**{name: value, "locale_id": self.locale_id})
            .exclude(pk=self.pk)
        )
        if clash.exists():
            raise ValidationError({name: self.unique_per_locale_message})

    def fill_slug(self) -> None:
        """An empty slug made from `slug_from`, cut to the field's length."""
        name = self.unique_per_locale
        if self.slug_from and not getattr(self, name):
            length = self._meta.get_field(name).max_length
            setattr(self, name, slugify(getattr(self, self.slug_from))[:length])


class DraftableTranslatableSnippet(
    WorkflowMixin, DraftStateMixin, PreviewableMixin, TranslatableSnippet
):
    """A `TranslatableSnippet` edited as drafts: previews, publishing, scheduling
    and moderation, like a page (the subclass adds `PublishingPanel()` to its
    panels and gives `get_preview_template`). Writers submit it to the workflow
    the roles' migrations assign (home/roles.py), managers approve it."""

    # As for revisions: a deleted snippet takes its workflow states with it, and
    # each model has its own query name.
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    class Meta(TranslatableSnippet.Meta):
        abstract = True
