"""Pages of a person's own file (subject access) and of correction requests."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import require_recent_second_factor
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.core.feedback import flash_errors
from palermo.lifecycle.access import (
    access_correction_request,
    access_subject_person,
    can_produce_subject_file,
    subject_persons_for,
)
from palermo.lifecycle.forms import CorrectionAnswerForm, CorrectionForm, FindPersonForm
from palermo.lifecycle.models import CorrectionRequest
from palermo.lifecycle.services import (
    CorrectionInput,
    do_answer_correction_request,
    do_produce_subject_file,
    do_record_correction_request,
)
from palermo.lifecycle.subject_access import render_pdf


@login_required
@never_cache
def find_person(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_produce_subject_file(actor):
        raise deny()
    form = FindPersonForm(request.GET or None)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        person = subject_persons_for(actor).filter(reference=reference).first()
        if person is not None:
            return redirect("lifecycle:subject_file", person_id=person.pk)
        form.add_error("reference", _("No person with this reference number."))
    return render(request, "lifecycle/find_person.html", {"form": form})


@login_required
@never_cache
def subject_file(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request_actor(request)
    person = access_subject_person(actor, person_id)
    corrections = [
        (c, CorrectionAnswerForm(initial={"version": c.version}, prefix=f"c{c.pk}"))
        for c in CorrectionRequest.objects.filter(person=person).select_related("decided_by")
    ]
    return render(
        request,
        "lifecycle/subject_file.html",
        {"person": person, "corrections": corrections, "form": CorrectionForm()},
    )


@login_required
@never_cache
@require_POST
@require_recent_second_factor
def download(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request_actor(request)
    person = access_subject_person(actor, person_id)
    file_format = request.POST.get("format", "")
    try:
        document = do_produce_subject_file(actor=actor, person=person, file_format=file_format)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("lifecycle:subject_file", person_id=person.pk)
    if file_format == "pdf":
        response = HttpResponse(render_pdf(document), content_type="application/pdf")
    else:
        body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="person-file-{person.reference}.{file_format}"'
    )
    return response


@login_required
@require_POST
def record_correction(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request_actor(request)
    person = access_subject_person(actor, person_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("lifecycle:subject_file", person_id=person.pk)
    try:
        do_record_correction_request(
            actor=actor, person=person, data=CorrectionInput(**form.cleaned_data)
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Correction request recorded."))
    return redirect("lifecycle:subject_file", person_id=person.pk)


@login_required
@require_POST
def answer_correction(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    correction = access_correction_request(actor, request_id)
    form = CorrectionAnswerForm(request.POST, prefix=f"c{correction.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a decision and write the answer."))
        return redirect("lifecycle:subject_file", person_id=correction.person_id)
    try:
        do_answer_correction_request(actor=actor, request=correction, **form.cleaned_data)
    except (ValidationError, ConflictError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Answer recorded."))
    return redirect("lifecycle:subject_file", person_id=correction.person_id)
