from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import (
    access_case,
    can_edit_case,
    identity_visible,
    load_visibility,
    visible_parts,
)
from palermo.cases.access_casefile import can_flag_case, can_see_who_looked
from palermo.cases.access_parts import access_screening
from palermo.cases.forms import CaseForm, FlagForm
from palermo.cases.models import Case, Screening
from palermo.cases.services import (
    do_link_screening,
    do_register_case,
    do_update_case,
    flag_rules,
    live_flags,
    record_identity_view,
    record_screening_view,
)
from palermo.cases.timeline import timeline_for
from palermo.cases.views.parts import SECTIONS, child_notice_missing, consent_context
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack

PAGE_SIZE = 25


def region_name(code: str) -> str:
    region = get_pack().region(code)
    return region.name() if region else code


def _initial_from_screening(screening: Screening, default_region: str) -> dict[str, object]:
    """A registration prefilled from the screening that started it."""
    return {
        "family_name": screening.family_name,
        "given_name": screening.given_name,
        "date_of_birth": screening.date_of_birth,
        "gender": screening.gender,
        "citizenship": str(screening.citizenship or ""),
        "country_of_exploitation": str(screening.country_of_exploitation or ""),
        "exploitation_forms": screening.exploitation_forms,
        "identified_on": screening.screened_on,
        "region": default_region,
        "narrative": screening.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: HttpRequest) -> HttpResponse:
    """Registers a presumed victim; with ``?screening=<id>`` prefilled from that screening, which
    is then linked to the new case (in the same transaction: both or neither)."""
    actor = request_actor(request)
    if not actor.can(Cap.CASE_REGISTER):
        raise deny()
    default_region = actor.agency.region if actor.agency else ""
    screening_id = request.POST.get("screening") or request.GET.get("screening")
    screening = access_screening(actor, screening_id, write=True) if screening_id else None
    initial: dict[str, object] = {"region": default_region}
    if screening is not None and request.method == "GET":
        initial = _initial_from_screening(screening, default_region)
        record_screening_view(actor=actor, screening=screening, purpose="registration")
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                case = do_register_case(
                    actor=actor, person=form.person_input(), case=form.case_input()
                )
                if screening is not None:
                    do_link_screening(actor=actor, screening=screening, case=case)
        except ValidationError as exc:
            form.add_service_errors(
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
        else:
            messages.success(request, _("Case %(ref)s registered.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/case_form.html", {"form": form, "case": None, "screening": screening}
    )


# The case page records one read of the file and hands its sections a signed note of that read
# (who, which case), so sections loaded into the page are not recorded again. A section asked
# for without a current note (a forged ``HX-Request``, a stale link) records its own read: the
# header alone is the client's word and must not be a way to read a file unrecorded.
SECTION_NOTE_SALT = "palermo.cases.sections.opened-with-page"
SECTION_NOTE_MAX_AGE = 15 * 60  # seconds: long enough for a page left open a while


def _page_read_note(actor: Actor, case: Case) -> str:
    return signing.dumps([actor.user.pk, case.pk], salt=SECTION_NOTE_SALT)


def _read_recorded_by_page(note: str, actor: Actor, case: Case) -> bool:
    try:
        signed = signing.loads(note, salt=SECTION_NOTE_SALT, max_age=SECTION_NOTE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return False
    return bool(signed == [actor.user.pk, case.pk])


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    return render_case_page(request, actor, access_case(actor, case_id))


def render_case_page(
    request: HttpRequest, actor: Actor, case: Case, **consent_forms: Any
) -> HttpResponse:
    """The case page; ``consent_forms`` carry a consent form with errors (posts without JS),
    shown in place. The other sections load on their own (:func:`case_section`)."""
    load_visibility(actor, [case])  # once for the whole page
    show_identity = identity_visible(actor, case)
    parts = visible_parts(actor, case)
    if show_identity:
        record_identity_view(actor=actor, cases=[case], purpose="case file")
    inline = {"consent"} if consent_forms else set()
    note = urlencode({"opened": _page_read_note(actor, case)})
    context: dict[str, Any] = {
        "case": case,
        "actor": actor,
        "show_identity": show_identity,
        "show_birth_date": show_identity and "date_of_birth" in parts,
        "show_narrative": show_identity and "narrative" in parts,
        "show_exploitation": "exploitation" in parts,
        "can_edit": can_edit_case(actor, case),
        "region_name": region_name(case.region),
        "child_notice_missing": child_notice_missing(case),
        **_summary(actor, case),
        "sections": [
            {
                "section": section,
                "inline": section.name in inline,
                "url": f"{reverse('cases:section', args=[case.pk, section.name])}?{note}",
            }
            for section in SECTIONS.values()
        ],
    }
    if inline:
        context.update(consent_context(actor, case, **consent_forms))
    return render(request, "cases/case_detail.html", context)


def _summary(actor: Actor, case: Case) -> dict[str, Any]:
    """The top of the case page: flags (one query), the next deadline, what the actor may do."""
    rules = flag_rules()
    flags = live_flags(case)
    can_flag = can_flag_case(actor, case) and rules is not None
    due_on = case.status_decision_due_on if case.awaits_status_decision else None
    return {
        "flags": [(f, rules.get(f.code)) for f in flags] if rules else [],
        "can_flag": can_flag,
        "flag_form": FlagForm(exclude=frozenset(f.code for f in flags)) if can_flag else None,
        "next_deadline": due_on,
        "next_deadline_overdue": due_on is not None and due_on < timezone.localdate(),
        "can_see_reads": can_see_who_looked(actor),
    }


@login_required
def case_section(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    """One section of the case page: for htmx, the section alone; otherwise a page of its own
    (without JavaScript, the case page links here). The same access check as the case page."""
    section = SECTIONS.get(name)
    if section is None:
        raise Http404
    actor = request_actor(request)
    case = access_case(actor, case_id)
    load_visibility(actor, [case])
    show_identity = identity_visible(actor, case)
    context = {
        "case": case,
        "actor": actor,
        "show_identity": show_identity,
        "section": section,
        **section.context(actor, case),
    }
    if show_identity and not _read_recorded_by_page(request.GET.get("opened", ""), actor, case):
        record_identity_view(actor=actor, cases=[case], purpose="case file")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, section.template, context)
    return render(request, "cases/case_section.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id, write=True)
    if request.method == "POST":
        form = CaseForm(request.POST)
        if form.is_valid():
            try:
                do_update_case(
                    actor=actor,
                    case=case,
                    expected_version=form.cleaned_data["version"] or 0,
                    person=form.person_input(),
                    data=form.case_input(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(
                    exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                )
            else:
                messages.success(request, _("Case %(ref)s saved.") % {"ref": case.reference})
                return redirect("cases:detail", case_id=case.pk)
    else:
        record_identity_view(actor=actor, cases=[case], purpose="case edit")
        form = CaseForm(initial=CaseForm.initial_for(case))
    return render(request, "cases/case_form.html", {"form": form, "case": case})


@login_required
def case_timeline(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    return render(
        request, "cases/timeline.html", {"case": case, "entries": timeline_for(actor, case)}
    )
