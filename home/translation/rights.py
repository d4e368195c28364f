"""What translators may do: translate and edit the translations, never the source.

Translators (home.roles.TRANSLATORS) have the writers' page and snippet
permissions, so that they can edit the translated pages and snippets. Wagtail's
permissions follow the page tree, not the language, so the hooks below (registered
in home/wagtail_hooks.py) keep them off the source — the pages and snippets in the
default language (French), which every translation is made from: editing,
creating, deleting or reverting one, one by one or in bulk, sends them back with
a message; so does copying or moving any page, which could land in the source
tree (their page permissions are given on the root). Publishing is a manager's
permission they do not have (pages and snippets alike); sync's « Publish
immediately » is hidden from whoever may not publish (home/translation/tools.py).

wagtail-localize's own views (« Translate this », sync, the translation editor's
endpoints) are kept off the source language by home/translation/localize_rights.py; the
whole matrix is in docs/permissions.md.

A translator who is also a writer or a manager keeps that role's rights."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import TranslationSource

from home.roles import MANAGERS, TRANSLATORS, WRITERS


def translates_only(user) -> bool:
    """True for a member of the translators' group and of no other editorial role
    (kept on the user object for the request)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_translates_only", None)
    if cached is None:
        roles = set(user.groups.values_list("name", flat=True))
        cached = TRANSLATORS in roles and not roles & {WRITERS, MANAGERS}
        user._translates_only = cached
    return cached


def in_source_language(locale_id: int | None) -> bool:
    """Content in the default language is the source of every translation."""
    return locale_id == Locale.get_default().pk


def source_locked(user, instance) -> bool:
    """Whether `instance` is translatable content in the source language that
    `user`, a translator only, may translate but never change. The rule of the
    snippet hooks below and of the snippets' permission policy
    (home/editorial/snippet_rights.py)."""
    return (
        isinstance(instance, TranslatableMixin)
        and translates_only(user)
        and in_source_language(instance.locale_id)
    )


def _refuse(request: HttpRequest, back_to: str) -> HttpResponse:
    messages.error(
        request,
        _(
            "Translators do not change content in the source language: translate "
            "it instead (« Translate this page », then edit the translation)."
        ),
    )
    return redirect(back_to)


def _explorer(page: Page) -> str:
    parent = page.get_parent()
    if parent is None:
        return reverse("wagtailadmin_explore_root")
    return reverse("wagtailadmin_explore", args=[parent.pk])


def _refused_page(request: HttpRequest, page: Page) -> HttpResponse | None:
    if translates_only(request.user) and in_source_language(page.locale_id):
        return _refuse(request, _explorer(page))
    return None


# Page hooks: editing (and reverting to a revision), creating under a source
# page, deleting, converting an alias; copying and moving.


def before_edit_page(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _refused_page(request, page)


def before_create_page(
    request: HttpRequest, parent_page: Page, page_class: type
) -> HttpResponse | None:
    if translates_only(request.user) and in_source_language(parent_page.locale_id):
        return _refuse(request, reverse("wagtailadmin_explore", args=[parent_page.pk]))
    return None


def before_copy_page(request: HttpRequest, page: Page) -> HttpResponse | None:
    """A copy or a move may land in the source tree (the translators' page
    permissions are given on the root): translators do neither."""
    if translates_only(request.user):
        messages.error(request, _("Translators do not copy or move pages."))
        return redirect(_explorer(page))
    return None


def before_move_page(
    request: HttpRequest, page: Page, destination: Page | None = None
) -> HttpResponse | None:
    return before_copy_page(request, page)


def before_delete_page(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _refused_page(request, page)


def before_convert_alias_page(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _refused_page(request, page)


# Snippet hooks: editing (and reverting), creating in the source language, deleting.


def _snippets_listing(model: type) -> str:
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"
    )


def before_edit_snippet(request: HttpRequest, instance) -> HttpResponse | None:
    if source_locked(request.user, instance):
        return _refuse(request, _snippets_listing(type(instance)))
    return None


def before_create_snippet(request: HttpRequest, model: type) -> HttpResponse | None:
    if not issubclass(model, TranslatableMixin) or not translates_only(request.user):
        return None
    code = request.GET.get("locale")
    locale = Locale.objects.filter(language_code=code).first() if code else None
    if locale is None or in_source_language(locale.pk):
        return _refuse(request, _snippets_listing(model))
    return None


def before_delete_snippet(
    request: HttpRequest, instances: Iterable
) -> HttpResponse | None:
    instances = list(instances)
    if any(source_locked(request.user, instance) for instance in instances):
        return _refuse(request, _snippets_listing(type(instances[0])))
    return None


def before_bulk_action(
    request: HttpRequest, action_type: str, objects: Iterable, action
) -> HttpResponse | None:
    """Bulk actions follow the same rules: nothing on the source, no page moved."""
    if not translates_only(request.user):
        return None
    objects = list(objects)
    moves_pages = action_type == "move" and any(isinstance(o, Page) for o in objects)
    touches_source = any(
        isinstance(o, Page | TranslatableMixin) and in_source_language(o.locale_id)
        for o in objects
    )
    if moves_pages or touches_source:
        back_to = get_valid_next_url_from_request(request)
        return _refuse(request, back_to or reverse("wagtailadmin_home"))
    return None


def may_publish_translations(user, source: TranslationSource) -> bool:
    """Whether `user` may publish every translation of `source` that a sync with
    « Publish immediately » would publish."""
    if user.is_superuser:
        return True
    for translation in source.translations.filter(enabled=True):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            continue
        if isinstance(target, Page):
            allowed = target.permissions_for_user(user).can_publish()
        else:
            # A snippet without drafts is live once saved.
            action = "publish" if isinstance(target, DraftStateMixin) else "change"
            allowed = user.has_perm(get_permission_name(action, type(target)))
        if not allowed:
            return False
    return True
