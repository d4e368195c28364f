"""The digital master plan: the plan, its axes, objectives and actions, all pages.

A package: one module per concern (the levels above the actions, the actions)."""

from .action import (
    PROGRESS_MAX,
    ActionIndicator,
    ActionNewsLink,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
)
from .plan import AxisPage, MasterPlanPage, ObjectivePage

__all__ = [
    "PROGRESS_MAX",
    "ActionIndicator",
    "ActionNewsLink",
    "ActionPage",
    "ActionStatus",
    "ActionStatusChange",
    "AxisPage",
    "MasterPlanPage",
    "ObjectivePage",
]
