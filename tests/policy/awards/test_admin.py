"""Communications staff's work on awards through the admin views: an awarding
body, then an award with its mentions and badge — preview, publication, drafts,
scheduling, history and rollback — and the checks the forms make."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import HomePage
from policy.models import Award, AwardingBody, AwardsPage
from tests.helpers import soup

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "action-publish"}
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def url(model: str, name: str, *args: Any) -> str:
    return reverse(f"wagtailsnippets_policy_{model}:{name}", args=args)


def award_form(body: AwardingBody, **extra: Any) -> dict:
    """What the award form posts: a label with one mention, no badge."""
    data: dict[str, Any] = {
        "name": "Label Territoire Numérique Libre",
        "awarding_body": str(body.pk),
        "year": "2026",
        "date": "2026-11-20",
        "level": "niveau Or",
        "level_rank": "6",
        "mentions": inline_formset([{"text": "Coup de cœur du jury"}]),
        "description": "Le label confirmé pour une nouvelle année.",
        "image": "",
        "image_alt": "",
        "evidence_url": "https://territoire-numerique-libre.org/",
        "article": "",
        "slug": "tnl-2026",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(extra)
    return nested_form_data(data)


def form_errors(response) -> dict[str, str]:
    """The form's errors, by field name."""
    return {
        name: " ".join(str(error) for error in errors)
        for name, errors in response.context["form"].errors.items()
    }


def cards(client, page) -> dict[str, str]:
    """The awards page's cards: anchor -> heading."""
    document = soup(client.get(page.url))
    return {
        card["id"]: card.h3.get_text(" ", strip=True)
        for card in document.select("article.award")
    }


