"""The working file of a case: notes (append-only, with corrections), encrypted attachments and
flags. Each change writes one audit event; each read of an attachment's bytes writes one too.

Why notes are append-only: a case note is a record of what was known and done, when and by whom;
it can be read by a court, by the body deciding on victim status, by a receiving agency. A
note edited after others have read it would let the file say something different from what
they acted on. So a mistake is put right with a *correction*: a new note that names the one it
corrects, shown in its place, with the original still there (marked as corrected).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.cases import filestore
from palermo.cases.access_casefile import can_correct_note, can_flag_case, can_write_to_file
from palermo.cases.models import Case, CaseAttachment, CaseFlag, CaseNote, Visibility
from palermo.core.audit import record
from palermo.jurisdictions.pack import optional_pack_section
from palermo.jurisdictions.sections_casefile import CaseFlagRules

log = logging.getLogger(__name__)

MAX_NOTE = 20000
MAX_FILENAME = 255
MAX_DESCRIPTION = 2000


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _agency(actor: Actor) -> Agency:
    if actor.agency is None:
        raise ValidationError(_("You act for no agency."))
    return actor.agency


def _check_visibility(visibility: str) -> None:
    if visibility not in Visibility.values:
        raise _refuse("visibility", _("Choose who may read it."))


# --- notes ------------------------------------------------------------------------------------


@dataclass
class NoteInput:
    text: str = ""
    visibility: str = Visibility.AGENCY


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _refuse("text", _("Write the note."))
    if len(text) > MAX_NOTE:
        raise _refuse("text", _("This can have at most %(n)d characters.") % {"n": MAX_NOTE})
    return text


@transaction.atomic
def do_add_note(*, actor: Actor, case: Case, data: NoteInput) -> CaseNote:
    """Adds a note to the case file, readable by the audience it names."""
    if not can_write_to_file(actor, case):
        raise ValidationError(_("You cannot add notes to this case."))
    text = _check_text(data.text)
    _check_visibility(data.visibility)
    note = CaseNote.objects.create(
        case=case, text=text, visibility=data.visibility, agency=_agency(actor), author=actor.user
    )
    record(
        "case.note_added",
        actor=actor,
        obj=case,
        purpose="case note",
        data={"note": note.pk, "visibility": note.visibility},
    )
    return note


@transaction.atomic
def do_correct_note(*, actor: Actor, case: Case, note: CaseNote, text: str) -> CaseNote:
    """Records a correction of ``note``: a new note with the same audience, shown in its place.
    The original stays (append-only); a note is corrected once, a correction may be again."""
    locked = CaseNote.objects.select_for_update().get(pk=note.pk)
    if not can_correct_note(actor, case, locked):
        raise ValidationError(_("Only the agency that wrote this note can correct it, once."))
    clean = _check_text(text)
    correction = CaseNote.objects.create(
        case=case,
        text=clean,
        visibility=locked.visibility,
        corrects=locked,
        agency=_agency(actor),
        author=actor.user,
    )
    record(
        "case.note_corrected",
        actor=actor,
        obj=case,
        purpose="case note",
        data={"note": correction.pk, "corrects": locked.pk, "visibility": correction.visibility},
    )
    return correction


# --- attachments ------------------------------------------------------------------------------


class Upload(Protocol):
    """What Django's UploadedFile offers and the service needs."""

    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass
class AttachmentInput:
    file: Upload | None = None
    description: str = ""
    visibility: str = Visibility.AGENCY


class Scanner(Protocol):
    def __call__(self, data: bytes, *, filename: str, content_type: str) -> str | None: ...


def attachment_scanner() -> Scanner | None:
    """The configured virus scanner (``PALERMO_ATTACHMENT_SCANNER``), or None."""
    path = getattr(settings, "PALERMO_ATTACHMENT_SCANNER", "") or ""
    if not path:
        return None
    scanner: Scanner = import_string(path)
    return scanner


