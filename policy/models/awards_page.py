"""The awards page: the labels and prizes the commune received, as a timeline
by year with the chart of each label received year after year. The awards
themselves are snippets (policy.models.awards)."""

from __future__ import annotations

import functools
import re

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import BaseStreamBlock
from home.caching.fragments import deferred, fragment
from home.models import BodyPage, organization_data
from news.models import NewsPage

from ..awards import group_by_year, series_of
from .awards import Award, AwardingBody, published_awards

# What a shared filter value may look like: anything else is a bad address.
SLUG = re.compile(r"^[-a-z0-9_]{1,80}$")


def localized_articles(awards: list[Award], locale_id: int) -> None:
    """Set `announcement` on each award to its article in `locale_id` when live
    (an article not translated into it is left out): two queries for all."""
    keys = dict(
        Page.objects.filter(
            pk__in={award.article_id for award in awards if award.article_id}
        ).values_list("pk", "translation_key")
    )
    found = {}
    if keys:
        found = {
            article.translation_key: article
            for article in NewsPage.objects.live()
            .public()
            .filter(translation_key__in=keys.values(), locale_id=locale_id)
        }
    for award in awards:
        award.announcement = found.get(keys.get(award.article_id))


class AwardsAPIField(serializers.Field):
    """The awards the page lists (live, in its language, newest first), for the
    read-only API: a fixed number of queries."""

    def to_representation(self, page: AwardsPage) -> list[dict]:
        return [
            {
                "name": award.name,
                "anchor": award.anchor,
                "awarding_body": {
                    "name": award.awarding_body.name,
                    "website": award.awarding_body.website or None,
                },
                "year": award.year,
                "date": award.date.isoformat() if award.date else None,
                "level": award.level or None,
                "level_rank": award.level_rank,
                "mentions": [mention.text for mention in award.mentions.all()],
                "description": award.description or None,
                "evidence_url": award.evidence_url or None,
            }
            for award in published_awards(page.locale_id)
        ]


class AwardsPage(BodyPage):
    """The labels and prizes the commune received, as a timeline by year, newest
    first, with a chart of each label received year after year. Editors write the
    introduction; the awards themselves are snippets (« Awards and labels »)."""

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Free content shown before the awards."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    api_fields = [
        *BodyPage.api_fields,
        APIField("awards", serializer=AwardsAPIField(source="*")),
    ]

    class Meta:
        verbose_name = _("awards page")
        verbose_name_plural = _("awards pages")

    def selected_body(self, request: HttpRequest) -> AwardingBody | None:
        """The awarding body of `?body=<slug>`, in the page's language. Anything
        but one known slug is a bad address (404), so no two addresses show the
        same list under different names."""
        values = request.GET.getlist("body")
        if not values or values == [""]:
            return None
        if len(values) > 1 or not SLUG.match(values[0]):
            raise Http404("Unknown awarding body")
        body = AwardingBody.objects.filter(
            slug=values[0], locale_id=self.locale_id
        ).first()
        if body is None:
            raise Http404("Unknown awarding body")
        return body

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        selected = self.selected_body(request)

        @functools.cache
        def listed() -> dict:
            all_awards = list(published_awards(self.locale_id))
            by_pk = {a.awarding_body_id: a.awarding_body for a in all_awards}
            awards = [
                award
                for award in all_awards
                if selected is None or award.awarding_body_id == selected.pk
            ]
            localized_articles(awards, self.locale_id)
            return {
                "awards": awards,
                "years": group_by_year(awards),
                "series": series_of(awards),
                "bodies": sorted(by_pk.values(), key=lambda b: b.name.casefold()),
            }

        # Read by the template's cached fragment (the filter, the chart and the
        # timeline) only when it is not in the cache: no query then.
        context.update(
            {name: deferred(lambda name=name: listed()[name]) for name in LISTED}
        )
        context.update(
            {
                "selected_body": selected,
                # The commune with its awards (added by policy's hook), as on the
                # home page: one source for both.
                "structured_data": fragment(
                    request,
                    lambda: organization_data(request, self),
                    "organization",
                    self.pk,
                ),
            }
        )
        return context


LISTED = ("awards", "years", "series", "bodies")
