from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.models import Agency


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "region", "catalogue_code"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    agency = AgencySerializer(allow_null=True)
    role = serializers.CharField(allow_null=True)
    capabilities = serializers.ListField(child=serializers.CharField())


class MeAPI(APIView):
    @extend_schema(summary="Who am I acting as", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        role = actor.role
        return Response(
            MeSerializer(
                {
                    "username": actor.user.get_username(),
                    "agency": actor.agency,
                    "role": role.code if role else None,
                    "capabilities": sorted(role.capabilities) if role else [],
                }
            ).data
        )


class AgencyListAPI(APIView):
    """The agencies of the referral mechanism (names and kinds are not confidential)."""

    @extend_schema(summary="List agencies", responses=AgencySerializer(many=True))
    def get(self, request: Request) -> Response:
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        return Response(AgencySerializer(agencies, many=True).data)
