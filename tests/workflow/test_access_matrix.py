"""The access-control matrix: role × admin URL × method, generated from the URL
conf, so that a view added later is covered without editing this file.

- Anonymous visitors are sent to the login page from every admin URL (but the
  login and password-reset pages themselves).
- Writers and translators cannot reach users, groups, settings, workflows, sites,
  locales, collections or redirects, nor a manager's actions (publishing,
  unpublishing, approving, deleting a menu); managers reach settings and
  redirects, never users, groups, workflows, sites or locales.
- The multi-year accessibility scheme: managers write it, translators translate
  it (never the French one), writers read it.
- Every admin URL answers a writer's GET without a server error."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site, Task

from accessibility.models import Scheme
from home.demo.context import make_image
from home.demo.translation import publish_translation
from home.models import ContentPage, Menu
from home.roles import MANAGERS, TRANSLATORS, WRITERS
from policy.models import (
    ActionPage,
    AxisPage,
    MasterPlanPage,
    ObjectivePage,
    PlanImport,
)
from tests.helpers import add_page
from tests.workflow.conftest import member

pytestmark = pytest.mark.django_db

# Open to anyone: logging in and recovering a password, and the admin's icons and
# interface translations (static files, no data).
PUBLIC = {
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}
# Administration that only administrators (superusers) do.
ADMINISTRATORS_ONLY = (
    "wagtailusers_users:",
    "wagtailusers_groups:",
    "wagtailadmin_workflows:",
    "wagtailsites:",
    "wagtaillocales:",
    "wagtailadmin_collections:",
)
# What managers may do and writers may not (correcting an action's public
# history: policy/history_admin.py; the open data's schemas: policy/schemas_admin.py;
# the log of the spreadsheet imports, and an import by someone else, its preview
# and its state: policy/import_admin.py).
MANAGERS_ONLY = (
    "wagtailsettings:",
    "wagtailredirects:",
    "action_history:",
    "wagtailsnippets_policy_dataschema:",
    "plan_import_log",
    "plan_import_preview",
    "plan_import_state",
)
# Wagtail opens the moderation-stage chooser (used inside the workflow editor) to
# anyone in the admin: it shows the stages' names and creates nothing without the
# permission to add one (tested below). Accepted, and watched.
OPEN_CHOOSERS = {
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chosen",
}
# wagtail-localize's views that home/translation/tools.py answers at the same
# address (they check the same rights, and handle bad input), and those that
# home/translation/localize_rights.py answers (keeping translators off the source
# language).
SHADOWED = {
    "wagtail_localize:submit_page_translation": (
        "localize_rights_submit_page_translation"
    ),
    "wagtail_localize:submit_snippet_translation": (
        "localize_rights_submit_snippet_translation"
    ),
    "wagtail_localize:edit_string_translation": (
        "localize_rights_edit_string_translation"
    ),
    "wagtail_localize:edit_override": "localize_rights_edit_override",
    "wagtail_localize:preview_translation": "localize_rights_preview_translation",
    "wagtail_localize:stop_translation": "localize_rights_stop_translation",
    "wagtail_localize:convert_to_alias": "localize_rights_convert_to_alias",
    "wagtail_localize:download_pofile": "translation_tools_download_pofile",
    "wagtail_localize:upload_pofile": "translation_tools_upload_pofile",
    "wagtail_localize:machine_translate": "translation_tools_machine_translate",
    "wagtail_localize:update_translations": "translation_tools_update_translations",
}
# Wagtail's deliberate server error, to try the admin's error page.
ERROR_TEST = "wagtailadmin_error_test"


@dataclass(frozen=True)
class AdminURL:
    name: str
    route: str
    params: tuple[str, ...]

    def build(self, values: dict[str, str]) -> str:
        return "/" + re.sub(
            r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], self.route
        )


def admin_urls() -> list[AdminURL]:
    """Every named admin URL, its route written out (regex parts made into
    routes with the same parameters)."""
    found = []

    def walk(patterns, route: str, namespace: str) -> None:
        for pattern in patterns:
            part = str(pattern.pattern)
            if isinstance(pattern.pattern, RegexPattern):
                part = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", part)
                part = part.lstrip("^").rstrip("$").replace("\\.", ".")
            if isinstance(pattern, URLResolver):
                prefix = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern.url_patterns, route + part, namespace + prefix)
            elif pattern.name:
                full = route + part
                params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", full))
                found.append(AdminURL(namespace + pattern.name, full, params))

    walk(get_resolver().url_patterns, "", "")
    return [url for url in found if url.route.startswith("admin/")]


ADMIN_URLS = admin_urls()


def url_id(url: AdminURL) -> str:
    return f"{url.name}[{url.route}]"


@pytest.fixture
def objects(home, django_user_model):
    """A real object behind every parameter, so that a refusal is never a 404
    hiding a missing permission check."""
    page = add_page(home, ContentPage(title="Tarifs", slug="tarifs"))
    image = make_image("Plan", "Un plan", seed="matrix")
    document = get_document_model().objects.create(
        title="Délibération", file=ContentFile(b"%PDF-1.4\n", name="deliberation.pdf")
    )
    collection = Collection.get_first_root_node().add_child(name="Service")
    menu = Menu.objects.create(location="footer", locale=home.locale)
    redirect = Redirect.objects.create(old_path="/ancien", redirect_page=page)
    someone = member(django_user_model, "quelquun", WRITERS)
    workflow = Page.get_first_root_node().get_workflow()
    task = Task.objects.first()
    plan = add_page(
        home,
        MasterPlanPage(
            title="Schéma",
            slug="schema",
            introduction="Un plan.",
            period_start=2020,
            period_end=2026,
        ),
    )
    axis = add_page(plan, AxisPage(title="Axe", slug="axe", introduction="Un axe."))
    objective = add_page(
        axis, ObjectivePage(title="Objectif", slug="objectif", introduction="Un but.")
    )
    action = add_page(
        objective, ActionPage(title="Action", slug="action", introduction="Une action.")
    )
    status_change = action.history().get()
    plan_import = PlanImport.objects.create(user=someone, file_name="actions.csv")
    scheme = Scheme.objects.create(
        title="Schéma pluriannuel", start_year=2026, end_year=2028, locale=home.locale
    )
    by_family = {
        "wagtailadmin_pages": page.pk,
        "wagtailusers_users": someone.pk,
        "wagtailusers_groups": Group.objects.get(name=WRITERS).pk,
        "wagtailadmin_workflows": workflow.pk,
        "wagtailsites": Site.objects.first().pk,
        "wagtaillocales": Locale.objects.first().pk,
        "wagtailadmin_collections": collection.pk,
        "wagtailsnippets_home_menu": menu.pk,
        "wagtailsnippets_accessibility_scheme": scheme.pk,
        "wagtailsettings": Site.objects.first().pk,
        "wagtailimages": image.pk,
        "wagtaildocs": document.pk,
        "action_history": status_change.pk,
        "plan_import_preview": plan_import.pk,
        "plan_import_state": plan_import.pk,
    }
    values = {
        "page_id": page.pk,
        "page_pk": page.pk,
        "parent_page_id": home.pk,
        "page_to_move_id": page.pk,
        "destination_id": home.pk,
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "collection_id": collection.pk,
        "redirect_id": redirect.pk,
        "revision_id": page.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_id": task.pk,
        "workflow_pk": workflow.pk,
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
        "content_type_app_name": "home",
        "content_type_model_name": "contentpage",
        "action_name": "approve",
        "action": "approve",
        "filter_spec": "original",
        "mode": "form",
    }
    return by_family, {k: str(v) for k, v in values.items()}


def concrete(url: AdminURL, objects) -> str:
    by_family, values = objects
    family = url.name.split(":")[0]
    values = dict(values)
    values.setdefault("pk", "1")
    values["pk"] = str(by_family.get(family, values["pk"]))
    values.setdefault("object_id", values["pk"])
    if family == "wagtailsettings":
        values.update(app_name="home", model_name="sitesettings")
    if "task" in url.name and family == "wagtailadmin_workflows":
        values["pk"] = values["task_id"]
    for param in url.params:
        values.setdefault(param, "1")
    return url.build(values)


def denied(response) -> bool:
    """Wagtail refuses with a 403 or by sending back to the dashboard; a view
    that filters objects by permission answers 404 (every parameter names a real
    object); a POST-only view answers a GET with 405 (the POST is checked too)."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def test_the_matrix_covers_the_whole_admin(objects):
    """Every generated address resolves to the view it was built from: a new
    view is in the matrix as soon as it is in the URL conf."""
    assert len(ADMIN_URLS) > 200
    for url in ADMIN_URLS:
        match = resolve(concrete(url, objects))
        name = f"{match.namespace}:{match.url_name}".lstrip(":")
        assert name == SHADOWED.get(url.name, url.name), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_login_page(objects, method):
    client = Client()
    login = reverse("wagtailadmin_login")
    wrong = []
    for url in ADMIN_URLS:
        if url.name in PUBLIC:
            continue
        address = concrete(url, objects)
        response = getattr(client, method)(address)
        redirected = response.status_code == 302 and response["Location"].startswith(
            login
        )
        # The admin's JSON API refuses instead of redirecting.
        if not (redirected or response.status_code in (401, 403)):
            wrong.append((address, response.status_code))
    assert wrong == [], "\n".join(map(str, wrong))


