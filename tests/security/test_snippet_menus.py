"""The snippet listings offer translators only what they may do
(home/editorial/snippet_rights.py): no « Edit », « Copy » or « Delete » on a French
snippet, which they translate but never change; « Edit » on its translation.
The same rule refuses the edit and delete views; managers keep everything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from home.models import Menu
from news.models import NewsCategory
from policy.models import Award, AwardingBody
from tests.tree import translate

pytestmark = pytest.mark.django_db


def _url(model, view: str, instance=None) -> str:
    name = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}"
    return reverse(name, args=[] if instance is None else [instance.pk])


def _translate_url(instance) -> str:
    meta = type(instance)._meta
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, instance.pk],
    )


@pytest.fixture
def snippets(site_tree) -> list[tuple[object, object | None]]:
    """One French snippet of each translatable model, with an English translation
    for one of each pair of models; the other French snippets are untranslated."""
    fr = site_tree.locale_fr
    category = NewsCategory.objects.create(locale=fr, name="Travaux", slug="travaux")
    body = AwardingBody.objects.create(locale=fr, name="ADULLACT", slug="adullact")
    award = Award(
        locale=fr,
        awarding_body=body,
        slug="tnl-2026",
        name="Label Territoire Numérique Libre",
        year=2026,
        level="niveau 5",
        level_rank=5,
    )
    award.save()
    award.save_revision().publish()
    menu = Menu.objects.create(location="footer", locale=fr)
    menu.save_revision().publish()
    return [
        (category, translate(category, {"name": "Works"})),
        (body, None),
        (award, None),
        (menu, translate(menu, {})),
    ]


def _listing(client: Client, model) -> str:
    response = client.get(_url(model, "list"))
    assert response.status_code == 200
    return response.content.decode()


def test_translators_are_offered_no_change_to_french_snippets(
    translator_client, snippets
):
    for french, english in snippets:
        model = type(french)
        html = _listing(translator_client, model)
        for view in ("edit", "copy", "delete"):
            assert f'href="{_url(model, view, french)}"' not in html, (model, view)
        if english is None:
            # « Translate » while a language lacks a translation.
            assert f'href="{_translate_url(french)}"' in html, model
        else:
            assert f'href="{_url(model, "edit", english)}"' in html, model
            # Copies are made without a language to translate into: refused.
            copy = _url(model, "copy", english)
            assert f'href="{copy}"' not in html, model
            assert _refused(translator_client.get(copy)), model


def test_translators_are_offered_no_add_nor_bulk_action_in_french(
    translator_client, manager_client, snippets
):
    """In the French listing, « Add » and the bulk actions' boxes (deleting in
    bulk) would only lead to a refusal; in English, translators add and select
    as before, and managers keep both in French."""
    for french, _english in snippets:
        model = type(french)
        add = _url(model, "add")
        listing = _url(model, "list")
        html = translator_client.get(listing + "?locale=fr").content.decode()
        assert f'href="{add}' not in html, model
        assert "data-bulk-action-checkbox" not in html, model
        html = translator_client.get(listing + "?locale=en").content.decode()
        assert f'href="{add}?locale=en"' in html, model
        html = manager_client.get(listing + "?locale=fr").content.decode()
        assert f'href="{add}?locale=fr"' in html, model
        assert "data-bulk-action-checkbox" in html, model


def test_managers_are_offered_every_action(manager_client, snippets):
    for french, _english in snippets:
        model = type(french)
        html = _listing(manager_client, model)
        for view in ("edit", "copy", "delete"):
            assert f'href="{_url(model, view, french)}"' in html, (model, view)


def _refused(response) -> bool:
    return response.status_code in (302, 403) and (
        response.status_code == 403 or "/edit/" not in response["Location"]
    )


def test_translators_cannot_edit_or_delete_a_french_snippet(
    translator_client, manager_client, snippets
):
    for french, _english in snippets:
        model = type(french)
        before = model.objects.filter(pk=french.pk).values().get()
        for view in ("edit", "delete"):
            url = _url(model, view, french)
            assert _refused(translator_client.get(url)), (model, view)
            assert _refused(translator_client.post(url, {"name": "Piraté"})), (
                model,
                view,
            )
        assert model.objects.filter(pk=french.pk).values().get() == before
    category = snippets[0][0]
    assert manager_client.get(_url(NewsCategory, "edit", category)).status_code == 200
    response = manager_client.post(_url(NewsCategory, "delete", category))
    assert response.status_code == 302
    assert not NewsCategory.objects.filter(pk=category.pk).exists()


def test_the_policy_locks_french_snippets_for_translators_only(
    translator, manager, snippets
):
    from wagtail.permissions import policy_registry

    for french, english in snippets:
        policy = policy_registry.get(french)
        for action in ("change", "delete", "publish"):
            assert not policy.user_has_permission_for_instance(
                translator, action, french
            )
        assert policy.user_has_permission_for_instance(manager, "change", french)
        assert policy.user_has_permission_for_instance(manager, "delete", french)
        if english is not None:
            assert policy.user_has_permission_for_instance(
                translator, "change", english
            )
