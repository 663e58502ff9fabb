"""Which personal data is due for destruction under the pack's retention rules.

For each rule of the pack's ``retention`` section this module finds the records of its kind that
still hold personal data, when their clock started, when the period ends, and which legal holds
stop it. Nothing here writes: the shredder (services.py) proposes and destroys.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models import TextField as TextOutput
from django.db.models.functions import Coalesce, TruncDate

from palermo.cases.models import Case
from palermo.core.crypto import DecryptionError
from palermo.hotline.models import Call, Tip
from palermo.jurisdictions.pack import optional_pack_section
from palermo.jurisdictions.sections_retention import RetentionRule, RetentionRules
from palermo.justice.compensation.models import Claim
from palermo.justice.models import Participant, Suspect
from palermo.lifecycle.models import DataKind, ShredItem
from palermo.people.models import Person
from palermo.registries.models import ReportedTourist

OPEN_CASE_STATUSES = ("active", "follow_up")


@dataclass(frozen=True)
class Finding:
    """One record under one rule: when its clock started, when it falls due, what holds it."""

    kind: str
    object_id: int
    label: str
    rule: RetentionRule
    clock_started_on: date
    due_on: date
    holds: tuple[str, ...] = field(default=())

    def is_due(self, today: date) -> bool:
        return not self.holds and self.due_on <= today


def add_period(start: date, *, years: int = 0, months: int = 0) -> date:
    """``start`` plus whole years and months; the 29th-31st fall back to the month's last day."""
    total = start.month - 1 + months + 12 * years
    year, month = start.year + total // 12, total % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def rules() -> RetentionRules | None:
    """The pack's retention rules; None for a pack without them."""
    return optional_pack_section("retention", RetentionRules)


def _raw(name: str) -> ExpressionWrapper[Any]:
    # The stored token, without decryption: an erased value is stored as "" (or NULL).
    return ExpressionWrapper(F(name), output_field=TextOutput())


def _in_open_proceedings() -> Exists:
    return Exists(
        Participant.objects.filter(person=OuterRef("pk"), proceedings__verdict_on__isnull=True)
    )


