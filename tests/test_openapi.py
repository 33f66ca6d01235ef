"""The OpenAPI description: valid, checked in, and true to the answers."""

import json
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from tests.factories import EncounterFactory
from tests.helpers import QUERY_PARAMETERS, bearer, encounters_url

ROOT = Path(__file__).resolve().parent.parent
CHECKED_IN = ROOT / "openapi.yaml"
SEED_SAMPLE = json.loads((Path(__file__).parent / "data" / "seed_sample.json").read_text())
ENDPOINT = "/api/users/{userIdentifier}/encounters"


@pytest.fixture(scope="module")
def schema():
    return yaml.safe_load(CHECKED_IN.read_text())


def _validator(schema, name):
    """A validator for one component, resolving the others the way the document does."""
    return OAS30Validator(
        {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}
    )


def test_the_checked_in_schema_is_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")

    assert generated.read_text() == CHECKED_IN.read_text(), (
        "openapi.yaml is out of date: run `make openapi` and review the difference."
    )


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_the_seed_pages_sample_answer_fits_the_schema(schema):
    _validator(schema, "AvailableEncounterList").validate(SEED_SAMPLE)


def test_the_endpoint_is_described_as_the_contract_has_it(schema):
    operation = schema["paths"][ENDPOINT]["get"]
    item = schema["components"]["schemas"]["AvailableEncounter"]

    assert list(item["properties"]) == list(SEED_SAMPLE[0])
    assert sorted(item["required"]) == sorted(SEED_SAMPLE[0])
    assert schema["components"]["schemas"]["AvailableClassStatus"]["enum"] == [
        "Available",
        "Full",
        "Cancelled",
    ]
    parameters = {p["name"] for p in operation["parameters"]}
    assert parameters == {"userIdentifier", "If-None-Match", *QUERY_PARAMETERS}
    assert set(operation["responses"]) == {"200", "304", "400", "401", "403", "406", "429", "503"}
    assert set(operation["responses"]["200"]["headers"]) == {"X-Total-Count", "Link", "ETag"}
    assert set(operation["responses"]["304"]["headers"]) == {"ETag"}
    assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/json"}
    assert {"jwtAuth": []} in operation["security"]
    assert schema["components"]["securitySchemes"]["jwtAuth"]["scheme"] == "bearer"
    assert {"/api/token/", "/api/token/refresh/"} <= set(schema["paths"])


def test_real_answers_fit_the_schema(api, schema, student):
    EncounterFactory.create_batch(3, center=student.center)
    headers = bearer(student)

    ok = api.get(encounters_url("me"), **headers)
    invalid = api.get(encounters_url("me"), {"limit": "0", "from": "x"}, **headers)
    anonymous = api.get(encounters_url("me"))

    _validator(schema, "AvailableEncounterList").validate(ok.json())
    _validator(schema, "ValidationError").validate(invalid.json())
    _validator(schema, "Error").validate(anonymous.json())


@pytest.mark.parametrize(
    ("query", "accept", "content_type"),
    [
        ("", None, "application/vnd.oai.openapi"),
        ("?format=json", None, "application/vnd.oai.openapi+json"),
        ("", "application/json", "application/json"),
    ],
)
def test_the_schema_is_served_as_yaml_or_json(client, db, query, accept, content_type):
    extra = {"HTTP_ACCEPT": accept} if accept else {}

    response = client.get(f"/api/schema/{query}", **extra)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    document = (
        json.loads(response.content) if "json" in content_type else yaml.safe_load(response.content)
    )
    assert ENDPOINT in document["paths"]


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_use_only_local_assets(client, db, page):
    response = client.get(page)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    for host in ("cdn.", "jsdelivr", "unpkg", "googleapis"):
        assert host not in html
    assets = [part.split('"')[0] for part in html.split('src="')[1:]]
    local = [asset for asset in assets if asset.startswith("/static/")]
    assert local
    for asset in local:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_assets_are_served_without_debug_or_collectstatic(client, db, settings):
    settings.DEBUG = False
    html = client.get("/api/docs/").content.decode()
    asset = next(
        part.split('"')[0] for part in html.split('src="')[1:] if part.startswith("/static/")
    )

    response = client.get(asset)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)
