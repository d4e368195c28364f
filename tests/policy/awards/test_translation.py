"""Translators translate awards and awarding bodies with wagtail-localize: texts
are translated; anchors, years and levels on the scale follow the source, so the
page's addresses and its chart are the same in every language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from policy.models import Award, AwardingBody, AwardMention
from tests.policy.awards.conftest import make_award, translate_award

pytestmark = pytest.mark.django_db


def test_an_award_is_translated_with_its_mentions(awards):
    french, english = awards.awards["tnl-2021"], awards.awards_en["tnl-2021"]
    assert english.locale.language_code == "en"
    assert english.translation_key == french.translation_key
    assert (english.name, english.level) == ("Free Digital Territory label", "level 4")
    assert [mention.text for mention in english.mentions.all()] == [
        "Best first application"
    ]
    assert english.awarding_body == awards.bodies_en["adullact"]
    assert english.live
    body = awards.bodies_en["anct"]
    assert body.description == "The National Agency for Territorial Cohesion."
    assert body.slug == "anct"


def test_anchors_years_and_levels_follow_the_source(awards):
    synchronised = {
        field.field_name
        for model in (Award, AwardingBody)
        for field in get_translatable_fields(model)
        if isinstance(field, SynchronizedField) and not field.overridable
    }
    assert {"slug", "year", "level_rank"} <= synchronised

    french = awards.awards["tnl-2022"]
    french.year, french.level_rank, french.slug = 2023, 4, "tnl-2023"
    french.date = None
    french.save_revision().publish()
    english = translate_award(
        Award.objects.get(pk=french.pk),
        {"name": "Free Digital Territory label", "level": "level 5"},
    )
    assert (english.year, english.level_rank, english.slug) == (2023, 4, "tnl-2023")
    assert english.pk == awards.awards_en["tnl-2022"].pk


def test_a_new_mention_reaches_the_translation_when_synchronised(awards):
    french = awards.awards["tnl-2024"]
    french.mentions = [AwardMention(text="Troisième année au niveau 5")]
    french.save_revision().publish()
    english = translate_award(
        Award.objects.get(pk=french.pk),
        {"name": "Free Digital Territory label", "level": "level 5"},
        ["Third year in a row at level 5"],
    )
    assert [m.text for m in english.mentions.all()] == [
        "Third year in a row at level 5"
    ]


def test_translators_reach_the_translation_views(admin_client, awards):
    award = awards.awards["tnl-2021"]
    listing = admin_client.get(
        reverse("wagtailsnippets_policy_award:list"), {"locale": "fr"}
    )
    submit_url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["policy", "award", award.pk],
    )
    # Already translated into English, the only other language: nothing to offer.
    assert submit_url not in listing.content.decode()
    english = awards.awards_en["tnl-2021"]
    editor = admin_client.get(
        reverse("wagtailsnippets_policy_award:edit", args=[english.pk])
    )
    assert editor.status_code == 200
    assert "Best first application" in editor.content.decode()


def test_a_new_award_can_be_submitted_for_translation(admin_client, awards):
    award = make_award(
        awards.bodies["anct"], "nouveau", {"name": "Nouveau prix", "year": 2026}
    )
    submit_url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["policy", "award", award.pk],
    )
    listing = admin_client.get(
        reverse("wagtailsnippets_policy_award:list"), {"locale": "fr"}
    )
    assert submit_url in listing.content.decode()
    assert admin_client.get(submit_url).status_code == 200
