"""Cross-border pages: the overview, partners and keys, sending, receiving a file, answering."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import access_case
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.core.feedback import flash_errors, service_errors
from palermo.crossborder.access import (
    access_incoming,
    access_outgoing,
    access_partner,
    can_answer_incoming,
    can_deliver_outgoing,
    can_manage_partners,
    can_send,
    can_upload,
    can_use_crossborder,
    incoming_for,
    outgoing_for,
    partners_for,
)
from palermo.crossborder.forms import AnswerForm, PartnerForm, SendForm, UploadForm
from palermo.crossborder.models import IncomingReferral, Partner
from palermo.crossborder.package import PackageRefused, grouped
from palermo.crossborder.payload import IncomingContent, read_payload
from palermo.crossborder.services import (
    do_answer_incoming,
    do_deliver_answer,
    do_deliver_referral,
    do_generate_installation_key,
    do_receive_package,
    do_register_partner,
    do_send_referral,
    do_set_partner_active,
    own_keypair,
    public_key_text,
    record_incoming_read,
)
from palermo.crossborder.vocab import Decision, IncomingStatus, ReferralReason, SharedPart
from palermo.people.duplicates import MatchReport, do_check_duplicates

LIST_LIMIT = 100


def _package_file(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _require_user(actor: Actor) -> None:
    if not can_use_crossborder(actor):
        raise deny()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_user(actor)
    return render(
        request,
        "crossborder/index.html",
        {
            "outgoing": outgoing_for(actor)[:LIST_LIMIT],
            "incoming": incoming_for(actor)[:LIST_LIMIT],
            "can_upload": can_upload(actor),
            "can_manage": can_manage_partners(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partners(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = partners_for(actor)
    if rows.query.is_empty():
        raise deny()
    manage = can_manage_partners(actor)
    form = PartnerForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise deny()
        if form.is_valid():
            try:
                partner = do_register_partner(actor=actor, data=form.partner_input())
            except ValidationError as exc:
                form.add_service_errors(service_errors(exc))
            else:
                messages.success(
                    request,
                    _("Partner registered. Compare its fingerprint by phone: %(fp)s")
                    % {"fp": partner.fingerprint_grouped},
                )
                return redirect("crossborder:partners")
    keys = own_keypair()
    return render(
        request,
        "crossborder/partners.html",
        {
            "partners": rows,
            "form": form,
            "can_manage": manage,
            "own_fingerprint": grouped(keys.public.fingerprint) if keys else "",
            "own_key_text": public_key_text(),
        },
    )


@login_required
@require_POST
def key_generate(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_manage_partners(actor):
        raise deny()
    try:
        do_generate_installation_key(actor=actor)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("This installation's key pair was created."))
    return redirect("crossborder:partners")


@login_required
def key_download(request: HttpRequest) -> HttpResponse:
    _require_user(request_actor(request))
    text = public_key_text()
    if text is None:
        raise deny()
    return _package_file(text, "palermo-public-key")


@login_required
@require_POST
def partner_active(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = request_actor(request)
    partner: Partner = access_partner(actor, partner_id, write=True)
    active = request.POST.get("active") == "1"
    do_set_partner_active(actor=actor, partner=partner, active=active)
    messages.success(request, _("Exchange resumed.") if active else _("Exchange suspended."))
    return redirect("crossborder:partners")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_send(actor, case):
        raise deny()
    active = partners_for(actor).filter(is_active=True)
    form = SendForm(request.POST or None, partners=active)
    if request.method == "POST" and form.is_valid():
        try:
            referral = do_send_referral(actor=actor, case=case, data=form.send_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            messages.success(request, _("The referral was sealed for the partner."))
            return redirect("crossborder:outgoing", referral_id=referral.pk)
    return render(request, "crossborder/send.html", {"case": case, "form": form})


@login_required
def outgoing_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = access_outgoing(actor, referral_id)
    parts = dict(SharedPart.choices)
    return render(
        request,
        "crossborder/outgoing.html",
        {
            "referral": referral,
            "shared": [parts.get(p, p) for p in referral.shared_parts],
            "reason": dict(ReferralReason.choices).get(referral.reason, referral.reason),
            "can_deliver": can_deliver_outgoing(actor, referral),
        },
    )


@login_required
def outgoing_package(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = access_outgoing(request_actor(request), referral_id, write=True)
    return _package_file(referral.package, f"referral-{referral.package_id}")


@login_required
@require_POST
def outgoing_deliver(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = access_outgoing(actor, referral_id, write=True)
    try:
        do_deliver_referral(actor=actor, referral=referral)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Delivered to the partner's installation."))
    return redirect("crossborder:outgoing", referral_id=referral.pk)


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_upload(actor):
        raise deny()
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            received = do_receive_package(
                text=form.cleaned_data["package"], actor=actor, channel="upload"
            )
        except PackageRefused as exc:
            form.add_error(None, _("Package refused: %(why)s") % {"why": exc.message})
            status = 400
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            return _after_receipt(request, actor, received.incoming, received.outgoing)
    elif request.method == "POST":
        status = 400
    return render(request, "crossborder/receive.html", {"form": form}, status=status)


def _after_receipt(
    request: HttpRequest, actor: Actor, incoming: Any, outgoing: Any
) -> HttpResponse:
    if outgoing is not None:
        messages.success(
            request,
            _("The partner's answer was taken in: %(status)s.")
            % {"status": outgoing.get_status_display()},
        )
        if outgoing_for(actor).filter(pk=outgoing.pk).exists():
            return redirect("crossborder:outgoing", referral_id=outgoing.pk)
        return redirect("crossborder:index")
    messages.success(
        request,
        _("The referral was received into the queue of %(agency)s.")
        % {"agency": incoming.agency.display_name},
    )
    if incoming_for(actor).filter(pk=incoming.pk).exists():
        return redirect("crossborder:incoming", incoming_id=incoming.pk)
    return redirect("crossborder:index")


def _duplicates(actor: Actor, content: IncomingContent) -> MatchReport | None:
    if not content.names:
        return None
    try:
        return do_check_duplicates(actor=actor, data=content.person_input())
    except ValidationError:
        return None  # a role without the duplicate check sees the count only


@never_cache
@login_required
def incoming_detail(
    request: HttpRequest, incoming_id: int, form: AnswerForm | None = None
) -> HttpResponse:
    actor = request_actor(request)
    incoming: IncomingReferral = access_incoming(actor, incoming_id)
    record_incoming_read(actor=actor, incoming=incoming, purpose="cross-border referral")
    content = read_payload(incoming.payload)
    can_answer = can_answer_incoming(actor, incoming) and incoming.status == IncomingStatus.RECEIVED
    if can_answer and form is None:
        form = AnswerForm(
            initial={
                "decision": Decision.ACCEPT,
                "region": getattr(incoming.agency, "region", ""),
                "family_name": content.names.get("family_name", ""),
                "given_name": content.names.get("given_name", ""),
                "exploitation_forms": content.exploitation_forms,
                "expected_version": incoming.version,
            }
        )
    parts = dict(SharedPart.choices)
    return render(
        request,
        "crossborder/incoming.html",
        {
            "incoming": incoming,
            "content": content,
            "shared": [parts.get(p, p) for p in content.shared],
            "reason": dict(ReferralReason.choices).get(content.reason, content.reason),
            "report": _duplicates(actor, content) if can_answer else None,
            "form": form if can_answer else None,
            "can_deliver": can_answer_incoming(actor, incoming) and bool(incoming.answer_package),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def incoming_answer(request: HttpRequest, incoming_id: int) -> HttpResponse:
    actor = request_actor(request)
    incoming = access_incoming(actor, incoming_id, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = do_answer_incoming(
                actor=actor,
                incoming=incoming,
                expected_version=form.cleaned_data["expected_version"],
                data=form.answer_input(),
            )
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            if answered.case is not None:
                messages.success(
                    request,
                    _("Accepted: case %(ref)s registered.") % {"ref": answered.case.reference},
                )
            else:
                messages.success(request, _("Declined."))
            return redirect("crossborder:incoming", incoming_id=incoming.pk)
    return incoming_detail(request, incoming.pk, form=form)


@login_required
def incoming_answer_package(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = access_incoming(request_actor(request), incoming_id, write=True)
    if not incoming.answer_package:
        raise deny()
    return _package_file(incoming.answer_package, f"answer-{incoming.package_id}")


@login_required
@require_POST
def incoming_deliver_answer(request: HttpRequest, incoming_id: int) -> HttpResponse:
    actor = request_actor(request)
    incoming = access_incoming(actor, incoming_id, write=True)
    try:
        do_deliver_answer(actor=actor, incoming=incoming)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The answer was delivered to the partner's installation."))
    return redirect("crossborder:incoming", incoming_id=incoming.pk)
