"""Shared pieces of the case-parts API."""

from __future__ import annotations

from rest_framework import serializers

from palermo.jurisdictions.model import LegalBasis


def basis_dict(basis: LegalBasis) -> dict[str, str]:
    return {"key": basis.key, "citation": basis.cite(), "title": basis.title()}


class LegalBasisSerializer(serializers.Serializer):
    key = serializers.CharField()
    citation = serializers.CharField()
    title = serializers.CharField()