def role_client(django_user_model, role: str | None, superuser: bool = False):
    user = member(django_user_model, f"role-{role or 'admin'}", role)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "forbidden"),
    [
        (WRITERS, ADMINISTRATORS_ONLY + MANAGERS_ONLY),
        (TRANSLATORS, ADMINISTRATORS_ONLY + MANAGERS_ONLY),
        (MANAGERS, ADMINISTRATORS_ONLY),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_each_role_is_refused_what_it_may_not_do(
    objects, django_user_model, role, forbidden, method
):
    client = role_client(django_user_model, role)
    wrong = []
    checked = 0
    for url in ADMIN_URLS:
        if not url.name.startswith(forbidden) or url.name in OPEN_CHOOSERS:
            continue
        address = concrete(url, objects)
        response = getattr(client, method)(address)
        checked += 1
        if not denied(response):
            wrong.append((address, response.status_code))
    assert checked > 40
    assert wrong == [], "\n".join(map(str, wrong))


def test_managers_reach_settings_and_redirects(objects, django_user_model):
    client = role_client(django_user_model, MANAGERS)
    site = Site.objects.first()
    for address in (
        reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk]),
        reverse("wagtailredirects:index"),
        reverse("wagtailredirects:add"),
    ):
        assert client.get(address).status_code == 200, address


