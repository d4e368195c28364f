"""Admin forms hardened against files that only pretend to be images or
documents, and the admin's sign-in form."""

import logging

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

# What a storage that fails raises: a full or read-only disk, a lost network
# volume (OSError), an object storage that does not answer (botocore's errors).
STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError,)
try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - django-storages[s3] is a dependency
    pass
else:
    STORAGE_ERRORS += (BotoCoreError, ClientError)


class StoredFileMixin:
    """The uploaded file is written to the media storage while the form validates,
    once every other check passed: a storage that fails is then a form error in
    every upload view (single and multiple, images and documents) rather than a
    server error, and no row is ever written for a file that was not stored."""

    storage_error_message = _(
        "The file could not be stored: the media storage did not answer. "
        "Nothing was saved; please try again in a moment."
    )

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or "file" not in self.changed_data:
            return
        file = self.instance.file
        if not file or file._committed:
            return
        try:
            file.save(file.name, file.file, save=False)
        except STORAGE_ERRORS as error:
            logger.warning("Upload of %s not stored: %s", file.name, error)
            self.add_error(
                "file",
                ValidationError(self.storage_error_message, code="storage_failed"),
            )


class CheckedImageField(WagtailImageField):
    """Wagtail trusts a file's first bytes: a truncated or corrupt PNG/JPEG then
    makes Pillow raise while its size is read, a server error. Turn that into
    the form error residents' editors expect."""

    def check_image_pixel_size(self, f) -> None:
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(StoredFileMixin, BaseImageForm):
    file = CheckedImageField(label=capfirst(_("file")))


# What the first bytes of an accepted document must look like, by extension:
# a file renamed to pass the extension check is refused.
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "zip": ZIP_SIGNATURES,
    "xlsx": ZIP_SIGNATURES,
    "docx": ZIP_SIGNATURES,
    "ods": ZIP_SIGNATURES,
    "odt": ZIP_SIGNATURES,
    "odp": ZIP_SIGNATURES,
}
TEXT_EXTENSIONS = {"csv", "txt", "json", "geojson"}
JSON_EXTENSIONS = {"json", "geojson"}
DEFAULT_DOCUMENT_MAX_SIZE = 50 * 1024 * 1024


def content_matches_extension(head: bytes, extension: str) -> bool:
    """Whether a file's first bytes fit its extension: signatures for binary
    formats, text without NUL bytes for tables, `{` or `[` first for JSON."""
    extension = extension.lower()
    if extension in DOCUMENT_SIGNATURES:
        return head.startswith(DOCUMENT_SIGNATURES[extension])
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            return False
        if extension in JSON_EXTENSIONS:
            text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
            return text[:1] in (b"{", b"[")
    return True


class DocumentForm(StoredFileMixin, BaseDocumentForm):
    """Documents no larger than WAGTAILDOCS_MAX_UPLOAD_SIZE (50 MB unless set),
    whose content matches their extension: a form error, not a file served to
    residents under a false type."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file or "file" not in self.changed_data:
            return file
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        limit = DEFAULT_DOCUMENT_MAX_SIZE if limit is None else limit
        if file.size > limit:
            raise ValidationError(
                _("Documents larger than %(size)s cannot be uploaded.")
                % {"size": filesizeformat(limit)},
                code="file_too_large",
            )
        extension = file.name.rsplit(".", 1)[-1] if "." in file.name else ""
        file.seek(0)
        head = file.read(8192)
        file.seek(0)
        if not content_matches_extension(head, extension):
            raise ValidationError(
                _("The file's content does not match its extension (.%(extension)s).")
                % {"extension": extension.lower()},
                code="content_mismatch",
            )
        return file


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) with its password
    field labelled. Wagtail 8 redeclares Django's password field without a label,
    so Django shows the field's name, « Password », in every language; Django's
    own label is translated (« Mot de passe »). Reported upstream (docs/upstream.md)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = AuthenticationForm.base_fields["password"].label
