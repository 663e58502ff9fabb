"""``{% deadline_changes obj %}``: why an item's due date moved (a transfer of working days).

Any app's template can show it without importing this app: the item is named by its model label.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from palermo.workdays.models import DeadlineChange
from palermo.workdays.services import change_text

register = template.Library()


@register.inclusion_tag("workdays/_deadline_changes.html")
def deadline_changes(obj: models.Model) -> dict[str, Any]:
    changes = DeadlineChange.objects.filter(
        object_type=obj._meta.label_lower, object_id=obj.pk
    ).select_related("transfer")
    return {"changes": [change_text(change) for change in changes[:10]]}
