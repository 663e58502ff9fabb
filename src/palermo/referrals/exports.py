"""The referral list as a spreadsheet: the rows of the actor's box, identities only when asked
for and where the referral (or ownership of the case) lets the actor see them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.spreadsheet import SpreadsheetFile, spreadsheet
from palermo.referrals.access import load_shared_parts, prime_shared_parts, referral_parts
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import Referral
from palermo.referrals.services import record_shared_list
from palermo.referrals.vocab import SharePart

MAX_EXPORT_ROWS = 5000


def _header(identities: bool) -> list[str]:
    header = [
        _("Referral number"),
        _("Case number"),
        _("From"),
        _("To"),
        _("Reason"),
        _("Services"),
        _("Urgency"),
        _("Region where the services are needed"),
        _("Sent on"),
        _("Answer due"),
        _("Status"),
    ]
    if identities:
        header += [_("Family name"), _("Given name"), _("Patronymic"), _("Date of birth")]
    return header


def _row(referral: Referral, parts: frozenset[str], identities: bool) -> list[object]:
    catalogue = get_catalogue()
    row: list[object] = [
        referral.reference,
        referral.case.reference,
        str(referral.from_agency),
        str(referral.to_agency),
        referral.get_reason_display(),
        ", ".join(catalogue.label(code) for code in referral.service_codes),
        referral.get_urgency_display(),
        referral.region,
        referral.sent_on,
        referral.due_on,
        referral.get_status_display(),
    ]
    if identities:
        person = referral.case.person
        if SharePart.IDENTITY in parts:
            birth = person.date_of_birth if SharePart.DATE_OF_BIRTH in parts else None
            row += [person.family_name, person.given_name, person.patronymic, birth]
        else:
            row += ["", "", "", ""]
    return row


def export_referrals(
    *,
    actor: Actor,
    referrals: QuerySet[Referral],
    fmt: str,
    identities: bool,
    filters: dict[str, str],
) -> SpreadsheetFile:
    """The referrals (already scoped and filtered) as a file, audited with its filters; the
    identities it holds are audited as a read. The caller checks the second factor."""
    rows = list(referrals[: MAX_EXPORT_ROWS + 1])
    if len(rows) > MAX_EXPORT_ROWS:
        raise ValidationError(
            {
                "__all__": [
                    _("More than %(n)d referrals: narrow the filters.") % {"n": MAX_EXPORT_ROWS}
                ]
            }
        )
    for referral in rows:
        prime_shared_parts(actor, referral.case, referral)
    load_shared_parts(actor, [r.case for r in rows])
    prefetch_related_objects(rows, "services")
    parts = {r.pk: (referral_parts(actor, r) if identities else frozenset()) for r in rows}
    table = [_row(r, parts[r.pk], identities) for r in rows]
    file = spreadsheet(
        f"referrals-{timezone.localdate().isoformat()}", fmt, _header(identities), table
    )
    record(
        "referral.list_exported",
        actor=actor,
        object_type="referrals.referral",
        data={"filters": filters, "format": fmt, "identities": identities, "rows": len(rows)},
    )
    if identities:
        record_shared_list(
            actor=actor,
            shown=[(r.case, parts[r.pk]) for r in rows],
            purpose="referral list export",
        )
    return file