def _checked_file(upload: Upload | None) -> tuple[bytes, str, str]:
    """The bytes, the file name and the content type of an acceptable upload."""
    if upload is None:
        raise _refuse("file", _("Choose a file to upload."))
    filename = " ".join((upload.name or "").replace("/", " ").replace("\\", " ").split())
    if not filename:
        raise _refuse("file", _("The file has no name."))
    if len(filename) > MAX_FILENAME:
        raise _refuse(
            "file", _("A file name can have at most %(n)d characters.") % {"n": MAX_FILENAME}
        )
    limit = filestore.max_bytes()
    # The size the upload declares is checked before anything is read into memory.
    if upload.size is not None and upload.size > limit:
        raise _refuse("file", _too_large(limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse("file", _too_large(limit))
    if not data:
        raise _refuse("file", _("The file is empty."))
    content_type = filestore.sniff(data[:16])
    allowed = filestore.allowed_types()
    if content_type is None or content_type not in allowed:
        raise _refuse(
            "file",
            _("This type of file is not accepted: upload %(types)s.")
            % {"types": ", ".join(_type_label(t) for t in allowed)},
        )
    if not filestore.name_fits(filename, content_type):
        raise _refuse(
            "file",
            _("The file's content is %(type)s but its name does not end as such a file's does.")
            % {"type": _type_label(content_type)},
        )
    return data, filename, content_type


def _too_large(limit: int) -> str:
    return _("The file is too large: at most %(mb)s MB.") % {"mb": round(limit / 1048576, 1)}


def _type_label(content_type: str) -> str:
    return {
        "application/pdf": "PDF",
        "image/jpeg": "JPEG",
        "image/png": "PNG",
        "image/tiff": "TIFF",
    }.get(content_type, content_type)


def do_upload_attachment(*, actor: Actor, case: Case, data: AttachmentInput) -> CaseAttachment:
    """Checks, scans, encrypts and stores a file of the case. The file on disk is written before
    the row and removed again if the row is not written, so a failed upload leaves nothing."""
    if not can_write_to_file(actor, case):
        raise ValidationError(_("You cannot add attachments to this case."))
    _check_visibility(data.visibility)
    description = (data.description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise _refuse(
            "description", _("This can have at most %(n)d characters.") % {"n": MAX_DESCRIPTION}
        )
    content, filename, content_type = _checked_file(data.file)
    scanner = attachment_scanner()
    if scanner is not None:
        reason = scanner(content, filename=filename, content_type=content_type)
        if reason:
            log.warning("an attachment to case %s was refused by the scanner", case.pk)
            raise _refuse(
                "file", _("The virus scanner refused the file: %(reason)s") % {"reason": reason}
            )
    stored = filestore.write(content)
    try:
        with transaction.atomic():
            attachment = CaseAttachment.objects.create(
                case=case,
                filename=filename,
                description=description,
                content_type=content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                file_key=stored.file_key,
                stored_name=stored.stored_name,
                visibility=data.visibility,
                agency=_agency(actor),
                uploaded_by=actor.user,
            )
            record(
                "case.attachment_added",
                actor=actor,
                obj=case,
                purpose="case attachment",
                data={
                    "attachment": attachment.pk,
                    "content_type": content_type,
                    "size": len(content),
                    "visibility": attachment.visibility,
                },
            )
    except BaseException:
        filestore.remove(stored.stored_name)
        raise
    return attachment


@transaction.atomic
def read_attachment(*, actor: Actor, case: Case, attachment: CaseAttachment, purpose: str) -> bytes:
    """The decrypted bytes of an attachment the caller has already looked up through
    ``access_attachment``; every read is audited."""
    record(
        "case.attachment_downloaded",
        actor=actor,
        obj=case,
        purpose=purpose,
        data={"attachment": attachment.pk},
    )
    return filestore.read(attachment.stored_name, attachment.file_key)


def _remove_files(names: list[str]) -> None:
    for name in names:
        filestore.remove(name)


def erase_case_files_of_person(person_id: int) -> int:
    """With the person's identity (retention, palermo.lifecycle): the text of the notes of the
    person's cases, and their attachments — names, descriptions, keys and the files themselves
    (removed once the transaction commits, so a rollback loses nothing). Returns how many
    attachments were erased."""
    CaseNote.objects.filter(case__person_id=person_id).update(text="")
    attachments = CaseAttachment.objects.filter(case__person_id=person_id, erased_at__isnull=True)
    names = list(attachments.values_list("stored_name", flat=True))
    attachments.update(filename="", description="", file_key="", erased_at=timezone.now())
    transaction.on_commit(lambda: _remove_files(names))
    return len(names)


# --- flags ------------------------------------------------------------------------------------


def flag_rules() -> CaseFlagRules | None:
    return optional_pack_section("case_flags", CaseFlagRules)


def live_flags(case: Case) -> list[CaseFlag]:
    """The flags set on the case, ``alert`` ones first, then in the pack's order."""
    rules = flag_rules()
    flags = [f for f in case.flags.all() if f.cleared_at is None]
    if rules is None:
        return []
    order = {code: i for i, code in enumerate(rules.codes)}
    return sorted(
        (f for f in flags if rules.get(f.code) is not None),
        key=lambda f: (not rules.get(f.code).is_alert, order[f.code]),  # type: ignore[union-attr]
    )


def _flag_code(code: str) -> str:
    rules = flag_rules()
    if rules is None:
        raise _refuse("code", _("The jurisdiction pack defines no case flags."))
    if rules.get(code) is None:
        raise _refuse(
            "code",
            _("Unknown flag %(code)s: choose one of %(codes)s.")
            % {"code": code, "codes": ", ".join(rules.codes)},
        )
    return code


@transaction.atomic
def do_set_flag(*, actor: Actor, case: Case, code: str) -> CaseFlag:
    """Sets a flag on the case; setting one that is already set changes nothing (a retried
    request does not set it twice) and returns it."""
    if not can_flag_case(actor, case) or actor.agency is None:
        raise ValidationError(_("You cannot change the flags of this case."))
    code = _flag_code(code)
    Case.objects.select_for_update().filter(pk=case.pk).first()  # serialises flag changes
    existing = case.flags.filter(code=code, cleared_at__isnull=True).first()
    if existing is not None:
        return existing
    flag = CaseFlag.objects.create(case=case, code=code, set_by=actor.user, agency=_agency(actor))
    record("case.flag_set", actor=actor, obj=case, purpose="case flags", data={"flag": code})
    return flag


@transaction.atomic
def do_clear_flag(*, actor: Actor, case: Case, code: str) -> CaseFlag | None:
    """Clears a flag (kept as history); clearing one that is not set changes nothing."""
    if not can_flag_case(actor, case):
        raise ValidationError(_("You cannot change the flags of this case."))
    code = _flag_code(code)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    flag = case.flags.filter(code=code, cleared_at__isnull=True).first()
    if flag is None:
        return None
    flag.cleared_at = timezone.now()
    flag.cleared_by = actor.user
    flag.save(update_fields=["cleared_at", "cleared_by"])
    record("case.flag_cleared", actor=actor, obj=case, purpose="case flags", data={"flag": code})
    return flag
