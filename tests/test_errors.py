"""Every error answer has the same shape: Message, Code, and Errors on a 400."""

import pytest
from django.test import Client

from tests.helpers import bearer, encounters_url


def test_a_body_that_is_not_json_is_a_400_naming_the_body(api, db):
    response = api.post("/api/token/", data="\x00", content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert list(body["Errors"]) == ["body"]
    assert "JSON parse error" in body["Message"]


def test_a_missing_field_is_a_400_naming_the_field(api, db):
    response = api.post("/api/token/", {"username": "someone"})

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["password"]


def test_a_refusal_has_a_message_and_a_code(api, db):
    body = api.get(encounters_url("me")).json()

    assert set(body) == {"Message", "Code"}


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("path", ["/api/users/me", "/api/users/me/encounters//", "/api/nothing"])
def test_an_unknown_api_path_is_a_json_404_in_debug_mode_too(client, db, settings, debug, path):
    settings.DEBUG = debug

    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"Message": "Not found.", "Code": "not_found"}


def test_a_path_that_only_lacks_its_slash_still_redirects(client, db):
    response = client.get("/api/docs")

    assert response.status_code == 301
    assert response["Location"] == "/api/docs/"


def test_a_disallowed_host_is_a_json_400(client, db, settings):
    settings.DEBUG = False

    response = client.get(encounters_url("me"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["request"]


@pytest.mark.parametrize("debug", [True, False])
def test_too_many_query_parameters_is_a_json_400(api, student, settings, debug):
    settings.DEBUG = debug
    query = "&".join(["status=Full"] * 1001)

    response = api.get(f"{encounters_url('me')}?{query}", **bearer(student))

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["query"]


def test_pages_outside_the_api_keep_djangos_html_errors(client, db):
    response = client.get("/not-the-api/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_refused_outside_the_views_keeps_its_allow_header(client, db):
    response = client.get("/api/auth/logout/")

    assert response.status_code == 405
    assert response.json()["Code"] == "method_not_allowed"
    assert "POST" in response["Allow"]


def test_a_csrf_failure_under_the_api_is_json(db):
    response = Client(enforce_csrf_checks=True).post("/api/auth/login/", {"username": "x"})

    assert response.status_code == 403
    assert response.json()["Code"] == "csrf_failed"


def test_json_nested_too_deep_is_a_400(api, db):
    body = "[" * 100_000 + "]" * 100_000

    response = api.post("/api/token/", body, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["body"]


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_refuse_other_methods_without_a_500(client, db, page):
    for method in ("options", "post", "delete"):
        assert getattr(client, method)(page).status_code == 405
