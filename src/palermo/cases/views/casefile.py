"""The case file's working parts on the case page: notes, attachments, flags, and "who looked".

Each form posts to its own view; with htmx the view answers with its section re-rendered, without
JavaScript it redirects back to the case page (or shows the section with the errors).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import access_case, identity_visible, load_visibility
from palermo.cases.access_casefile import (
    access_attachment,
    access_case_reads,
    access_note,
    can_flag_case,
)
from palermo.cases.downloads import attachment_response
from palermo.cases.forms import AttachmentForm, CorrectionForm, FlagForm, NoteForm
from palermo.cases.models import Case
from palermo.cases.services import (
    do_add_note,
    do_clear_flag,
    do_correct_note,
    do_set_flag,
    do_upload_attachment,
    read_attachment,
)
from palermo.cases.timeline import reads_of
from palermo.cases.views.parts import SECTIONS, attachments_context, notes_context
from palermo.core.access import deny
from palermo.core.feedback import flash_errors, service_errors


def _section_answer(
    request: HttpRequest,
    actor: Actor,
    case: Case,
    name: str,
    extra: dict[str, Any],
    *,
    ok: bool,
    message: str,
) -> HttpResponse:
    section = SECTIONS[name]
    if ok and not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, message)
        return redirect(reverse("cases:detail", args=[case.pk]) + f"#{section.element_id}")
    context = {
        "case": case,
        "actor": actor,
        "show_identity": identity_visible(actor, case),
        "section": section,
        f"{name}_message": message if ok else "",
        **extra,
    }
    status = 200 if ok else 400
    template = section.template if request.htmx else "cases/case_section.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@login_required
@require_POST
def note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    load_visibility(actor, [case])
    form = NoteForm(request.POST)
    ok = False
    if form.is_valid():
        try:
            do_add_note(actor=actor, case=case, data=form.note_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            ok = True
    extra = notes_context(actor, case, form=None if ok else form)
    return _section_answer(
        request, actor, case, "notes", extra, ok=ok, message=_("The note was added.")
    )


@login_required
@require_POST
def note_correct(request: HttpRequest, case_id: int, note_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    load_visibility(actor, [case])
    note = access_note(actor, case, note_id)
    form = CorrectionForm(request.POST, prefix=f"n{note.pk}")
    ok = False
    if form.is_valid():
        try:
            do_correct_note(actor=actor, case=case, note=note, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            ok = True
    extra = notes_context(actor, case)
    if not ok:
        extra["note_rows"] = [(n, form if n.pk == note.pk else f) for n, f in extra["note_rows"]]
    return _section_answer(
        request, actor, case, "notes", extra, ok=ok, message=_("The correction was added.")
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    load_visibility(actor, [case])
    form = AttachmentForm(request.POST, request.FILES)
    ok = False
    if form.is_valid():
        try:
            do_upload_attachment(actor=actor, case=case, data=form.attachment_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            ok = True
    extra = attachments_context(actor, case, form=None if ok else form)
    return _section_answer(
        request, actor, case, "attachments", extra, ok=ok, message=_("The file was attached.")
    )


@login_required
@require_GET
def attachment_download(
    request: HttpRequest, case_id: int, attachment_id: int
) -> StreamingHttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    load_visibility(actor, [case])
    attachment = access_attachment(actor, case, attachment_id)
    data = read_attachment(actor=actor, case=case, attachment=attachment, purpose="case file")
    return attachment_response(attachment, data)


@login_required
@require_POST
def flag_set(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_flag_case(actor, case):
        raise deny()
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            do_set_flag(actor=actor, case=case, code=form.cleaned_data["code"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The flag was set."))
    else:
        messages.error(request, _("Choose a flag of the list."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def flag_clear(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_flag_case(actor, case):
        raise deny()
    try:
        do_clear_flag(actor=actor, case=case, code=code)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The flag was cleared."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_GET
def who_looked(request: HttpRequest, case_id: int) -> HttpResponse:
    """The reads of the file (identity, notes, attachments): oversight, kept off the timeline."""
    actor = request_actor(request)
    case = access_case_reads(actor, case_id)
    return render(request, "cases/who_looked.html", {"case": case, "reads": reads_of(case)})
