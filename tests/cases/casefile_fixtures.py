"""Fixtures of the case-file tests: a case referred to the Gomel NGO with its notes shared, the
attachments kept in a folder of the test's own, files of each kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.models.consent import CHECKLIST
from palermo.cases.services import ConsentInput, do_record_consent
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral

PDF = b"%PDF-1.4\n% a signed consent form\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"scan of a passport page" * 4
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"this program cannot be run in DOS mode" * 4


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "attachments"
    settings.PALERMO_ATTACHMENTS_DIR = folder
    return folder


def share_with_gomel(
    actor: Callable[[str], Actor], case: Case, share: list[str] | None = None
) -> None:
    """Consent to sharing, and an accepted referral to the Gomel NGO sharing ``share``."""
    officer = actor("officer_minsk")
    do_record_consent(
        actor=officer,
        case=case,
        data=ConsentInput(
            purpose="sharing_with_referral_agencies",
            given_on=date(2026, 3, 3),
            **dict.fromkeys(CHECKLIST, True),
        ),
    )
    ensure_service_directory()
    gomel = actor("caseworker_gomel")
    referral = do_send_referral(
        actor=officer,
        case=case,
        data=ReferralInput(
            to_agency_id=gomel.agency.pk,  # type: ignore[union-attr]
            services=["psychological_help"],
            reason="additional_services_required",
            share=share if share is not None else ["identity", "narrative"],
        ),
    )
    do_accept_referral(actor=gomel, referral=referral)


@pytest.fixture
def shared_case(actor: Callable[[str], Actor], minsk_case: Case) -> Case:
    share_with_gomel(actor, minsk_case)
    return minsk_case
