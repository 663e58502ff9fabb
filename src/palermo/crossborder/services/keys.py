"""This installation's key pair and the partners abroad (see docs/crossborder.md)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.core.audit import record
from palermo.crossborder.access import can_manage_partners
from palermo.crossborder.models import InstallationKey, Partner
from palermo.crossborder.package import KeyPair, PublicKeys, public_keys_from_b64
from palermo.crossborder.vocab import PartnerKind

PURPOSE = "cross-border referral"


def raise_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- this installation's key pair ---------------------------------------------------------------


def own_keypair() -> KeyPair | None:
    row = InstallationKey.objects.first()
    if row is None:
        return None
    return KeyPair.from_private_bytes(
        base64.b64decode(str(row.encryption_private)), base64.b64decode(str(row.signing_private))
    )


def require_own_keypair() -> KeyPair:
    keys = own_keypair()
    if keys is None:
        raise ValidationError(
            _("This installation has no key pair yet: the national administrator creates it.")
        )
    return keys


@transaction.atomic
def do_generate_installation_key(*, actor: Actor | None) -> InstallationKey:
    """Creates this installation's key pair, once. ``actor=None``: the command line."""
    if actor is not None and not can_manage_partners(actor):
        raise ValidationError(_("Only the national administrator manages cross-border keys."))
    if InstallationKey.objects.exists():
        raise ValidationError(_("This installation already has its key pair."))
    pair = KeyPair.generate()
    enc_private, sign_private = pair.private_bytes()
    public = pair.public
    try:
        with transaction.atomic():
            row = InstallationKey.objects.create(
                encryption_private=_b64(enc_private),
                signing_private=_b64(sign_private),
                encryption_public=_b64(public.encryption),
                signing_public=_b64(public.signing),
                fingerprint=public.fingerprint,
            )
    except IntegrityError:
        raise ValidationError(_("This installation already has its key pair.")) from None
    record(
        "crossborder.key_generated",
        actor=actor,
        obj=row,
        purpose=PURPOSE,
        data={"fingerprint": row.fingerprint},
    )
    return row


# --- partners ----------------------------------------------------------------------------------


@dataclass
class PartnerInput:
    name: str = ""
    country: str = ""
    kind: str = PartnerKind.NATIONAL_REFERRAL_MECHANISM
    encryption_key: str = ""
    signing_key: str = ""
    endpoint_url: str = ""
    receiving_agency_id: int | None = None


def validate_partner(data: PartnerInput) -> tuple[dict[str, list[str]], PublicKeys | None]:
    from django_countries import countries

    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.name.strip():
        add("name", _("Enter the partner's name."))
    elif len(data.name) > 200:
        add("name", _("At most %(n)d characters.") % {"n": 200})
    if data.country and data.country.upper() not in dict(countries):
        add("country", _("'%(code)s' is not an ISO 3166 country code.") % {"code": data.country})
    if data.kind == PartnerKind.NATIONAL_REFERRAL_MECHANISM and not data.country:
        add("country", _("A national referral mechanism belongs to a country: choose it."))
    if data.kind not in PartnerKind.values:
        add("kind", _("Choose the kind of partner."))
    keys: PublicKeys | None = None
    try:
        keys = public_keys_from_b64(data.encryption_key, data.signing_key)
    except ValueError as exc:
        for name in str(exc).split(","):
            add(name, _("This is not a valid public key (32 bytes in base64)."))
    if keys is not None:
        if Partner.objects.filter(fingerprint=keys.fingerprint).exists():
            add("encryption_key", _("A partner with these keys is already registered."))
        own = InstallationKey.objects.first()
        if own is not None and own.fingerprint == keys.fingerprint:
            add("encryption_key", _("These are this installation's own keys."))
    url = data.endpoint_url.strip()
    if url and not url.startswith("https://") and not (settings.DEBUG or _local(url)):
        add("endpoint_url", _("The partner's API address must start with https://."))
    if url and not url.startswith(("https://", "http://")):
        add("endpoint_url", _("The partner's API address must start with https://."))
    if (
        data.receiving_agency_id is None
        or not Agency.objects.filter(pk=data.receiving_agency_id, is_active=True).exists()
    ):
        add("receiving_agency", _("Choose the agency that receives this partner's referrals."))
    return errors, keys


def _local(url: str) -> bool:
    # Plain HTTP only to this machine (tests and a partner on the same host); never over a network.
    return url.startswith(("http://127.0.0.1:", "http://localhost:"))


@transaction.atomic
def do_register_partner(*, actor: Actor, data: PartnerInput) -> Partner:
    if not can_manage_partners(actor):
        raise ValidationError(_("Only the national administrator registers partners abroad."))
    errors, keys = validate_partner(data)
    raise_errors(errors)
    assert keys is not None  # noqa: S101  (validate_partner reports a bad key as an error)
    try:
        with transaction.atomic():
            partner = Partner.objects.create(
                name=data.name.strip(),
                country=data.country.upper(),
                kind=data.kind,
                encryption_key=_b64(keys.encryption),
                signing_key=_b64(keys.signing),
                fingerprint=keys.fingerprint,
                endpoint_url=data.endpoint_url.strip(),
                receiving_agency=Agency.objects.get(pk=int(data.receiving_agency_id or 0)),
            )
    except IntegrityError:
        raise ValidationError(
            {"encryption_key": [_("A partner with these keys is already registered.")]}
        ) from None
    record(
        "crossborder.partner_registered",
        actor=actor,
        obj=partner,
        purpose=PURPOSE,
        data={
            "name": partner.name,
            "country": str(partner.country),
            "fingerprint": partner.fingerprint,
            "receiving_agency": partner.receiving_agency_id,
        },
    )
    return partner


@transaction.atomic
def do_set_partner_active(*, actor: Actor, partner: Partner, active: bool) -> Partner:
    """Suspends or resumes exchange with a partner: packages from a suspended one are refused."""
    if not can_manage_partners(actor):
        raise ValidationError(_("Only the national administrator manages partners abroad."))
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    record(
        "crossborder.partner_activated" if active else "crossborder.partner_suspended",
        actor=actor,
        obj=locked,
        purpose=PURPOSE,
        data={"fingerprint": locked.fingerprint},
    )
    return locked


def partner_public_keys(fingerprint: str) -> PublicKeys | None:
    partner = Partner.objects.filter(fingerprint=fingerprint, is_active=True).first()
    if partner is None:
        return None
    return public_keys_from_b64(partner.encryption_key, partner.signing_key)


def public_key_text() -> str | None:
    """This installation's public keys, to give to partners (None before the key pair exists)."""
    keys = own_keypair()
    return keys.public.export() if keys else None
