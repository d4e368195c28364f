"""The digital master plan: the plan, its axes, objectives and actions, all pages;
the awards and labels the commune received; the open-data catalogue.

A package: one module per concern (the levels above the actions, the actions,
the awards)."""

from .action import (
    PROGRESS_MAX,
    ActionIndicator,
    ActionNewsLink,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    Correction,
)
from .awards import Award, AwardingBody, AwardMention, AwardsPage
from .opendata import (
    DatasetPage,
    DatasetResource,
    DocumentPreview,
    Frequency,
    Licence,
    OpenDataPage,
    Theme,
)
from .plan import AxisPage, MasterPlanPage, ObjectivePage
from .schemas import CheckStatus, DataSchema, SchemaCheck

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
    "Frequency",
    "Licence",
    "MasterPlanPage",
    "ObjectivePage",
    "SchemaCheck",
    "OpenDataPage",
    "Theme",
]
