"""Admin forms hardened against files that only pretend to be images."""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


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


class ImageForm(BaseImageForm):
    file = CheckedImageField(label=capfirst(_("file")))