def test_writers_leave_snippets_without_drafts_to_managers(objects, django_user_model):
    """A category or an awarding body is live once saved: no draft to approve."""
    writer = role_client(django_user_model, WRITERS)
    manager = role_client(django_user_model, MANAGERS)
    for name in (
        "wagtailsnippets_news_newscategory:add",
        "wagtailsnippets_policy_awardingbody:add",
    ):
        assert denied(writer.get(reverse(name))), name
        assert manager.get(reverse(name)).status_code == 200, name
    # Writers still write awards, choosing their awarding body.
    assert writer.get(reverse("wagtailsnippets_policy_award:add")).status_code == 200
    chooser = reverse("wagtailsnippetchoosers_policy_awardingbody:choose")
    assert writer.get(chooser).status_code == 200


SCHEME_VIEWS = ("list", "inspect", "translate", "edit translation", "add in English")
SCHEME_SOURCE = ("edit", "delete", "add", "delete translation")


@pytest.mark.parametrize(
    ("role", "reaches"),
    [
        (WRITERS, ("list", "inspect")),
        (TRANSLATORS, SCHEME_VIEWS),
        (MANAGERS, SCHEME_VIEWS + SCHEME_SOURCE),
    ],
)
def test_the_accessibility_scheme_is_translated_by_translators(
    objects, django_user_model, role, reaches
):
    """Managers write the multi-year scheme; translators translate it with
    wagtail-localize (« Traduire », then the translation editor) and never
    change the French one; writers read it (docs/permissions.md)."""
    by_family, _values = objects
    french = Scheme.objects.get(pk=by_family["wagtailsnippets_accessibility_scheme"])
    translated = Scheme.objects.create(
        title="Schéma traduit", start_year=2023, end_year=2025, locale=french.locale
    )
    english = publish_translation(translated, {"title": "Translated scheme"}, "en")
    views = "wagtailsnippets_accessibility_scheme"
    addresses = {
        "list": reverse(f"{views}:list"),
        "inspect": reverse(f"{views}:inspect", args=[french.pk]),
        "translate": reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["accessibility", "scheme", french.pk],
        ),
        "edit translation": reverse(f"{views}:edit", args=[english.pk]),
        "add in English": reverse(f"{views}:add") + "?locale=en",
        "edit": reverse(f"{views}:edit", args=[french.pk]),
        "delete": reverse(f"{views}:delete", args=[french.pk]),
        "add": reverse(f"{views}:add"),
        "delete translation": reverse(f"{views}:delete", args=[english.pk]),
    }
    client = role_client(django_user_model, role)
    for name, address in addresses.items():
        response = client.get(address)
        if name in reaches:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code in (302, 403, 404, 405), name
            assert response.get("Location") != address, name
    editor = client.get(addresses["edit translation"])
    if "edit translation" in reaches:
        assert editor.templates[0].name == (
            "wagtail_localize/admin/edit_translation.html"
        )
    else:
        assert denied(editor)
        # Nor submitted for translation by whoever may not translate.
        before = Scheme.objects.count()
        response = client.post(addresses["translate"], {"locales": [english.locale_id]})
        assert denied(response)
        assert Scheme.objects.count() == before


