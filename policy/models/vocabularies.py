"""The closed vocabularies of the open-data catalogue's datasets: the EU themes
and update frequencies that DCAT-AP asks for, and the licences French public
bodies may choose."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The EU « data theme » vocabulary that DCAT-AP asks for (its codes are the
    last part of the theme's URI)."""

    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    ECON = "ECON", _("Economy and finance")
    EDUC = "EDUC", _("Education, culture and sport")
    ENER = "ENER", _("Energy")
    ENVI = "ENVI", _("Environment")
    GOVE = "GOVE", _("Government and public sector")
    HEAL = "HEAL", _("Health")
    INTR = "INTR", _("International issues")
    JUST = "JUST", _("Justice, legal system and public safety")
    REGI = "REGI", _("Regions and cities")
    SOCI = "SOCI", _("Population and society")
    TECH = "TECH", _("Science and technology")
    TRAN = "TRAN", _("Transport")


class Licence(models.TextChoices):
    """The two licences French public bodies may choose for their data (SPDX
    identifiers)."""

    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    ODBL = "ODbL-1.0", _("Open Database License (ODbL 1.0)")


class Frequency(models.TextChoices):
    """How often a dataset is updated: the EU « frequency » vocabulary's codes."""

    CONT = "CONT", _("continuously")
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL = "ANNUAL", _("annually")
    BIENNIAL = "BIENNIAL", _("every two years")
    IRREG = "IRREG", _("irregularly")
    NEVER = "NEVER", _("never (a closed dataset)")
    UNKNOWN = "UNKNOWN", _("unknown")


LICENCE_URIS = {
    Licence.ETALAB: "https://spdx.org/licenses/etalab-2.0.html",
    Licence.ODBL: "https://spdx.org/licenses/ODbL-1.0.html",
}
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
