"""Changes to persons. Called by the cases services (which own registration) and by later issues.

Duplicate detection (checks, contact requests, scans, merges) is in people/duplicates.py and
re-exported here, so that every state change of the app is found through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.models import Agency
from palermo.core.datakeys import destroy_data_keys
from palermo.jurisdictions.pack import get_pack
from palermo.people.matching import Identity, stored_keys
from palermo.people.models import Person, PersonMatchKey, PersonNameKey, ReferenceCounter
from palermo.people.name_rules import LATIN_FIELDS, ORIGINAL_FIELDS, name_errors, normalise_name
from palermo.people.names import name_keys
from palermo.people.vocab import CitizenshipStatus, Gender

IDENTITY_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "date_of_birth",
)
MAX_NAME_LENGTH = 200
NAME_FIELDS = ORIGINAL_FIELDS + LATIN_FIELDS


@dataclass
class PersonInput:
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    family_name_latin: str = ""
    given_name_latin: str = ""
    date_of_birth: date | None = None
    gender: str = Gender.UNKNOWN
    citizenship_status: str = CitizenshipStatus.CITIZEN
    citizenship: str = ""

    def cleaned(self) -> PersonInput:
        for name in (
            "family_name",
            "given_name",
            "patronymic",
            "family_name_latin",
            "given_name_latin",
        ):
            setattr(self, name, normalise_name(getattr(self, name) or ""))
        self.citizenship = (self.citizenship or "").upper()
        return self


def validate_person(data: PersonInput, *, today: date | None = None) -> dict[str, list[str]]:
    """Every problem with the input, keyed by field: one place for forms, API and imports."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (data.family_name or data.given_name or data.family_name_latin or data.given_name_latin):
        add(
            "family_name", _("Enter at least one name, in the original script or in Latin letters.")
        )
    for name in (
        "family_name",
        "given_name",
        "patronymic",
        "family_name_latin",
        "given_name_latin",
    ):
        if len(getattr(data, name)) > MAX_NAME_LENGTH:
            add(name, _("A name can have at most %(n)d characters.") % {"n": MAX_NAME_LENGTH})
    for name, messages in name_errors({f: getattr(data, f) for f in NAME_FIELDS}).items():
        for message in messages:
            add(name, message)
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            add("date_of_birth", _("The date of birth cannot be in the future."))
        elif data.date_of_birth.year < 1900:
            add("date_of_birth", _("The date of birth is before 1900; check the year."))
    if not data.gender:
        add("gender", _("Choose the sex / gender, or Unknown."))
    elif data.gender not in Gender.values:
        add("gender", _("'%(value)s' is not a valid sex / gender.") % {"value": data.gender})
    if data.citizenship_status not in CitizenshipStatus.values:
        add("citizenship_status", _("Choose citizen, stateless or unknown."))
    elif data.citizenship_status == CitizenshipStatus.CITIZEN:
        if not data.citizenship:
            add(
                "citizenship", _("Choose the country of citizenship, or mark the person stateless.")
            )
        elif data.citizenship not in dict(countries):
            add(
                "citizenship",
                _("'%(code)s' is not an ISO 3166 country code.") % {"code": data.citizenship},
            )
    elif data.citizenship:
        add(
            "citizenship",
            _("A stateless person or one of unknown citizenship has no country of citizenship."),
        )
    return errors


def next_reference(year: int) -> str:
    """The next free reference number such as BY-2026-000123 (row-locked counter, no gaps lost)."""
    scope = f"{get_pack().reference_prefix}-{year}"
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(scope=scope)
    # get_or_create's create path is not locked; re-read under lock so two creators serialise.
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"{scope}-{counter.last_value:06d}"


def _refresh_name_keys(person: Person) -> None:
    keys = name_keys(
        person.family_name,
        person.given_name,
        person.patronymic,
        person.family_name_latin,
        person.given_name_latin,
    )
    PersonNameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    existing = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person=person, key=key) for key in sorted(keys - existing)]
    )
    refresh_match_keys(person)


