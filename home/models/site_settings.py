"""The site's settings: the commune's identity, contact and accounts, edited in
« Settings » for each site."""

from __future__ import annotations

from django.core.validators import (
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from home.blocks import (
    LinkBlock,
    OrganizationBlock,
)
from home.validators import SiretField


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The commune's identity and contact details, shown in the header and footer.

    They read the same in every language (names, addresses, accounts); the one
    text of the header that is translated, the motto, belongs to the home page of
    each language, so translators translate it with that page."""

    commune_name = models.CharField(
        _("commune name"),
        max_length=120,
        default="Ville d'Échirolles",
        help_text=_("Shown in the header, the page titles and structured data."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square or wide; the commune's name is its text alternative."),
    )
    siret = SiretField(
        _("SIRET number"),
        blank=True,
        help_text=_(
            "The commune's 14 digits in the SIRENE register (the town hall's "
            "establishment). The national open-data catalogue (SCDL) requires it; "
            "datasets without a producer SIRET of their own take this one."
        ),
    )
    address = models.TextField(_("postal address"), blank=True)
    # The open-data catalogue's spatial coverage (DCAT-AP dct:spatial): a
    # GeoNames feature, the one vocabulary for places DCAT-AP's shapes accept
    # below the country that data.gouv.fr's harvester does not refuse.
    spatial_identifier = models.CharField(
        _("GeoNames address of the commune"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"^https://sws\.geonames\.org/[1-9][0-9]*/$",
                _("Give an address such as https://sws.geonames.org/3020495/."),
            )
        ],
        help_text=_(
            "The area the open data cover, as the GeoNames address of the commune "
            "(https://sws.geonames.org/<number>/: search the commune on "
            "geonames.org). Portals that harvest the catalogue read it."
        ),
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    social_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("social and federated accounts"),
        blank=True,
        help_text=_("Accounts on Mastodon, PeerTube and others, shown in the footer."),
    )
    member_of = StreamField(
        [("organization", OrganizationBlock())],
        verbose_name=_("member of"),
        blank=True,
        help_text=_(
            "Bodies the commune is a member of (its IT syndicate...), named in the "
            "structured data search engines read."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("commune_name"), FieldPanel("siret"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("spatial_identifier")],
            heading=_("Open data"),
        ),
        FieldPanel("social_links"),
        FieldPanel("member_of"),
    ]

    class Meta:
        verbose_name = _("site settings")
