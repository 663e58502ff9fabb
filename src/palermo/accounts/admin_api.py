"""API of the administration area: the same services, scope and step-up as the pages.

Collections answer 403 to a role that administers nothing; a user, membership or agency outside
the administrator's scope answers 404. Every change needs a fresh second factor: a session that
confirmed one within ``PALERMO_STEP_UP_SECONDS``, or a current code in ``X-Second-Factor``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts import administration as admin_services
from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.admin_access import (
    access_agency,
    access_membership,
    access_user,
    agencies_for,
    is_administrator,
    is_national_administrator,
    memberships_for,
    users_for,
)
from palermo.accounts.models import Agency, Membership, User
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.accounts.services import do_create_agency
from palermo.core.api import BoundedPagination, call_service

STEP_UP = (
    "Needs a fresh second factor: a session that confirmed one in the last few minutes, or a "
    "current code in the X-Second-Factor header; otherwise 403."
)


def _administrator(request: Request) -> Actor:
    actor = request_actor(request)
    if not is_administrator(actor):
        raise PermissionDenied()
    return actor


class MembershipOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.display_name")
    role = serializers.CharField()
    is_active = serializers.BooleanField()


class AdminUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    is_active = serializers.BooleanField()
    invited = serializers.BooleanField(help_text="Invited and has not set a password yet.")
    has_second_factor = serializers.BooleanField()
    version = serializers.IntegerField()
    memberships = MembershipOutSerializer(many=True)


def _user_data(actor: Actor, user: User) -> dict[str, Any]:
    scope = memberships_for(actor).filter(user=user).select_related("agency").order_by("id")
    return AdminUserSerializer(
        {
            "id": user.pk,
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "invited": not user.has_usable_password(),
            "has_second_factor": user.authenticator_devices.filter(confirmed=True).exists(),
            "version": user.version,
            "memberships": list(scope),
        }
    ).data


class InviteSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    agency = serializers.IntegerField(help_text="The agency of the first role.")
    role = serializers.CharField(max_length=40)


class InvitationOutSerializer(serializers.Serializer):
    user = AdminUserSerializer()
    invitation_url = serializers.CharField(help_text="Shown once; only its hash is stored.")
    expires_at = serializers.DateTimeField()


class UserUpdateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, allow_blank=True)
    last_name = serializers.CharField(max_length=150, allow_blank=True)
    email = serializers.CharField(max_length=254, allow_blank=True)
    version = serializers.IntegerField(help_text="The version you read; 409 if it changed.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The user's version you read; 409 if it changed.")


class GrantSerializer(VersionSerializer):
    agency = serializers.IntegerField()
    role = serializers.CharField(max_length=40)


class RoleChangeSerializer(VersionSerializer):
    role = serializers.CharField(max_length=40)


class AdminAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "region", "email", "catalogue_code", "is_active", "version"]


class AgencyInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=60)
    region = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField(required=False, help_text="For a change: the version read.")


def _moment(value: datetime) -> Any:
    return serializers.DateTimeField().to_representation(value)


def _link(request: Request, token: str) -> str:
    return request.build_absolute_uri(reverse("accounts:accept_invitation", args=[token]))


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _agency_or_error(agency_id: int) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise serializers.ValidationError({"agency": [_("No such agency.")]})
    return agency


class AdminUserListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Users the administrator manages", responses=AdminUserSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        actor = _administrator(request)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(
            users_for(actor).order_by("username"), request, view=self
        )
        return paginator.get_paginated_response([_user_data(actor, u) for u in page or []])

    @extend_schema(
        summary="Invite a user with a first role (returns the single-use link once)",
        description=STEP_UP,
        request=InviteSerializer,
        responses={201: InvitationOutSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = _administrator(request)
        require_recent_second_factor_api(request)
        d = _valid(InviteSerializer, request)
        agency = _agency_or_error(d.pop("agency"))
        issued = call_service(admin_services.do_invite_user, actor=actor, agency=agency, **d)
        user = issued.invitation.user
        url = _link(request, issued.token)
        body = {
            "user": _user_data(actor, user),
            "invitation_url": url,
            "expires_at": _moment(issued.invitation.expires_at),
        }
        return Response(body, status=status.HTTP_201_CREATED)


class AdminUserAPI(APIView):
    @extend_schema(summary="One user", responses=AdminUserSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        actor = _administrator(request)
        return Response(_user_data(actor, access_user(actor, user_id)))

    @extend_schema(
        summary="Change a user's name and e-mail",
        description=STEP_UP,
        request=UserUpdateSerializer,
        responses=AdminUserSerializer,
    )
    def patch(self, request: Request, user_id: int) -> Response:
        actor = _administrator(request)
        user = access_user(actor, user_id)
        require_recent_second_factor_api(request)
        d = _valid(UserUpdateSerializer, request)
        user = call_service(
            admin_services.do_update_user,
            actor=actor,
            user=user,
            expected_version=d.pop("version"),
            **d,
        )
        return Response(_user_data(actor, user))


class AdminUserActionAPI(APIView):
    """deactivate, reactivate, reset-second-factor, invitation (a new link)."""

    action_name = ""

    @extend_schema(
        summary="An action on a user's account",
        description=STEP_UP,
        request=VersionSerializer,
        responses=AdminUserSerializer,
    )
    def post(self, request: Request, user_id: int) -> Response:
        actor = _administrator(request)
        user = access_user(actor, user_id)
        require_recent_second_factor_api(request)
        version = _valid(VersionSerializer, request)["version"]
        if self.action_name == "invitation":
            issued = call_service(
                admin_services.do_reissue_invitation,
                actor=actor,
                user=user,
                expected_version=version,
            )
            body = {
                "user": _user_data(actor, issued.invitation.user),
                "invitation_url": _link(request, issued.token),
                "expires_at": _moment(issued.invitation.expires_at),
            }
            return Response(body, status=status.HTTP_201_CREATED)
        if self.action_name == "reset-second-factor":
            user = call_service(
                admin_services.do_reset_second_factor,
                actor=actor,
                user=user,
                expected_version=version,
            )
        else:
            user = call_service(
                admin_services.do_set_user_active,
                actor=actor,
                user=user,
                active=self.action_name == "reactivate",
                expected_version=version,
            )
        return Response(_user_data(actor, user))


class AdminMembershipGrantAPI(APIView):
    @extend_schema(
        summary="Give a user a role in an agency",
        description=STEP_UP,
        request=GrantSerializer,
        responses={201: AdminUserSerializer},
    )
    def post(self, request: Request, user_id: int) -> Response:
        actor = _administrator(request)
        user = access_user(actor, user_id)
        require_recent_second_factor_api(request)
        d = _valid(GrantSerializer, request)
        call_service(
            admin_services.do_grant_membership,
            actor=actor,
            user=user,
            agency=_agency_or_error(d["agency"]),
            role=d["role"],
            expected_version=d["version"],
        )
        user.refresh_from_db()
        return Response(_user_data(actor, user), status=status.HTTP_201_CREATED)


class AdminMembershipAPI(APIView):
    @extend_schema(
        summary="Change the role of a membership",
        description=STEP_UP,
        request=RoleChangeSerializer,
        responses=AdminUserSerializer,
    )
    def patch(self, request: Request, membership_id: int) -> Response:
        actor = _administrator(request)
        membership: Membership = access_membership(actor, membership_id)
        require_recent_second_factor_api(request)
        d = _valid(RoleChangeSerializer, request)
        call_service(
            admin_services.do_change_membership_role,
            actor=actor,
            membership=membership,
            role=d["role"],
            expected_version=d["version"],
        )
        user = User.objects.get(pk=membership.user_id)
        return Response(_user_data(actor, user))


class AdminMembershipRemoveAPI(APIView):
    @extend_schema(
        summary="Take a role away (the membership is kept, inactive, for the record)",
        description=STEP_UP,
        request=VersionSerializer,
        responses=AdminUserSerializer,
    )
    def post(self, request: Request, membership_id: int) -> Response:
        actor = _administrator(request)
        membership: Membership = access_membership(actor, membership_id)
        require_recent_second_factor_api(request)
        d = _valid(VersionSerializer, request)
        call_service(
            admin_services.do_remove_membership,
            actor=actor,
            membership=membership,
            expected_version=d["version"],
        )
        user = User.objects.get(pk=membership.user_id)
        return Response(_user_data(actor, user))


class AdminAgencyListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Agencies the administrator manages", responses=AdminAgencySerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        actor = _administrator(request)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(agencies_for(actor).order_by("name"), request, view=self)
        return paginator.get_paginated_response(AdminAgencySerializer(page, many=True).data)

    @extend_schema(
        summary="Create an agency (national administrator)",
        description=STEP_UP,
        request=AgencyInSerializer,
        responses={201: AdminAgencySerializer},
    )
    def post(self, request: Request) -> Response:
        actor = _administrator(request)
        if not is_national_administrator(actor):
            raise PermissionDenied()
        require_recent_second_factor_api(request)
        d = _valid(AgencyInSerializer, request)
        values = call_service(
            admin_services.validate_agency_input,
            name=d["name"],
            kind=d["kind"],
            region=d["region"],
            email=d["email"],
        )
        agency = call_service(do_create_agency, actor=actor, **values)
        return Response(AdminAgencySerializer(agency).data, status=status.HTTP_201_CREATED)


class AdminAgencyAPI(APIView):
    @extend_schema(summary="One agency", responses=AdminAgencySerializer)
    def get(self, request: Request, agency_id: int) -> Response:
        actor = _administrator(request)
        return Response(AdminAgencySerializer(access_agency(actor, agency_id)).data)

    @extend_schema(
        summary="Edit, deactivate or reactivate an agency (national administrator)",
        description=STEP_UP,
        request=AgencyInSerializer,
        responses=AdminAgencySerializer,
    )
    def patch(self, request: Request, agency_id: int) -> Response:
        actor = _administrator(request)
        agency = access_agency(actor, agency_id, write=True)
        require_recent_second_factor_api(request)
        d = _valid(AgencyInSerializer, request)
        if "version" not in d:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        agency = call_service(
            admin_services.do_update_agency,
            actor=actor,
            agency=agency,
            expected_version=d["version"],
            name=d["name"],
            kind=d["kind"],
            region=d["region"],
            email=d["email"],
            is_active=d["is_active"],
        )
        return Response(AdminAgencySerializer(agency).data)
