"""wagtail-localize's views, with the translators' rule: nothing written in the
source language (home/translation_rights.py).

wagtail-localize asks for its « submit translation » permission and, on a
translation, for the right to change the target: on a page that is the page
tester (home/page_rights.py), which already keeps translators off French pages;
on a snippet it is the model permission alone, which translators have. And
« Translate this » creates the translation in whatever language is chosen, the
source language included, a snippet without drafts going live at once. So, for a
translator (and no other role):

- « Translate this » (page or snippet) does not offer the source language, and
  a submission into it is a form error;
- « Sync translated content » is refused for content translated into the source
  language;
- a translation into the source language is neither edited (strings, overrides,
  PO upload, machine translation), nor read (preview, PO download), nor stopped.

Managers, administrators and translators who also write keep wagtail-localize's
behaviour. The views answer wagtail-localize's own addresses: registered first,
in home/wagtail_hooks.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import submit_translations

from .translation_rights import in_source_language, translates_only


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
