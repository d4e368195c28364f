"""The digital master plan: the plan, its axes, objectives and actions, all pages;
the awards and labels the commune received; the open-data catalogue.

A package: one module per concern (the plan and the levels above the actions;
the actions, their status and its history; the awards and their page; the
open-data catalogue, its datasets' files and vocabularies; the data schemas)."""

from .action import ActionIndicator, ActionNewsLink, ActionPage
from .awards import Award, AwardingBody, AwardMention
from .awards_page import AwardsPage
from .history import ActionStatusChange, Correction, IndicatorValueChange
from .imports import PlanImport
from .opendata import DatasetPage, OpenDataPage
from .plan import AxisPage, MasterPlanPage, ObjectivePage
from .resources import DatasetResource, DocumentPreview
from .schemas import CheckStatus, DataSchema, SchemaCheck
from .status import PROGRESS_MAX, ActionStatus
from .vocabularies import Frequency, Licence, Theme

__all__ = [
    "PROGRESS_MAX",
    "ActionIndicator",
    "ActionNewsLink",
    "ActionPage",
    "ActionStatus",
    "ActionStatusChange",
    "Award",
    "AwardMention",
    "AwardingBody",
    "AwardsPage",
    "AxisPage",
    "CheckStatus",
    "Correction",
    "DataSchema",
    "DatasetPage",
    "DatasetResource",
    "DocumentPreview",
    "IndicatorValueChange",
    "Frequency",
    "Licence",
    "MasterPlanPage",
    "ObjectivePage",
    "SchemaCheck",
    "OpenDataPage",
    "PlanImport",
    "Theme",
]
