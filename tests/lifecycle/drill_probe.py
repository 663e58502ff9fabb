"""Run in a separate process by the restore drill: what the restored database holds.

Prints JSON: row counts per table and, per person reference, the family name or why it cannot
be read, and the same for anonymous tips' texts. Uses whatever PALERMO_DATABASE_URL and keys its environment gives.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from palermo.core.crypto import DecryptionError
    from palermo.lifecycle.backup import _models
    from palermo.people.models import Person

    counts = {m._meta.label_lower: m._base_manager.count() for m in _models()}
    names: dict[str, str] = {}
    for pk, reference in Person.objects.values_list("pk", "reference"):
        try:
            person = Person.objects.get(pk=pk)
        except DecryptionError as exc:
            names[reference] = f"unreadable: {type(exc).__name__}"
            continue
        if person.identity_erased_at is not None:
            names[reference] = "erased"
        else:
            names[reference] = person.family_name
    from palermo.hotline.models import Tip

    tips: dict[str, str] = {}
    for pk in Tip.objects.values_list("pk", flat=True):
        try:
            tips[str(pk)] = Tip.objects.get(pk=pk).what_happened or "erased"
        except DecryptionError as exc:
            tips[str(pk)] = f"unreadable: {type(exc).__name__}"
    json.dump({"counts": counts, "names": names, "tips": tips}, sys.stdout)


if __name__ == "__main__":
    main()