def test_an_editor_creates_the_awards_page_once(client, admin_client, site_tree):
    home = site_tree.home_fr
    assert AwardsPage.can_create_at(home)
    assert AwardsPage.allowed_parent_page_models() == [HomePage]
    assert AwardsPage.allowed_subpage_models() == []
    add_url = reverse("wagtailadmin_pages:add", args=["policy", "awardspage", home.pk])
    data = nested_form_data(
        {
            "title": "Prix et labels",
            "slug": "prix-et-labels",
            "introduction": "Les distinctions de la ville.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["policy", "awardspage", home.pk],
    )
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    preview = soup(admin_client.get(preview_url))
    assert preview.h1.get_text(strip=True) == "Prix et labels"
    assert "Aucune distinction publiée pour l'instant." in preview.get_text()

    response = admin_client.post(add_url, {**data, **PUBLISH})
    assert response.status_code == 302
    page = AwardsPage.objects.get(slug="prix-et-labels")
    assert page.live and page.locale == home.locale
    assert soup(client.get(page.url)).h1.get_text(strip=True) == "Prix et labels"
    assert not AwardsPage.can_create_at(HomePage.objects.get(pk=home.pk))


def test_the_admin_menu_groups_awards_and_bodies(admin_client, awards):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert "Prix et labels" in response.content.decode()
    listing = admin_client.get(url("award", "list"), {"locale": "fr"})
    assert listing.status_code == 200
    assert "Label Territoire Numérique Libre — niveau 4 — 2021" in (
        listing.content.decode()
    )
    bodies = admin_client.get(url("awardingbody", "list"), {"q": "ANCT"})
    assert bodies.status_code == 200
    assert "ANCT" in bodies.content.decode()


def test_an_editor_creates_an_awarding_body(admin_client, locales):
    add_url = url("awardingbody", "add") + "?locale=fr"
    assert admin_client.get(add_url).status_code == 200
    data = {
        "name": "Déclic",
        "slug": "",
        "website": "https://www.declic.fr/",
        "description": "Le réseau des collectivités du numérique.",
    }
    assert admin_client.post(add_url, data).status_code == 302
    body = AwardingBody.objects.get()
    assert (body.slug, body.locale.language_code) == ("declic", "fr")
    assert body.revisions.count() == 1
    history = admin_client.get(url("awardingbody", "history", body.pk))
    assert history.status_code == 200

    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    assert (
        "Un autre organisme de cette langue a déjà cet identifiant."
        in (form_errors(response)["slug"])
    )
    assert AwardingBody.objects.count() == 1


def test_an_editor_previews_and_publishes_an_award(client, admin_client, awards):
    body = awards.bodies["adullact"]
    add_url = url("award", "add") + "?locale=fr"
    assert admin_client.get(add_url).status_code == 200

    preview_url = url("award", "preview_on_add")
    assert admin_client.post(preview_url, award_form(body)).json()["is_valid"]
    preview = soup(admin_client.get(preview_url))
    assert preview.h1.get_text(strip=True) == "Aperçu de la distinction"
    assert preview.h3.get_text(" ", strip=True) == (
        "Label Territoire Numérique Libre — niveau Or"
    )
    assert "Coup de cœur du jury" in preview.get_text()
    assert not Award.objects.filter(slug="tnl-2026").exists()

    image = get_image_model().objects.get(title="Illustration de test")
    response = admin_client.post(
        add_url, award_form(body, image=str(image.pk), **PUBLISH)
    )
    assert response.status_code == 302, form_errors(response)
    award = Award.objects.get(slug="tnl-2026")
    assert award.live and award.locale.language_code == "fr"
    assert [mention.text for mention in award.mentions.all()] == [
        "Coup de cœur du jury"
    ]
    # Left empty, the badge's alternative text is the image's description.
    assert award.image_alt == "Des cercles bleus"
    assert list(cards(client, awards.page))[:1] == ["award-tnl-2026"]
    card = soup(client.get(awards.page.url)).select_one("#award-tnl-2026")
    assert card.img["alt"] == "Des cercles bleus"
    evidence = card.select_one(".award__evidence a[rel=external]")
    assert evidence["href"] == "https://territoire-numerique-libre.org/"
    assert evidence.get_text(strip=True) == "Annonce officielle (ADULLACT)"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date": "2025-12-31"},
            "date",
            "La date de remise doit tomber dans l'année de la distinction.",
        ),
        ({"slug": "tnl-2021"}, "slug", "Une autre distinction de cette langue"),
        ({"year": "1789", "date": ""}, "year", "supérieure ou égale à 1990"),
        ({"awarding_body": ""}, "awarding_body", "Champ requis."),
    ],
    ids=["date-outside-year", "anchor-taken", "year-too-early", "no-body"],
)
def test_the_award_form_refuses_what_does_not_add_up(
    admin_client, awards, changes, field, message
):
    data = award_form(awards.bodies["adullact"], **changes, **PUBLISH)
    response = admin_client.post(url("award", "add") + "?locale=fr", data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == [field]
    assert message in errors[field]
    assert not Award.objects.filter(year=2026).exists()


def test_an_award_takes_a_body_of_its_language(admin_client, awards):
    english_body = awards.bodies_en["adullact"]
    data = award_form(awards.bodies["adullact"], **PUBLISH)
    data["awarding_body"] = str(english_body.pk)
    response = admin_client.post(url("award", "add") + "?locale=fr", data)
    assert response.status_code == 200
    # The form only accepts the bodies of the award's language.
    assert "Sélectionnez un choix valide." in form_errors(response)["awarding_body"]
    # The model says so too, whatever form is used.
    award = awards.awards["tnl-2021"]
    award.awarding_body = english_body
    with pytest.raises(ValidationError) as error:
        award.full_clean()
    assert error.value.message_dict["awarding_body"] == [
        "Choisissez l'organisme dans la langue de la distinction."
    ]


def test_a_draft_award_stays_off_the_site(client, admin_client, awards):
    response = admin_client.post(
        url("award", "add") + "?locale=fr", award_form(awards.bodies["adullact"])
    )
    assert response.status_code == 302
    award = Award.objects.get(slug="tnl-2026")
    assert not award.live
    assert "award-tnl-2026" not in cards(client, awards.page)


def test_a_scheduled_award_appears_on_time(client, admin_client, awards):
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    data = award_form(
        awards.bodies["adullact"],
        go_live_at=go_live_at.strftime(DATETIME_FORMAT),
        **PUBLISH,
    )
    response = admin_client.post(url("award", "add") + "?locale=fr", data)
    assert response.status_code == 302, form_errors(response)
    call_command("publish_scheduled")
    assert "award-tnl-2026" not in cards(client, awards.page)

    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert Award.objects.get(slug="tnl-2026").live
    assert "award-tnl-2026" in cards(client, awards.page)


def test_an_editor_edits_then_rolls_an_award_back(client, admin_client, awards):
    award = awards.awards["tnl-2021"]
    first_revision = award.latest_revision
    body = awards.bodies["adullact"]
    original = {
        "name": award.name,
        "year": "2021",
        "date": "",
        "level": "niveau 4",
        "level_rank": "4",
        "slug": award.slug,
        "description": "",
        "evidence_url": "",
    }
    edit_url = url("award", "edit", award.pk)
    assert admin_client.get(edit_url).status_code == 200

    preview_url = url("award", "preview_on_edit", award.pk)
    data = award_form(body, **{**original, "level": "niveau 3"})
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    assert "niveau 3" in admin_client.get(preview_url).content.decode()
    assert cards(client, awards.page)["award-tnl-2021"].endswith("niveau 4")

    data = award_form(body, **{**original, "level": "niveau 3"}, **PUBLISH)
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, form_errors(response)
    assert cards(client, awards.page)["award-tnl-2021"].endswith("niveau 3")
    assert admin_client.get(url("award", "history", award.pk)).status_code == 200

    revert_url = url("award", "revisions_revert", award.pk, first_revision.pk)
    reverted = soup(admin_client.get(revert_url))
    assert reverted.find("input", attrs={"name": "level"})["value"] == "niveau 4"
    data = award_form(body, **original, **PUBLISH)
    assert admin_client.post(revert_url, data).status_code == 302
    assert cards(client, awards.page)["award-tnl-2021"].endswith("niveau 4")
