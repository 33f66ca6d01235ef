"""The endpoint as HTTP: paths, methods, media types and headers."""

import json

import pytest
from rest_framework.test import APIClient

from tests.factories import EncounterFactory
from tests.helpers import bearer, encounters_url


@pytest.fixture
def headers(student):
    EncounterFactory(center=student.center)
    return bearer(student)


@pytest.mark.parametrize("path", ["/api/users/me/encounters", "/api/users/me/encounters/"])
def test_the_path_answers_with_and_without_a_trailing_slash(api, headers, path):
    response = api.get(path, **headers)

    assert response.status_code == 200
    assert len(response.json()) == 1


def test_head_answers_like_get_without_a_body(api, headers):
    response = api.head(encounters_url("me"), **headers)

    assert response.status_code == 200
    assert response["X-Total-Count"] == "1"


def test_options_describes_the_endpoint(api, headers):
    response = api.options(encounters_url("me"), **headers)

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_answer_405_with_or_without_credentials(api, headers, method):
    signed_in = getattr(api, method)(encounters_url("me"), **headers)
    anonymous = getattr(api, method)(encounters_url("me"))

    assert signed_in.status_code == anonymous.status_code == 405
    assert signed_in["Allow"] == "GET, HEAD, OPTIONS"
    assert signed_in.json()["Code"] == "method_not_allowed"


def test_a_session_post_is_405_not_a_csrf_failure(headers, student):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(student)

    response = client.post(encounters_url("me"))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/*", "application/json"),
        ("text/json", "text/json"),
        ("text/json, application/json;q=0.5", "text/json"),
        ("application/xml;q=0.9, application/json;q=0.5", "application/json"),
        ("application/json;q=0, text/json", "text/json"),
        ("application/json;q=0.2, */*;q=0.1", "application/json"),
        ("text/json;q=0.4, application/json;q=0.5", "application/json"),
        ("application/json; indent=2", "application/json"),
        ("application/json;q=banana", "application/json"),
        ("", "application/json"),
    ],
)
def test_json_or_text_json_by_accept(api, headers, accept, content_type):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}

    response = api.get(encounters_url("me"), **headers, **extra)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert len(json.loads(response.content)) == 1


def test_a_browser_gets_the_browsable_api(api, headers):
    response = api.get(
        encounters_url("me"),
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        **headers,
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Filters" in response.content


@pytest.mark.parametrize(
    "accept",
    [
        "application/xml",
        "image/png",
        "text/plain",
        "application/json;q=0",
        "*/*;q=0",
        ";;;",
        "json",
        "application/xml;a=" + "x" * 300,
        "application/json;q=0;a=" + "x" * 300,
    ],
)
def test_an_accept_without_json_or_html_is_406(api, headers, accept):
    response = api.get(encounters_url("me"), HTTP_ACCEPT=accept, **headers)

    assert response.status_code == 406
    assert response.json()["Code"] == "not_acceptable"


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*"])
def test_an_explicit_format_wins_over_accept(api, headers, accept):
    response = api.get(encounters_url("me"), {"format": "json"}, HTTP_ACCEPT=accept, **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_an_unknown_format_parameter_is_ignored(api, headers):
    response = api.get(encounters_url("me"), {"format": "xml"}, **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_error_answers_are_private_too(api):
    response = api.get(encounters_url("me"))

    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_other_api_paths_answer_json_404(api, settings):
    settings.DEBUG = False

    response = api.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json()["Code"] == "not_found"


def test_an_empty_identifier_is_malformed(api, headers):
    response = api.get("/api/users//encounters", **headers)

    assert response.status_code == 400
    assert "userIdentifier" in response.json()["Errors"]
