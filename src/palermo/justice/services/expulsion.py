"""The expulsion check of migration officers (Law No. 350-Z Art. 22 p.1), which also shows the
decisions recorded under Art. 30 for a foreign national involved in trafficking.

The answer is yes/no with the legal basis, the proceedings' stage, since when and "until the
verdict" — never the case, the proceedings' number, the role, the agency or the person's name.
"No" reads the same for a person the system does not know and for one whose expulsion is not
suspended, so the check does not reveal who is a (presumed) victim. Art. 30 decisions (found by
name and date of birth) are named with their consequence, legal basis, decision number, date and
issuing body only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.audit import record
from palermo.justice.models import Participant
from palermo.justice.rules import SuspensionStatus, suspension_status
from palermo.justice.services.common import Errors, add, raise_if
from palermo.justice.services.liability import consequence_facts
from palermo.people.models import Person
from palermo.people.services import person_ids_matching_name

MAX_PURPOSE = 300


@dataclass
class ExpulsionQuery:
    reference: str = ""
    name: str = ""
    date_of_birth: date | None = None
    purpose: str = ""


def _with_merged(person: Person) -> list[int]:
    survivor = person
    while survivor.merged_into_id is not None and survivor.merged_into is not None:
        survivor = survivor.merged_into
    ids = {survivor.pk}
    frontier = [survivor.pk]
    while frontier:
        found = list(
            Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in found if pk not in ids]
        ids.update(frontier)
    return sorted(ids)


def _find(query: ExpulsionQuery) -> list[int]:
    """Person ids that answer the query; by name only among participants (no one else can be
    suspended), so that dates of birth are decrypted for a handful of rows."""
    if query.reference:
        person = Person.objects.filter(reference=query.reference).first()
        return _with_merged(person) if person else []
    matching = person_ids_matching_name(query.name)
    if matching is None:
        return []
    ids: set[int] = set()
    persons = Person.objects.filter(
        pk__in=Participant.objects.filter(person_id__in=matching).values("person_id")
    )
    for person in persons:
        if person.date_of_birth == query.date_of_birth:
            ids.update(_with_merged(person))
    return sorted(ids)


@transaction.atomic
def do_check_expulsion(*, actor: Actor, query: ExpulsionQuery) -> SuspensionStatus:
    """Answers whether expulsion and deportation of a person are suspended; every check is
    audited with its purpose."""
    if not actor.can(Cap.EXPULSION_CHECK):
        raise ValidationError(_("Your role cannot check expulsion suspensions."))
    query.reference = (query.reference or "").strip().upper()
    query.name = " ".join((query.name or "").split())
    query.purpose = " ".join((query.purpose or "").split())
    errors: Errors = {}
    if not query.reference and not (query.name and query.date_of_birth):
        add(
            errors,
            "reference",
            _("Enter the person's reference number, or the name and the date of birth."),
        )
    if len(query.reference) > 32:
        add(errors, "reference", _("At most %(n)d characters.") % {"n": 32})
    if len(query.name) > 200:
        add(errors, "name", _("At most %(n)d characters.") % {"n": 200})
    if len(query.purpose) < 3:
        add(errors, "purpose", _("Say why you check (e.g. the file of the expulsion decision)."))
    if len(query.purpose) > MAX_PURPOSE:
        add(errors, "purpose", _("At most %(n)d characters.") % {"n": MAX_PURPOSE})
    raise_if(errors)
    ids = _find(query)
    status = suspension_status(ids)
    by_name = bool(query.name and query.date_of_birth)
    if by_name:
        status = replace(status, consequences=consequence_facts(query.name, query.date_of_birth))
    data: dict[str, object] = {
        "by": "reference" if query.reference else "name_and_date_of_birth",
        "found": bool(ids),
        "suspended": status.suspended,
    }
    if by_name:
        data["art30_decisions"] = len(status.consequences)
    record(
        "justice.expulsion_checked",
        actor=actor,
        object_type="people.person" if ids else "",
        object_id=ids[0] if ids else "",
        purpose=query.purpose,
        data=data,
    )
    return status
