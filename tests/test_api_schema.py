"""The OpenAPI schema that integrators read: complete, valid, and with stable enum names."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    # --fail-on-warn: an endpoint drf-spectacular cannot describe, or two choice sets that end up
    # with generated names such as "Outcome7f8Enum", fails here instead of confusing a client.
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    enums = {name for name in schema["components"]["schemas"] if name.endswith("Enum")}
    assert {"CallOutcomeEnum", "StatusDecisionOutcomeEnum", "CaseStatusEnum"} <= enums
    assert any(path.startswith("/api/shelters/") for path in schema["paths"])
    assert any(path.startswith("/api/justice/") for path in schema["paths"])
    assert any(path.startswith("/api/compensation/") for path in schema["paths"])
