"""The blocks of an event: who organises it, and what it left behind."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class OrganiserBlock(blocks.StructBlock):
    """An organiser or a partner: the commune, an association, a company."""

    name = blocks.CharBlock(label=_("Name"), max_length=200)
    url = blocks.URLBlock(label=_("Website"), required=False)
    role = blocks.ChoiceBlock(
        label=_("Role"),
        choices=[("organiser", _("Organiser")), ("partner", _("Partner"))],
        default="organiser",
    )

    class Meta:
        icon = "group"
        label = _("Organiser or partner")


class MaterialLinkBlock(blocks.StructBlock):
    """Slides, a replay, photos or a report of a past event."""

    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("What readers will find, e.g. « Replay of the opening talk »."),
    )
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")


class OrganisersBlock(blocks.StreamBlock):
    organiser = OrganiserBlock()


class MaterialsBlock(blocks.StreamBlock):
    link = MaterialLinkBlock()
