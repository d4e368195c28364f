"""wagtail-localize's PO upload, machine translation and sync views, made safe.

The views keep their addresses (`wagtail_localize:upload_pofile`...): the admin
URLs registered in home/wagtail_hooks.py come first and answer them. What they add:

- the PO file of a translation whose page was deleted answers 404;
- a PO file that is not one, or that was downloaded for another translation, gets
  a message saying so, never a server error; nothing is imported from it;
- a machine-translation server that is down, refuses the API key or answers
  nonsense gets a message, never a server error; nothing is half translated;
- sync's « Publish immediately » is only offered to users who may publish every
  translation it would publish (home/translation/rights.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from urllib.parse import urlsplit

import polib
import requests
from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, update_translations

from home.translation.rights import may_publish_translations

logger = logging.getLogger(__name__)

# A page's PO file is a few kilobytes; anything much larger is not one.
PO_MAX_SIZE = 2 * 1024 * 1024
TRANSLATION_ID = "X-WagtailLocalize-TranslationID"

# What a machine-translation server that is down, refuses us or answers
# something else than LibreTranslate's JSON makes the backend raise.
MACHINE_TRANSLATION_ERRORS = (requests.RequestException, ValueError, KeyError)


def _next_url(request: HttpRequest) -> str:
    return get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")


def _target(translation: Translation):
    """The translated page or snippet; a 404 once it has been deleted."""
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error


def _read_pofile(upload, translation: Translation) -> tuple[polib.POFile | None, str]:
    """The uploaded PO file, or None and the reason to give the translator."""
    if upload is None:
        return None, _("Choose a PO file to upload.")
    if upload.size > PO_MAX_SIZE:
        return None, _("This file is too large to be a page's PO file.")
    content = upload.read()
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None, _("This file is not a PO file (it is not UTF-8 text).")
    # polib reads a file name as well as a file's content: always give it a file,
    # so that an uploaded text can never name a file of the server.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as file:
        file.write(content)
    try:
        po = polib.pofile(file.name)
    except (OSError, UnicodeDecodeError, ValueError):
        po = None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(file.name)
    if po is None or TRANSLATION_ID not in po.metadata:
        return None, _(
            "This file is not a PO file downloaded from this translation: "
            "download it again from the translation's « Download PO file »."
        )
    if po.metadata[TRANSLATION_ID] != str(translation.uuid):
        return None, _(
            "This PO file was downloaded for another translation (another page "
            "or another language): nothing was imported."
        )
    return po, ""


def download_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's download_pofile, answering 404 once the translated page
    or snippet has been deleted (wagtail-localize's raises a server error)."""
    translation = get_object_or_404(Translation, id=translation_id)
    _target(translation)
    return edit_translation.download_pofile(request, translation_id)


@require_POST
def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's upload_pofile, with every bad file answered by a message."""
    translation = get_object_or_404(Translation, id=translation_id)
    instance = _target(translation)
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    po, error = _read_pofile(request.FILES.get("file"), translation)
    if po is None:
        messages.error(request, error)
        return redirect(_next_url(request))
    warnings = translation.import_po(po, user=request.user, tool_name="PO File")
    messages.success(request, _("Successfully imported translations from PO File."))
    if warnings:
        messages.warning(
            request,
            ngettext(
                "%(count)d entry of the file matched no text of this page "
                "(it changed since the download?): it was ignored.",
                "%(count)d entries of the file matched no text of this page "
                "(it changed since the download?): they were ignored.",
                len(warnings),
            )
            % {"count": len(warnings)},
        )
    return redirect(_next_url(request))


def machine_translation_error(error: Exception) -> str:
    """What to tell a translator when the machine-translation server failed."""
    logger.warning("Machine translation failed: %r", error)
    translator = get_machine_translator()
    server = ""
    if translator is not None:
        server = urlsplit(translator.options.get("LIBRETRANSLATE_URL", "")).netloc
    refused = isinstance(error, requests.HTTPError) and getattr(
        error.response, "status_code", None
    ) in (401, 403)
    if refused:
        return _(
            "The machine-translation server %(server)s refused the request "
            "(check LIBRETRANSLATE_API_KEY): nothing was translated."
        ) % {"server": server}
    # requests' JSON errors are ValueErrors too: an answer, just not JSON.
    if isinstance(error, requests.RequestException) and not isinstance(
        error, ValueError
    ):
        return _(
            "The machine-translation server %(server)s could not be reached: "
            "nothing was translated. Try again later, or translate by hand."
        ) % {"server": server}
    return _(
        "The machine-translation server %(server)s gave an answer that could not "
        "be read: nothing was translated."
    ) % {"server": server}


@require_POST
def machine_translate(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's machine_translate, with a server that fails answered by
    a message."""
    _target(get_object_or_404(Translation, id=translation_id))
    try:
        return edit_translation.machine_translate(request, translation_id)
    except MACHINE_TRANSLATION_ERRORS as error:
        messages.error(request, machine_translation_error(error))
        return redirect(_next_url(request))


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Sync, with « Publish immediately » only for those who may publish, and a
    failing machine translation answered by a message (the sync is not applied)."""

    def get_form(self) -> forms.Form:
        form = super().get_form()
        if not may_publish_translations(self.request.user, self.object):
            # A disabled field ignores what is posted: the sync saves drafts.
            field = form.fields["publish_translations"]
            field.disabled = True
            field.initial = False
            field.widget = forms.HiddenInput()
        return form

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except MACHINE_TRANSLATION_ERRORS as error:
            messages.error(self.request, machine_translation_error(error))
            return redirect(self.request.get_full_path())