@pytest.mark.parametrize("role", [WRITERS, TRANSLATORS])
def test_writers_cannot_take_a_managers_actions(objects, django_user_model, role):
    by_family, _values = objects
    page = by_family["wagtailadmin_pages"]
    menu = by_family["wagtailsnippets_home_menu"]
    client = role_client(django_user_model, role)
    for address in (
        reverse("wagtailadmin_pages:unpublish", args=[page]),
        reverse("wagtailadmin_pages:delete", args=[page]),
        reverse("wagtailadmin_pages:move", args=[page]),
        reverse("wagtailsnippets_home_menu:delete", args=[menu]),
        reverse("wagtailsnippets_home_menu:unpublish", args=[menu]),
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            assert denied(response), (address, method, response.status_code)
    assert ContentPage.objects.get(pk=page).live
    assert Menu.objects.filter(pk=menu).exists()


def test_every_admin_url_answers_a_writer_without_a_server_error(
    objects, django_user_model
):
    client = role_client(django_user_model, WRITERS)
    client.raise_request_exception = False
    errors = []
    for url in ADMIN_URLS:
        if url.name == ERROR_TEST:
            continue
        address = concrete(url, objects)
        status = client.get(address).status_code
        if status >= 500:
            errors.append((address, status))
    assert errors == []


def test_administrators_reach_the_administration(objects, django_user_model):
    client = role_client(django_user_model, None, superuser=True)
    for name in (
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailadmin_workflows:index",
        "wagtailsites:index",
        "wagtaillocales:index",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def test_the_open_stage_chooser_creates_nothing(objects, django_user_model):
    client = role_client(django_user_model, WRITERS)
    before = Task.objects.count()
    response = client.post(
        reverse("wagtailadmin_workflows:task_chooser_create")
        + "?create_model=wagtailcore.groupapprovaltask",
        {"create-task-name": "Étape pirate", "create-task-groups": []},
    )
    assert response.status_code in (400, 403, 404)
    assert Task.objects.count() == before
