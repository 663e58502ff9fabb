"""Justice pages: proceedings, participants, protection measures, legal assistance, and the
migration officers' expulsion check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.core.access import deny, get_or_404
from palermo.core.errors import ConflictError
from palermo.core.feedback import apply_form, flash_errors, service_errors
from palermo.justice.access import (
    View,
    access_participant,
    access_proceedings,
    identity_shown,
    linkable_cases,
    proceedings_for,
    view_level,
    visible_participants,
    works_on,
)
from palermo.justice.forms import (
    AssistanceForm,
    EndMeasureForm,
    EndParticipationForm,
    ExpulsionCheckForm,
    ExtendMeasureForm,
    InterferenceForm,
    LegalPersonForm,
    MeasureForm,
    ParticipantForm,
    ProceedingsForm,
    StageForm,
    SuspectForm,
)
from palermo.justice.models import Participant, Proceedings, ProtectionMeasure
from palermo.justice.rules import basis_citation, justice_rules, proposed_articles
from palermo.justice.services import (
    ParticipantInput,
    can_record_assistance,
    do_add_legal_person,
    do_add_proposed_articles,
    do_add_suspect,
    do_apply_measure,
    do_change_stage,
    do_check_expulsion,
    do_end_measure,
    do_end_participation,
    do_extend_measure,
    do_link_participant,
    do_open_proceedings,
    do_record_interference,
    do_record_legal_assistance,
    do_update_proceedings,
    record_proceedings_read,
)

PAGE_SIZE = 25


def _articles(proceedings: Proceedings) -> list[dict[str, str]]:
    rules = justice_rules()
    found = []
    for key in proceedings.article_keys:
        basis = rules.article(key)
        found.append({"key": key, "label": basis.label() if basis else key})
    return found


def _participant_row(actor: Actor, proceedings: Proceedings, p: Participant) -> dict[str, Any]:
    shown = identity_shown(actor, proceedings, p)
    suspension = next((s for s in p.suspensions.all() if s.ended_on is None), None)
    return {
        "obj": p,
        "name": p.person.display_name if shown else "",
        "case_visible": p.case_id is not None and cases_for(actor).filter(pk=p.case_id).exists(),
        "suspension": suspension,
        "active_measures": [m for m in p.measures.all() if m.is_active],
    }


# --- proceedings --------------------------------------------------------------------------------


@login_required
def proceedings_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can_any(Cap.PROCEEDINGS_WORK, Cap.PROCEEDINGS_VIEW_NATIONAL, Cap.CASE_VIEW_AGENCY):
        raise deny()
    qs = proceedings_for(actor).prefetch_related("articles")
    stage = request.GET.get("stage", "")
    if stage:
        qs = qs.filter(stage=stage)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rules = justice_rules()
    rows = [{"obj": p, "articles": _articles(p), "stage": rules.stage_name(p.stage)} for p in page]
    return render(
        request,
        "justice/proceedings_list.html",
        {
            "page": page,
            "rows": rows,
            "stages": rules.stages,
            "stage": stage,
            "can_open": actor.can(Cap.PROCEEDINGS_WORK) and actor.agency is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proceedings_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can(Cap.PROCEEDINGS_WORK) or actor.agency is None:
        raise deny()
    form = ProceedingsForm(
        request.POST or None,
        initial={"opened_on": timezone.localdate(), "stage": justice_rules().first_stage.code},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proceedings = do_open_proceedings(actor=actor, data=form.proceedings_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            messages.success(
                request, _("Proceedings %(number)s recorded.") % {"number": proceedings.number}
            )
            return redirect("justice:detail", pk=proceedings.pk)
    return render(request, "justice/proceedings_form.html", {"form": form, "proceedings": None})


@login_required
def proceedings_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk)
    level = view_level(actor, proceedings)
    record_proceedings_read(actor=actor, proceedings=proceedings, purpose="criminal proceedings")
    participants = visible_participants(actor, proceedings).prefetch_related(
        "suspensions", "measures"
    )
    editable = works_on(actor, proceedings)
    rules = justice_rules()
    context: dict[str, Any] = {
        "proceedings": proceedings,
        "full": level is View.FULL,
        "stage_name": rules.stage_name(proceedings.stage),
        "articles": _articles(proceedings),
        "participants": [_participant_row(actor, proceedings, p) for p in participants],
        "can_edit": editable,
        "expulsion_basis": rules.expulsion.legal_basis.cite(),
        "until_stage": rules.stage_name(rules.expulsion.until_stage),
    }
    if level is View.FULL:
        context |= {
            "proposals": proposed_articles(proceedings),
            "suspects": proceedings.suspects.all(),
            "legal_persons": proceedings.legal_persons.select_related("organisation"),
            "stage_changes": [
                {"obj": c, "from": rules.stage_name(c.from_stage) if c.from_stage else "",
                 "to": rules.stage_name(c.to_stage)}
                for c in proceedings.stage_changes.all()
            ],
        }  # fmt: skip
    if editable:
        context |= {
            "stage_form": StageForm(
                current=proceedings.stage,
                initial={"version": proceedings.version, "changed_on": timezone.localdate()},
            ),
            "suspect_form": SuspectForm(),
            "legal_person_form": LegalPersonForm(),
        }
    return render(request, "justice/proceedings_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proceedings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    if request.method == "POST":
        form = ProceedingsForm(request.POST, opening=False)
        if form.is_valid():
            try:
                do_update_proceedings(
                    actor=actor,
                    proceedings=proceedings,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.proceedings_input(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(service_errors(exc))
            else:
                messages.success(request, _("Proceedings saved."))
                return redirect("justice:detail", pk=proceedings.pk)
    else:
        record_proceedings_read(actor=actor, proceedings=proceedings, purpose="edit proceedings")
        form = ProceedingsForm(
            opening=False,
            initial={
                "number": proceedings.number,
                "opened_on": proceedings.opened_on,
                "offence_date": proceedings.offence_date,
                "articles": proceedings.article_keys,
                "summary": proceedings.summary,
                "version": proceedings.version,
            },
        )
    return render(
        request, "justice/proceedings_form.html", {"form": form, "proceedings": proceedings}
    )


@login_required
@require_POST
def proceedings_stage(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    form = StageForm(request.POST, current=proceedings.stage)
    if form.is_valid():
        try:
            do_change_stage(
                actor=actor,
                proceedings=proceedings,
                expected_version=form.cleaned_data["version"],
                stage=form.cleaned_data["stage"],
                changed_on=form.cleaned_data["changed_on"],
            )
        except (ValidationError, ConflictError) as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Stage recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("justice:detail", pk=proceedings.pk)


@login_required
@require_POST
def proceedings_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds the articles proposed for a minor victim."""
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        do_add_proposed_articles(actor=actor, proceedings=proceedings, expected_version=version)
    except (ValidationError, ConflictError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Articles added."))
    return redirect("justice:detail", pk=proceedings.pk)


@login_required
@require_POST
def suspect_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    form = SuspectForm(request.POST)
    if form.is_valid():
        try:
            do_add_suspect(actor=actor, proceedings=proceedings, data=form.suspect_input())
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Suspect added."))
    else:
        messages.error(request, _("Enter the suspect's family name."))
    return redirect("justice:detail", pk=proceedings.pk)


@login_required
@require_POST
def legal_person_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    form = LegalPersonForm(request.POST)
    if form.is_valid():
        try:
            do_add_legal_person(
                actor=actor, proceedings=proceedings, data=form.legal_person_input()
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Legal person added."))
    else:
        messages.error(request, _("Enter the name and the kind of the legal person."))
    return redirect("justice:detail", pk=proceedings.pk)


# --- participants -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = access_proceedings(actor, pk, write=True)
    form = ParticipantForm(
        request.POST or None,
        initial={"linked_on": timezone.localdate(), "citizenship_status": "citizen"},
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data.get("case_reference", "").strip()
        case = None
        if reference:
            case = linkable_cases(actor).filter(reference=reference).first()
            if case is None:
                form.add_error(
                    "case_reference",
                    _(
                        "No case with this number that your agency holds or that was referred to it."
                    ),
                )
        if not form.errors:
            try:
                participant = do_link_participant(
                    actor=actor,
                    proceedings=proceedings,
                    data=ParticipantInput(
                        role=form.cleaned_data["role"],
                        linked_on=form.cleaned_data["linked_on"],
                        case=case,
                        person=form.person_input(),
                    ),
                )
            except ValidationError as exc:
                form.add_service_errors(service_errors(exc))
            else:
                messages.success(request, _("Participant linked."))
                if participant.suspensions.filter(ended_on__isnull=True).exists():
                    messages.info(
                        request,
                        _("Expulsion and deportation of this person are suspended (%(basis)s).")
                        % {"basis": justice_rules().expulsion.legal_basis.cite()},
                    )
                return redirect("justice:detail", pk=proceedings.pk)
    return render(
        request, "justice/participant_form.html", {"form": form, "proceedings": proceedings}
    )


@login_required
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request_actor(request)
    participant = access_participant(actor, participant_id)
    proceedings = participant.proceedings
    record_proceedings_read(actor=actor, proceedings=proceedings, purpose="participant")
    editable = works_on(actor, proceedings)
    rules = justice_rules()
    is_victim = participant.role == "victim" and participant.is_active
    measures = [
        {
            "obj": m,
            "name": rules.measure(m.kind).name() if rules.measure(m.kind) else m.kind,  # type: ignore[union-attr]
            "basis": basis_citation(m.legal_basis),
            "end_basis": basis_citation(m.end_basis) if m.end_basis else "",
            "extend_form": ExtendMeasureForm(initial={"version": m.version}, prefix=f"x{m.pk}"),
            "end_form": EndMeasureForm(
                initial={"version": m.version, "ended_on": timezone.localdate()},
                prefix=f"e{m.pk}",
            ),
        }
        for m in participant.measures.all()
    ]
    return render(
        request,
        "justice/participant_detail.html",
        {
            "participant": participant,
            "proceedings": proceedings,
            "row": _participant_row(actor, proceedings, participant),
            "stage_name": rules.stage_name(proceedings.stage),
            "can_edit": editable,
            "is_victim": is_victim,
            "measures": measures,
            "suspensions": participant.suspensions.all(),
            "assistance": participant.legal_assistance.select_related("agency"),
            "can_assist": is_victim and can_record_assistance(actor, participant),
            "measure_form": MeasureForm(initial={"starts_on": timezone.localdate()}),
            "interference_form": InterferenceForm(initial={"recorded_on": timezone.localdate()}),
            "end_form": EndParticipationForm(initial={"ended_on": timezone.localdate()}),
            "assistance_form": AssistanceForm(initial={"given_on": timezone.localdate()}),
            "interference_basis": basis_citation(participant.interference_basis)
            if participant.interference_basis
            else "",
            "art18_p2": rules.interference_basis.cite(),
            "expulsion_basis": rules.expulsion.legal_basis.cite(),
            "until_stage": rules.stage_name(rules.expulsion.until_stage),
        },
    )


def _participant_action(
    request: HttpRequest, participant_id: int, *, write: bool = True
) -> tuple[Actor, Participant]:
    actor = request_actor(request)
    return actor, access_participant(actor, participant_id, write=write)


@login_required
@require_POST
def measure_apply(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor, participant = _participant_action(request, participant_id)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            do_apply_measure(actor=actor, participant=participant, data=form.measure_input())
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Measure applied."))
    else:
        messages.error(request, _("Choose the measure and the date it applies from."))
    return redirect("justice:participant", participant_id=participant.pk)


def _measure(actor: Actor, measure_id: int) -> ProtectionMeasure:
    measure = get_or_404(
        ProtectionMeasure.objects.select_related("participant__proceedings"), pk=measure_id
    )
    access_participant(actor, measure.participant_id, write=True)
    return measure


@login_required
@require_POST
def measure_extend(request: HttpRequest, measure_id: int) -> HttpResponse:
    actor = request_actor(request)
    measure = _measure(actor, measure_id)
    form = ExtendMeasureForm(request.POST, prefix=f"x{measure.pk}")
    apply_form(
        request,
        form,
        lambda data: do_extend_measure(
            actor=actor,
            measure=measure,
            expected_version=data["version"],
            ends_on=data["ends_on"],
        ),
        done=_("Measure extended."),
        invalid=_("Enter the new end date."),
    )
    return redirect("justice:participant", participant_id=measure.participant_id)


@login_required
@require_POST
def measure_end(request: HttpRequest, measure_id: int) -> HttpResponse:
    actor = request_actor(request)
    measure = _measure(actor, measure_id)
    form = EndMeasureForm(request.POST, prefix=f"e{measure.pk}")
    apply_form(
        request,
        form,
        lambda data: do_end_measure(
            actor=actor,
            measure=measure,
            expected_version=data["version"],
            ended_on=data["ended_on"],
            reason=data["reason"],
        ),
        done=_("Measure ended."),
        invalid=_("Enter the date and the reason."),
    )
    return redirect("justice:participant", participant_id=measure.participant_id)


@login_required
@require_POST
def interference(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor, participant = _participant_action(request, participant_id)
    form = InterferenceForm(request.POST)
    if form.is_valid():
        try:
            do_record_interference(
                actor=actor,
                participant=participant,
                recorded_on=form.cleaned_data["recorded_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("Interference recorded: protection measures end (%(basis)s).")
                % {"basis": justice_rules().interference_basis.cite()},
            )
    else:
        messages.error(request, _("Enter the date and describe the interference."))
    return redirect("justice:participant", participant_id=participant.pk)


@login_required
@require_POST
def participation_end(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor, participant = _participant_action(request, participant_id)
    form = EndParticipationForm(request.POST)
    if form.is_valid():
        try:
            do_end_participation(
                actor=actor,
                participant=participant,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Participation ended."))
    else:
        messages.error(request, _("Enter the date and the reason."))
    return redirect("justice:participant", participant_id=participant.pk)


@login_required
@require_POST
def legal_assistance(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor, participant = _participant_action(request, participant_id, write=False)
    if not can_record_assistance(actor, participant):
        raise deny()
    form = AssistanceForm(request.POST)
    if form.is_valid():
        try:
            do_record_legal_assistance(
                actor=actor, participant=participant, data=form.assistance_input()
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Legal assistance recorded."))
    else:
        messages.error(request, _("Enter the date."))
    return redirect("justice:participant", participant_id=participant.pk)


# --- expulsion check ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def expulsion_check(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can(Cap.EXPULSION_CHECK):
        raise deny()
    form = ExpulsionCheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = do_check_expulsion(actor=actor, query=form.query())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
    checked_by_name = bool(
        result is not None
        and form.cleaned_data.get("name")
        and form.cleaned_data.get("date_of_birth")
    )
    context = {"form": form, "result": result, "checked_by_name": checked_by_name}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "justice/_expulsion_result.html", context)
    return render(request, "justice/expulsion_check.html", context)
