"""The case timeline through the API: the same story, limited the same way as the web page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.cases.access import access_case
from palermo.cases.timeline import timeline_for


class TimelineEntrySerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    when = serializers.DateTimeField()
    what = serializers.CharField(source="label")
    actor = serializers.CharField()
    agency = serializers.CharField()
    purpose = serializers.CharField()


class CaseTimelineAPI(APIView):
    @extend_schema(summary="A case's timeline", responses=TimelineEntrySerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        entries = timeline_for(actor, case)
        return Response(TimelineEntrySerializer(entries, many=True).data)