def _pending_claims() -> QuerySet[Any]:
    """Claims not decided yet, or awarded and not paid in full."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
    paid = Coalesce(Sum("payments__moral_amount"), zero) + Coalesce(
        Sum("payments__material_amount"), zero
    )
    return (
        Claim.objects.annotate(paid=paid)
        .filter(
            Q(award__isnull=True)
            | Q(paid__lt=F("award__moral_awarded") + F("award__material_awarded"))
        )
        .values("pk")
    )


def merged_groups() -> dict[int, list[int]]:
    """For each person that others were merged into: every person merged into it, directly or
    through a chain of merges (a survivor later merged into another)."""
    parent = dict(
        Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )
    groups: dict[int, list[int]] = {}
    for pk in parent:
        root, seen = pk, {pk}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        groups.setdefault(root, []).append(pk)
    return groups


def _adult_hold_ends(
    person: Person, cases: list[Case], setup: RetentionRules, merged: Sequence[Person] = ()
) -> date | None:
    """When the minor hold of a person ends: adulthood plus the pack's extra years. A date of
    birth recorded on a person merged into this one counts too (the latest end wins)."""
    hold = setup.hold("minor")
    extra = hold.extra_years if hold else 0
    years = setup.age_of_majority + extra
    born_on: list[date] = []
    for one in (person, *merged):
        try:
            born = cast("date | None", one.date_of_birth)
        except DecryptionError:
            born = None
        if born is not None:
            born_on.append(born)
    if born_on:
        return add_period(max(born_on), years=years)
    ages = [
        (c.identified_on, c.age_at_identification)
        for c in cases
        if c.age_at_identification is not None
    ]
    if ages:
        # Born at the latest the day after the birthday before identification: conservative.
        identified_on, age = min(ages, key=lambda pair: pair[0].year - pair[1])
        return add_period(identified_on, years=years - age)
    if any(c.is_minor for c in cases):
        first = min(c.identified_on for c in cases)
        return add_period(first, years=years)
    return None


def _only(queryset: QuerySet[Any], only: int | None) -> QuerySet[Any]:
    return queryset if only is None else queryset.filter(pk=only)


def _person_findings(
    rule: RetentionRule, setup: RetentionRules, today: date, only: int | None
) -> Iterator[Finding]:
    # A person merged into another is never listed on its own: its cases moved to the survivor,
    # whose clock and holds cover it (its proceedings and claims count for the survivor), and it
    # is destroyed together with the survivor (docs/retention.md).
    groups = merged_groups()
    merged_ids = [pk for members in groups.values() for pk in members]
    root_of = {pk: root for root, members in groups.items() for pk in members}
    # A survivor destroyed before a person merged into it was: listed again for that one.
    live_merged = {
        root_of[pk]
        for pk in Person.objects.filter(
            pk__in=merged_ids, identity_erased_at__isnull=True
        ).values_list("pk", flat=True)
    }
    open_cases = Case.objects.filter(person=OuterRef("pk"), status__in=OPEN_CASE_STATUSES)
    base = _only(Person.objects.all(), only)
    persons = (
        base.filter(Q(identity_erased_at__isnull=True) | Q(pk__in=live_merged))
        .filter(merged_into__isnull=True)
        .annotate(last_closed=Max("cases__closed_on"), has_open=Exists(open_cases))
        .filter(has_open=False, last_closed__isnull=False)
        .annotate(
            in_proceedings=_in_open_proceedings(),
            claim_pending=Exists(
                Participant.objects.filter(
                    person=OuterRef("pk"), compensation_claim__in=_pending_claims()
                )
            ),
        )
        .prefetch_related("cases")
        .order_by("pk")
    )
    merged_in_proceedings = {
        root_of[pk]
        for pk in Participant.objects.filter(
            person_id__in=merged_ids, proceedings__verdict_on__isnull=True
        ).values_list("person_id", flat=True)
    }
    merged_with_claims = {
        root_of[pk]
        for pk in Participant.objects.filter(
            person_id__in=merged_ids, compensation_claim__in=_pending_claims()
        ).values_list("person_id", flat=True)
    }
    for person in persons:
        started: date = person.last_closed
        holds: list[str] = []
        if "open_proceedings" in rule.holds and (
            person.in_proceedings or person.pk in merged_in_proceedings
        ):
            holds.append("open_proceedings")
        if "pending_compensation" in rule.holds and (
            person.claim_pending or person.pk in merged_with_claims
        ):
            holds.append("pending_compensation")
        if "minor" in rule.holds:
            merged = list(Person.objects.filter(pk__in=groups.get(person.pk, ())))
            ends = _adult_hold_ends(person, list(person.cases.all()), setup, merged)
            if ends is not None and ends > today:
                holds.append("minor")
        yield Finding(
            kind=DataKind.PERSON_IDENTITY,
            object_id=person.pk,
            label=person.reference,
            rule=rule,
            clock_started_on=started,
            due_on=add_period(started, years=rule.years, months=rule.months),
            holds=tuple(holds),
        )


def _case_in_open_proceedings(case_path: str) -> Exists:
    return Exists(
        Participant.objects.filter(
            person_id=OuterRef(f"{case_path}__person_id"), proceedings__verdict_on__isnull=True
        )
    )


def _call_findings(rule: RetentionRule, only: int | None) -> Iterator[Finding]:
    calls = (
        _only(Call.objects.all(), only)
        .annotate(raw_name=_raw("caller_name"), raw_contact=_raw("caller_contact"))
        .exclude(Q(raw_name="") & Q(raw_contact=""))
        .annotate(day=TruncDate("received_at"), held=_case_in_open_proceedings("case"))
        .order_by("pk")
    )
    for call in calls.values("pk", "day", "held"):
        holds = ("open_proceedings",) if "open_proceedings" in rule.holds and call["held"] else ()
        yield _finding(rule, DataKind.HOTLINE_CALLER_CONTACT, call["pk"], call["day"], holds)


def _tip_findings(rule: RetentionRule, only: int | None) -> Iterator[Finding]:
    tips = (
        _only(Tip.objects.all(), only)
        .annotate(raw_text=_raw("what_happened"), raw_contact=_raw("contact"))
        .exclude(Q(raw_text="") & Q(raw_contact=""))
        .annotate(day=TruncDate("received_at"))
        .order_by("pk")
    )
    for tip in tips.values("pk", "day"):
        yield _finding(rule, DataKind.ANONYMOUS_TIP, tip["pk"], tip["day"], ())


def _tourist_findings(rule: RetentionRule, only: int | None) -> Iterator[Finding]:
    clock = "report__reported_on" if rule.clock == "report_filed" else "report__returned_on"
    tourists = (
        _only(ReportedTourist.objects.all(), only)
        .annotate(raw_name=_raw("family_name"))
        .exclude(raw_name="")
        .annotate(held=_case_in_open_proceedings("case"))
        .order_by("pk")
    )
    for tourist in tourists.values("pk", clock, "held"):
        holds = (
            ("open_proceedings",) if "open_proceedings" in rule.holds and tourist["held"] else ()
        )
        yield _finding(rule, DataKind.TOURIST_NON_RETURN, tourist["pk"], tourist[clock], holds)


def _suspect_findings(rule: RetentionRule, only: int | None) -> Iterator[Finding]:
    pending = Exists(
        Claim.objects.filter(proceedings=OuterRef("proceedings"), pk__in=_pending_claims())
    )
    suspects = (
        _only(Suspect.objects.all(), only)
        .annotate(raw_name=_raw("family_name"))
        .exclude(raw_name="")
        .filter(proceedings__verdict_on__isnull=False)
        .annotate(held=pending)
        .order_by("pk")
    )
    for suspect in suspects.values("pk", "proceedings__verdict_on", "held"):
        holds = (
            ("pending_compensation",)
            if "pending_compensation" in rule.holds and suspect["held"]
            else ()
        )
        yield _finding(
            rule,
            DataKind.SUSPECT_IDENTITY,
            suspect["pk"],
            suspect["proceedings__verdict_on"],
            holds,
        )


def _finding(
    rule: RetentionRule, kind: str, object_id: int, started: date, holds: tuple[str, ...]
) -> Finding:
    return Finding(
        kind=kind,
        object_id=object_id,
        label=f"{kind}:{object_id}",
        rule=rule,
        clock_started_on=started,
        due_on=add_period(started, years=rule.years, months=rule.months),
        holds=holds,
    )


def findings(today: date, *, kind: str | None = None, only: int | None = None) -> list[Finding]:
    """Every record that still holds personal data under a rule, with its clock and holds
    (of one kind, or one record of it, when asked)."""
    setup = rules()
    if setup is None:
        return []
    found: list[Finding] = []
    for rule in setup.rules:
        if kind is not None and rule.data != kind:
            continue
        if rule.data == DataKind.PERSON_IDENTITY:
            found.extend(_person_findings(rule, setup, today, only))
        elif rule.data == DataKind.HOTLINE_CALLER_CONTACT:
            found.extend(_call_findings(rule, only))
        elif rule.data == DataKind.ANONYMOUS_TIP:
            found.extend(_tip_findings(rule, only))
        elif rule.data == DataKind.TOURIST_NON_RETURN:
            found.extend(_tourist_findings(rule, only))
        elif rule.data == DataKind.SUSPECT_IDENTITY:
            found.extend(_suspect_findings(rule, only))
    return found


def still_due(kind: str, object_id: int, today: date) -> Finding | None:
    """The record's finding if it is due today under some rule (holds re-checked), else None."""
    return next((f for f in findings(today, kind=kind, only=object_id) if f.is_due(today)), None)


def due(today: date) -> list[Finding]:
    """What is due today and on no live shredding list yet (one finding per record)."""
    listed = set(
        ShredItem.objects.filter(
            status__in=[ShredItem.Status.PENDING, ShredItem.Status.DESTROYED]
        ).values_list("kind", "object_id")
    )
    chosen: dict[tuple[str, int], Finding] = {}
    for finding in findings(today):
        key = (finding.kind, finding.object_id)
        if finding.is_due(today) and key not in listed and key not in chosen:
            chosen[key] = finding
    return list(chosen.values())
