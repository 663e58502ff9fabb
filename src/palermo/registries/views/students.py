"""Pages of notices about students sent abroad during the academic year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.errors import ConflictError
from palermo.registries.access import access_student_notice, student_notices_for
from palermo.registries.forms import MigrationInformedForm, StudentNoticeForm
from palermo.registries.search import text_search
from palermo.registries.services import (
    do_record_migration_informed,
    do_register_student_notice,
    record_identity_view,
)
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require_manager,
)
from palermo.registries.vocab import TravelPurpose


@login_required
def student_notice_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    query = request.GET.get("q", "")
    informed = request.GET.get("informed", "")
    purpose = request.GET.get("purpose", "")
    qs = text_search(
        student_notices_for(actor),
        query,
        exact=("sender_taxpayer_number", "notice_number"),
    )
    if informed == "yes":
        qs = qs.filter(migration_informed_on__isnull=False)
    elif informed == "no":
        qs = qs.filter(migration_informed_on__isnull=True)
    else:
        informed = ""
    if purpose in TravelPurpose.values:
        qs = qs.filter(purpose=purpose)
    else:
        purpose = ""
    page = page_of(request, qs)
    record_identity_view(
        actor=actor,
        objects=list(page.object_list),
        purpose="student notices list",
        object_type="registries.studentnotice",
    )
    context = {
        "page": page,
        "query": query,
        "informed": informed,
        "purpose": purpose,
        "purposes": TravelPurpose.choices,
    }
    return list_response(
        request,
        "registries/student_notice_list.html",
        "registries/_student_notice_table.html",
        context,
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_notice_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    form = StudentNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = do_register_student_notice(actor=actor, data=form.to_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("Notice %(number)s registered.") % {"number": notice.notice_number}
            )
            return redirect("registries:student_notice", notice_id=notice.pk)
    return render(
        request,
        "registries/form.html",
        {"form": form, "title": _("Register a student travel notice")},
    )


def _context(
    request: HttpRequest, notice_id: int, form: MigrationInformedForm | None = None
) -> dict[str, object]:
    actor = request_actor(request)
    notice = access_student_notice(actor, notice_id)
    return {
        "notice_obj": notice,
        "legal_basis": legal_basis_label(notice.legal_basis),
        "informed_form": form
        or MigrationInformedForm(
            initial={
                "version": notice.version,
                "migration_informed_on": notice.migration_informed_on,
            }
        ),
    }


@login_required
def student_notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    actor = request_actor(request)
    context = _context(request, notice_id)
    record_identity_view(
        actor=actor,
        objects=[context["notice_obj"]],  # type: ignore[list-item]
        purpose="student notice",
        object_type="registries.studentnotice",
    )
    return render(request, "registries/student_notice_detail.html", context)


@login_required
@require_POST
def student_notice_informed(request: HttpRequest, notice_id: int) -> HttpResponse:
    actor = request_actor(request)
    notice = access_student_notice(actor, notice_id, write=True)
    form = MigrationInformedForm(request.POST)
    if form.is_valid():
        try:
            do_record_migration_informed(
                actor=actor,
                notice=notice,
                informed_on=form.cleaned_data.get("migration_informed_on"),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            notice_text = _("The date was recorded.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, notice_text)
                return redirect("registries:student_notice", notice_id=notice.pk)
            context = _context(request, notice_id)
            context["notice"] = notice_text
            return render(request, "registries/_student_informed.html", context)
    context = _context(request, notice_id, form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "registries/_student_informed.html", context)
    return render(request, "registries/student_notice_detail.html", context)