def refresh_match_keys(person: Person) -> None:
    """(Re)writes the duplicate-detection keys of a person; a merged-away person has none."""
    keys = set() if person.merged_into_id else stored_keys(Identity.of(person))
    PersonMatchKey.objects.filter(person=person).exclude(key__in=keys).delete()
    existing = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    PersonMatchKey.objects.bulk_create(
        [PersonMatchKey(person=person, key=key) for key in sorted(keys - existing)]
    )


@transaction.atomic
def create_person(*, data: PersonInput, registered_by: Agency) -> Person:
    """Creates a person; the caller (a case service) validates and audits the whole registration."""
    person = Person(
        reference=next_reference(timezone.localdate().year), registered_by=registered_by
    )
    apply_person_data(person, data)
    person.save()
    _refresh_name_keys(person)
    return person


def apply_person_data(person: Person, data: PersonInput) -> list[str]:
    """Copies input onto the person; returns the names of the fields that changed."""
    changed = []
    for field in (*IDENTITY_FIELDS, "gender", "citizenship_status", "citizenship"):
        new = getattr(data, field)
        if getattr(person, field) != new:
            setattr(person, field, new)
            changed.append(field)
    return changed


@transaction.atomic
def save_person_changes(person: Person, changed: list[str]) -> Person:
    person.save()
    if set(changed) & set(IDENTITY_FIELDS):
        _refresh_name_keys(person)
    return person


def erase_person_identity(person_id: int) -> bool:
    """Crypto-shred a person's identity (inside the caller's transaction; the caller audits).

    The data key is destroyed, so every copy of the sealed identity — a replica, a backup — can
    no longer be read; the columns are blanked and the blind-index keys deleted, so nothing is left
    to match a name against. Sex, citizenship and the cases' statistical columns stay. Returns
    False when the identity was already erased (a resumed run).
    """
    # Only the key columns: the identity itself may already be unreadable (a restored backup).
    row = (
        Person.objects.select_for_update()
        .filter(pk=person_id)
        .values("data_key_id", "identity_erased_at")
        .first()
    )
    if row is None or row["identity_erased_at"] is not None:
        return False
    if row["data_key_id"] is not None:
        destroy_data_keys([row["data_key_id"]])
    Person.objects.filter(pk=person_id).update(
        **{name: "" for name in IDENTITY_FIELDS if name != "date_of_birth"},
        date_of_birth=None,
        identity_erased_at=timezone.now(),
    )
    PersonNameKey.objects.filter(person_id=person_id).delete()
    PersonMatchKey.objects.filter(person_id=person_id).delete()
    return True


def person_ids_matching_name(query: str) -> QuerySet[Any, Any] | None:
    """A subquery of the persons whose names hold every word of the query (skeleton match), to
    be used as ``person_id__in=…`` so the database does the work; None when the query has no words.
    """
    keys = name_keys(query)
    if not keys:
        return None
    return (
        PersonNameKey.objects.filter(key__in=keys)
        .values("person_id")
        .annotate(matched=Count("key", distinct=True))
        .filter(matched=len(keys))
        .values("person_id")
    )


from palermo.people.duplicates import (  # noqa: E402  (re-exported; duplicates imports this module)
    AgencyHint,
    MatchReport,
    VisibleMatch,
    do_answer_contact_request,
    do_check_duplicates,
    do_dismiss_suspected_duplicate,
    do_merge_persons,
    do_request_contact,
    do_scan_duplicates,
    do_unmerge_persons,
    record_person_comparison,
)

__all__ = [
    "IDENTITY_FIELDS",
    "AgencyHint",
    "MatchReport",
    "PersonInput",
    "VisibleMatch",
    "apply_person_data",
    "create_person",
    "do_answer_contact_request",
    "do_check_duplicates",
    "do_dismiss_suspected_duplicate",
    "do_merge_persons",
    "do_request_contact",
    "do_scan_duplicates",
    "do_unmerge_persons",
    "erase_person_identity",
    "next_reference",
    "person_ids_matching_name",
    "record_person_comparison",
    "refresh_match_keys",
    "save_person_changes",
    "validate_person",
]
