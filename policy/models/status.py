"""An action's status and progress scale, which the actions and their history
share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PROGRESS_MAX = 100


class ActionStatus(models.TextChoices):
    """Closed choices: residents compare actions by them."""

    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    ABANDONED = "abandoned", _("abandoned")
