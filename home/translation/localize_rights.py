"""wagtail-localize's views, with the translators' rule: nothing written in the
source language (home/translation/rights.py).

wagtail-localize asks for its « submit translation » permission and, on a
translation, for the right to change the target: on a page that is the page
tester (home/editorial/page_rights.py), which already keeps translators off French
pages; on a snippet it is the model permission alone, which translators have. And
« Translate this » creates the translation in whatever language is chosen, the
source language included, a snippet without drafts going live at once. So, for a
translator (and no other role):

- « Translate this » (page or snippet) does not offer the source language, and
  a submission into it is a form error;
- « Sync translated content » is refused for content translated into the source
  language;
- a translation into the source language is neither edited (strings, overrides,
  PO upload, machine translation), nor read (preview, PO download), nor stopped;
- « Convert to alias page », which throws the translation away for a copy of
  the source, is neither offered in the translation editor nor answered;
- the translation editor says what happens next: strings are saved as they are
  typed, and a manager publishes the translation (translators do not publish),
  or, for a snippet without drafts, their « Publish » puts it online at once.

For everyone, « Convert to alias page » is never the editor's main button (the
last action wagtail-localize adds becomes the button, the others go in the
menu): it is left out when nothing else would follow it.

Managers, administrators and translators who also write keep wagtail-localize's
behaviour. The views answer wagtail-localize's own addresses: registered first,
in home/wagtail_hooks.py."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import convert, edit_translation, submit_translations

from home.translation.rights import in_source_language, translates_only


def translation_into_source(translation_id: int) -> bool:
    translation = get_object_or_404(Translation, pk=translation_id)
    return in_source_language(translation.target_locale_id)


def off_source_translations(view: Callable) -> Callable:
    """Refuse a translator a view on a translation into the source language."""

    @wraps(view)
    def guarded(request: HttpRequest, translation_id: int, *args, **kwargs):
        if translates_only(request.user) and translation_into_source(translation_id):
            raise PermissionDenied
        return view(request, *args, translation_id=translation_id, **kwargs)

    return guarded


def off_source_updates(view: Callable) -> Callable:
    """Refuse a translator the sync of content translated into the source
    language (it may write the source-language translations)."""

    @wraps(view)
    def guarded(request: HttpRequest, translation_source_id: int, *args, **kwargs):
        if translates_only(request.user):
            source = get_object_or_404(TranslationSource, pk=translation_source_id)
            if source.translations.filter(
                enabled=True, target_locale=Locale.get_default()
            ).exists():
                raise PermissionDenied
        return view(
            request, *args, translation_source_id=translation_source_id, **kwargs
        )

    return guarded


class OffSourceMixin:
    """« Translate this » without the source language, for translators."""

    def get_form(self):
        form = super().get_form()
        if translates_only(self.request.user):
            field = form.fields["locales"]
            field.queryset = field.queryset.exclude(pk=Locale.get_default().pk)
        return form


class SubmitPageTranslationView(
    OffSourceMixin, submit_translations.SubmitPageTranslationView
):
    pass


class SubmitSnippetTranslationView(
    OffSourceMixin, submit_translations.SubmitSnippetTranslationView
):
    pass


submit_page_translation: Callable[..., HttpResponse] = (
    SubmitPageTranslationView.as_view()
)
submit_snippet_translation: Callable[..., HttpResponse] = (
    SubmitSnippetTranslationView.as_view()
)


def convert_to_alias(request: HttpRequest, page_id: int) -> HttpResponse:
    """wagtail-localize's « Convert to alias page », refused to translators."""
    if translates_only(request.user):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


CONVERT_ACTION = "localize-convert-to-alias"
# The props wagtail-localize 1.14.5's editor view writes (tests/test_upgrade_guards.py).
PROPS = re.compile(r'(class="js-translation-editor" data-props=")([^"]*)(")')
# The editor's actions that wagtail-localize adds after « Convert to alias page »
# (its permission names): with none of them, the conversion would be the button.
LATER_ACTIONS = ("canDelete", "canLock", "canUnlock", "canUnpublish", "canPublish")


def _editor_props(props: dict, request: HttpRequest) -> dict:
    links, perms = props.get("links", {}), props.get("perms", {})
    if links.get("convertToAliasUrl") and (
        translates_only(request.user)
        or not any(perms.get(name) for name in LATER_ACTIONS)
    ):
        links["convertToAliasUrl"] = None
    return props


def _rewrite_props(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    content = response.content.decode(response.charset)

    def rewrite(match: re.Match) -> str:
        props = _editor_props(json.loads(html.unescape(match[2])), request)
        return match[1] + html.escape(json.dumps(props)) + match[3]

    response.content = PROPS.sub(rewrite, content, count=1)
    return response


def translation_editor(request: HttpRequest, instance) -> HttpResponse | None:
    """`before_edit_page` / `before_edit_snippet`, registered before
    wagtail-localize's: on a translation it edits, its editor (as
    wagtail-localize shows it), with the rules above. Other requests are left to
    the next hooks."""
    if request.method != "GET" or not isinstance(instance, TranslatableMixin):
        return None  # Untranslatable snippets (data schemas) have no translation.
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source")
        .first()
    )
    if translation is None or translation.source.locale_id == instance.locale_id:
        return None
    if translates_only(request.user):
        if isinstance(instance, DraftStateMixin):  # pages, snippets with drafts
            next_step = gettext(
                "Each text you translate is saved as you type it. A manager then "
                "publishes the translation: until then, the site shows its "
                "published version."
            )
        else:
            # A snippet without drafts (a news category, an awarding body, the
            # accessibility scheme): translators publish its translation.
            next_step = gettext(
                "Each text you translate is saved as you type it. This content "
                "has no drafts: « Publish » puts the translation on the site at "
                "once."
            )
        messages.info(request, next_step)
    response = edit_translation.edit_translation(request, translation, instance)
    if isinstance(instance, Page) and response.status_code == 200:
        return _rewrite_props(response, request)
    return response


def page_action_menu(menu_items: list, request: HttpRequest, context: dict) -> None:
    """`construct_page_action_menu`: wagtail-localize's « Convert to alias page »
    (on a page whose synced translation was stopped) goes last, never as the
    main button, and is not offered to translators."""
    conversions = [item for item in menu_items if item.name == CONVERT_ACTION]
    for item in conversions:
        menu_items.remove(item)
    if not translates_only(request.user) and menu_items:
        menu_items.extend(conversions)
