"""Form pages that editors build (Wagtail's form builder): a contact form, a
workshop or event sign-up with a number of places, any simple request.

A form page sets no cookie: it is protected by a signed token, the browser's
`Origin` and `Sec-Fetch-Site`, a honeypot and limits (contact/protection.py).
Each reader gets a token of their own, so a form page is never stored by the
page cache nor by any shared cache (`Cache-Control: private, no-store`).

What residents send is personal data: each form says what it is for, who reads
it, how long it is kept (`retention_months`, after which the
`purge_form_submissions` command deletes it) and links to the privacy page.
The e-mail to the service only says that something arrived, with a link to the
admin; the resident's confirmation e-mail says that it was received, and never
repeats what was typed (nobody can use the form to send a text of their choice
to someone else's address).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    AbstractFormField,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from home.caching.fragments import fragment
from home.models import SitePage

from . import protection
from .forms import (
    AUTOCOMPLETE_CHOICES,
    CONFIRMATION_FIELD,
    FormPageForm,
    ResidentFormBuilder,
    confirmation_field,
)
from .protection import Refusal

DEFAULT_RETENTION_MONTHS = 12


class FormField(TranslatableMixin, AbstractFormField):
    """A field of a form page, in the order editors give. Translated with its
    page (its label, help text and choices); its name, which the answers are
    stored under, stays the source's in every language."""

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")
    autocomplete = models.CharField(
        _("filled in by the browser as"),
        max_length=20,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text=_(
            "What the field asks for, so that browsers can fill it in: required "
            "for a name, an e-mail address, a telephone or a postal address."
        ),
    )

    panels = [*AbstractFormField.panels, FieldPanel("autocomplete")]
    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("autocomplete"),
        SynchronizedField("required"),
    ]
    # The API describes the form page, never what residents sent.
    api_fields = [
        APIField("clean_name"),
        APIField("label"),
        APIField("field_type"),
        APIField("help_text"),
        APIField("required"),
        APIField("choices"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


class FormPage(EmailFormMixin, FormMixin, SitePage):
    """A form residents fill in: contact the town hall, sign up for a workshop
    or an event, any simple request. Editors list its fields; the page says
    why the data is collected, who reads it and how long it is kept."""

    thank_you_text = models.TextField(
        _("confirmation text"),
        help_text=_(
            "Shown once the form is sent, and in the confirmation e-mail: what "
            "happens next, and when the resident can expect an answer."
        ),
    )
    purpose = models.TextField(
        _("purpose"),
        max_length=600,
        help_text=_(
            "Why these data are collected, in one or two sentences: « to answer "
            "your message », « to register you for the workshop »."
        ),
    )
    recipients = models.CharField(
        _("who reads it"),
        max_length=255,
        help_text=_("The service that reads the answers, e.g. « the digital team »."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("kept for (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Answers older than this are deleted automatically. Keep it as short "
            "as the service needs (12 months by default)."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The page on personal data that the form links to (required to "
            "publish the form)."
        ),
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_up_forms",
        help_text=_(
            "For a sign-up form: the event it is for. The form closes when the "
            "event starts."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "For a sign-up form: the number of places. The form closes once as "
            "many forms have been received. Leave empty for no limit."
        ),
    )
    confirmation_email = models.BooleanField(
        _("offer a confirmation e-mail"),
        default=False,
        help_text=_(
            "Residents who give an e-mail address (an « E-mail » field) may tick "
            "a box to receive the confirmation text by e-mail."
        ),
    )

    base_form_class = FormPageForm
    form_builder = ResidentFormBuilder
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("purpose"),
                FieldPanel("recipients"),
                FieldPanel("retention_months"),
                PageChooserPanel("privacy_page"),
            ],
            heading=_("Personal data"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("event", "events.EventPage"),
                FieldPanel("capacity"),
            ],
            heading=_("Sign-up"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("confirmation_email"),
                FieldRowPanel([FieldPanel("to_address"), FieldPanel("subject")]),
            ],
            heading=_("E-mails"),
        ),
        FormSubmissionsPanel(),
    ]
    api_fields = [
        *SitePage.api_fields,
        APIField("form_fields"),
        APIField("purpose"),
        APIField("recipients"),
        APIField("retention_months"),
        APIField("capacity"),
    ]

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    # What the form is, for the page.

    def email_field_name(self, fields=None) -> str | None:
        for field in self.get_form_fields() if fields is None else fields:
            if field.field_type == "email":
                return field.clean_name or field.get_field_clean_name()
        return None

    def get_form_class(self):
        # As Wagtail's, with the fields read once for both.
        fields = list(self.get_form_fields())
        form_class = self.form_builder(fields).get_form_class()
        if self.confirmation_email and self.email_field_name(fields):
            form_class.base_fields[CONFIRMATION_FIELD] = confirmation_field()
        return form_class

    def get_submissions_list_view_class(self):
        from .admin_views import FormSubmissionsView

        return FormSubmissionsView

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.get_submissions().count())

    def closed_reason(self) -> str | None:
        """Why the form takes no more answers, None while it is open."""
        if self.capacity is not None and self.places_left() == 0:
            return gettext("All places have been taken: sign-ups are closed.")
        event = self.event
        if event is not None and event.start <= timezone.now():
            return gettext("The event has started: sign-ups are closed.")
        return None

    def localized_privacy_page(self) -> Page | None:
        page = self.privacy_page
        if page is None:
            return None
        page = page.localized
        return page if page.live else None

    # Serving: no cookie, a token per reader, never stored by a cache.

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            response = self.serve_post(request)
        else:
            response = self.render_form(request, self.get_form(page=self))
        patch_cache_control(response, private=True, no_store=True)
        return response

    def serve_post(self, request: HttpRequest) -> HttpResponse:
        refusal = (
            protection.check_size(request)
            or protection.check_origin(request)
            or protection.check_rate(request, self.pk)
        )
        if refusal:
            return self.refuse(request, refusal)
        closed = self.closed_reason()
        if closed:
            return self.refuse(request, Refusal(409, closed, keep_data=False))
        token = protection.read_token(
            request.POST.get(protection.TOKEN_FIELD, ""), self.pk
        )
        refusal = (
            protection.check_token(token)
            or protection.use_token(token)
            or protection.check_honeypot(request)
        )
        if refusal:
            return self.refuse(request, refusal, token)
        form = self.get_form(request.POST, page=self)
        if not form.is_valid():
            return self.render_form(request, form, issued=token.issued)
        submission = self.process_form_submission(form)
        return self.render_landing_page(request, submission)

    def refuse(
        self, request: HttpRequest, refusal: Refusal, token=None
    ) -> HttpResponse:
        """The form again, with what went wrong at its top, and what the
        resident typed when it is worth keeping."""
        initial = {}
        if refusal.keep_data:
            initial = {
                key: values if len(values) > 1 else values[0]
                for key, values in request.POST.lists()
                if key not in protection.RESERVED_NAMES
            }
        form = self.get_form(page=self, initial=initial)
        # A token too young keeps its time: sent again, it is no longer too young.
        issued = token.issued if token and refusal.status == 400 else None
        response = self.render_form(
            request, form, refusal=refusal.message, issued=issued
        )
        response.status_code = refusal.status
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response

    def render_form(
        self, request: HttpRequest, form, *, refusal=None, issued: int | None = None
    ) -> TemplateResponse:
        context = self.get_context(request)
        closed = self.closed_reason()
        context.update(
            form=form,
            refusal=refusal,
            closed=closed,
            token=protection.issue_token(self.pk, issued),
            token_field=protection.TOKEN_FIELD,
            honeypot_field=protection.HONEYPOT_FIELD,
        )
        return TemplateResponse(request, self.get_template(request), context)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # The pages it links to, once per content generation (the form itself
        # and its token are the reader's, never cached).
        context["privacy_page"], context["event"] = fragment(
            request,
            lambda: (
                self.localized_privacy_page(),
                self.event.localized if self.event_id else None,
            ),
            "form-links",
            self.pk,
        )
        context["places_left"] = self.places_left()
        return context

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.render_form(request, self.get_form(page=self))

    # What is kept and who is told.

    def process_form_submission(self, form):
        data = dict(form.cleaned_data)
        wants_confirmation = data.pop(CONFIRMATION_FIELD, False)
        submission = self.get_submission_class().objects.create(
            form_data=data, page=self
        )
        if self.to_address:
            self.send_mail(form)
        address = data.get(self.email_field_name() or "")
        if self.confirmation_email and wants_confirmation and address:
            self.send_confirmation(address)
        return submission

    def render_email(self, form) -> str:
        """The service's notification: that an answer arrived and where to read
        it, nothing of what the resident typed (it stays in the site, deleted
        at the end of its retention period; a mailbox keeps it forever)."""
        listing = reverse("wagtailforms:list_submissions", args=[self.pk])
        with translation.override(settings.LANGUAGE_CODE):
            return gettext(
                "A new answer to the form « %(title)s » was received on "
                "%(date)s.\n\nRead it in the administration (sign-in "
                "required):\n%(url)s\n"
            ) % {
                "title": self.title,
                "date": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                "url": f"{settings.WAGTAILADMIN_BASE_URL}{listing}",
            }

    def send_mail(self, form) -> None:
        addresses = [x.strip() for x in self.to_address.split(",")]
        with translation.override(settings.LANGUAGE_CODE):
            subject = self.subject or gettext("New answer: %(title)s") % {
                "title": self.title
            }
        send_mail(
            subject,
            self.render_email(form),
            self.from_address or settings.DEFAULT_FROM_EMAIL,
            addresses,
        )

    def send_confirmation(self, address: str) -> None:
        subject = gettext("We received your form: %(title)s") % {"title": self.title}
        body = "\n\n".join(
            [
                self.thank_you_text,
                gettext(
                    "You receive this e-mail because this address was given in "
                    "the form « %(title)s » of %(site)s, asking for a "
                    "confirmation. If it was not you, you may ignore it."
                )
                % {"title": self.title, "site": self.get_site().hostname},
            ]
        )
        send_mail(
            subject,
            body,
            self.from_address or settings.DEFAULT_FROM_EMAIL,
            [address],
        )

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        response = super().render_landing_page(request, form_submission)
        patch_cache_control(response, private=True, no_store=True)
        return response
