"""The schema tells the truth about what the API answers: the shared error answers, pages of
lists, fields that may be null, the content type of files, JSON for an unknown API URL. (The
bounded schemathesis run in CI, tests/fuzz/run_schemathesis.py, checks it against live answers.)"""

from __future__ import annotations

import pytest
from django.test import Client
from jsonschema import Draft4Validator

from palermo.cases.services import do_register_case
from tests.conftest import case_input, person_input


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def nullable_to_draft4(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema, and component references resolved."""
    if isinstance(node, list):
        return [nullable_to_draft4(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: nullable_to_draft4(v) for k, v in node.items() if k not in ("nullable", "readOnly")}
    if node.get("nullable") and "type" in node:
        out["type"] = [node["type"], "null"]
    return out


def validator_for(schema: dict, node: dict) -> Draft4Validator:
    components = {n: nullable_to_draft4(s) for n, s in schema["components"]["schemas"].items()}
    rooted = {**nullable_to_draft4(node), "components": {"schemas": components}}
    return Draft4Validator(rooted)


def test_every_operation_documents_the_shared_error_answers(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404"} <= documented, (method, path)
            if method != "get":
                assert {"400", "409"} <= documented, (method, path)


def test_an_unknown_api_url_answers_json_404(personas, api_for):
    response = api_for("admin").get("/api/cases/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/cases/", "/api/hotline/calls/", "/api/referrals/"])
def test_a_list_answers_the_page_the_schema_describes(schema, personas, api_for, path):
    answer = api_for("admin").get(path)
    assert answer.status_code == 200
    described = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert set(resolve(schema, described["schema"])["properties"]) >= {"count", "results"}
    validator_for(schema, described["schema"]).validate(answer.json())
    limit = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
    assert {"limit", "offset"} <= limit


def test_a_case_without_an_age_conforms(schema, actor, api_for):
    # A person whose date of birth is unknown: "age_at_identification": null.
    case = do_register_case(
        actor=actor("officer_minsk"), person=person_input(date_of_birth=None), case=case_input()
    )
    answer = api_for("admin").get(f"/api/cases/{case.pk}/")
    assert answer.json()["age_at_identification"] is None
    assert answer.status_code == 200
    described = schema["paths"]["/api/cases/{case_id}/"]["get"]["responses"]["200"]
    validator_for(schema, described["content"]["application/json"]["schema"]).validate(
        answer.json()
    )


def test_files_are_documented_with_their_content_types(schema):
    pdf = schema["paths"]["/api/lifecycle/persons/{person_id}/file/pdf/"]["get"]
    assert set(pdf["responses"]["200"]["content"]) == {"application/pdf"}
    export = schema["paths"]["/api/registries/export/{registry}/{fmt}/"]["get"]
    assert "text/csv" in export["responses"]["200"]["content"]


def test_a_request_django_refuses_to_read_answers_json_400(personas, api_for):
    # More form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses before any view runs.
    body = "&".join(f"f{n}=x" for n in range(1200))
    response = api_for("admin").post(
        "/api/crossborder/packages/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "The request could not be read."}
