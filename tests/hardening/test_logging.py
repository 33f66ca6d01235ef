"""Structured logs: one line per request, an audit line per refusal, no secrets."""

import json
import logging
import runpy
from logging.config import dictConfig
from pathlib import Path

import pytest
from django.test import Client
from gunicorn.http.errors import InvalidHeader, InvalidRequestLine, ObsoleteFolding

from tests.factories import PASSWORD
from tests.helpers import bearer, encounters_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "encounters_project.requests"]


def test_one_line_per_request_with_what_it_was(api, student, lines):
    api.get(encounters_url("me"), HTTP_X_REQUEST_ID="abc-123", **bearer(student))

    [record] = _request_records(lines)
    assert record.method == "GET"
    assert "encounters" in record.route
    assert record.status == 200
    assert record.duration_ms >= 0
    assert record.user_id == str(student.pk)
    assert record.request_id == "abc-123"


def test_the_request_id_goes_back_and_is_made_when_missing(api, student):
    given = api.get(encounters_url("me"), HTTP_X_REQUEST_ID="abc-123", **bearer(student))
    made = api.get(encounters_url("me"), **bearer(student))
    odd = api.get(
        encounters_url("me"), HTTP_X_REQUEST_ID="bad id\nwith: newline", **bearer(student)
    )

    assert given["X-Request-ID"] == "abc-123"
    assert len(made["X-Request-ID"]) == 32
    assert odd["X-Request-ID"] != "bad id\nwith: newline"


def test_lines_are_json(api, student, capfd, settings):
    dictConfig(settings.LOGGING)
    api.get(encounters_url("me"), **bearer(student))

    err = capfd.readouterr().err.strip().splitlines()
    entries = [json.loads(line) for line in err if line.startswith("{")]
    request = next(entry for entry in entries if entry.get("message") == "request")
    assert request["status"] == 200
    assert request["levelname"] == "INFO"


def test_a_refusal_is_an_audit_line_without_secrets(api, student, staff_member, lines):
    from tests.factories import StudentFactory

    outsider = StudentFactory()
    headers = bearer(outsider)

    api.get(encounters_url(student.reference_id), **headers)

    [audit] = [r for r in lines.records if r.name == "encounters.views"]
    assert audit.levelname == "INFO"
    assert (audit.caller, audit.target, audit.reason) == (
        str(outsider.pk),
        student.reference_id,
        "permission_denied",
    )
    text = lines.text
    assert headers["HTTP_AUTHORIZATION"].split()[1] not in text


def test_no_password_reaches_the_logs(api, student, lines):
    api.post("/api/token/", {"username": student.username, "password": "wrong-password-9"})
    api.post("/api/token/", {"username": student.username, "password": PASSWORD})

    assert "wrong-password-9" not in lines.text
    assert PASSWORD not in lines.text


def test_a_query_string_never_reaches_the_logs(api, student, lines):
    token = bearer(student)["HTTP_AUTHORIZATION"].split()[1]

    api.get(f"{encounters_url('me')}?access_token={token}")
    api.post("/api/token/?password=QUERY-PASSWORD", {"username": "x", "password": "y"})

    assert token not in lines.text
    assert "QUERY-PASSWORD" not in lines.text
    django_lines = [r for r in lines.records if r.name == "django.request"]
    assert django_lines
    assert all("?" not in str(getattr(r, "request", "")) for r in django_lines)


def test_what_django_security_logs_carries_no_query_string(client, db, capfd, settings):
    dictConfig(settings.LOGGING)
    csrf_checked = Client(enforce_csrf_checks=True)

    csrf_checked.post("/api/auth/login/?password=QS-SECRET-1&token=QS-TOKEN-1", {"username": "x"})
    client.get("/api/users/me/encounters?access_token=QS-TOKEN-2", HTTP_HOST="evil.example")

    err = capfd.readouterr().err
    for secret in ("QS-SECRET-1", "QS-TOKEN-1", "QS-TOKEN-2"):
        assert secret not in err
    assert all(json.loads(line) for line in err.strip().splitlines())


def test_a_token_pasted_into_the_path_is_not_logged(api, student, lines):
    token = bearer(student)["HTTP_AUTHORIZATION"].split()[1]

    api.get(f"/api/users/{token}/encounters")

    assert token not in lines.text
    assert all(token not in str(getattr(r, "target", "")) for r in lines.records)


def _log_as_gunicorn_does():
    """Logging set up as gunicorn.conf.py has gunicorn do it (in the test
    itself, so that its stream is the test's captured one)."""
    dictConfig(runpy.run_path(str(ROOT / "gunicorn.conf.py"))["logconfig_dict"])


@pytest.mark.parametrize(
    "refused",
    [
        InvalidRequestLine("GET /api/users/me/encounters?access_token=GU-TOKEN-1 HTTP/1.1"),
        ObsoleteFolding("Authorization: Bearer GU-TOKEN-1"),
        InvalidHeader("X-Password: GU-TOKEN-1"),
    ],
)
def test_what_gunicorn_refuses_is_logged_without_what_was_sent(capfd, refused):
    _log_as_gunicorn_does()
    # Formatted before logging, as gunicorn's worker does (gunicorn/workers/base.py).
    message = "Invalid request from ip={ip}: {error}".format(ip="127.0.0.1", error=str(refused))
    logging.getLogger("gunicorn.error").warning(message)

    [line] = capfd.readouterr().err.strip().splitlines()
    message = json.loads(line)["message"]
    assert "GU-TOKEN-1" not in message
    assert message.startswith("Invalid request from ip=127.0.0.1: ")
    assert message.endswith("(request data not logged)")


def test_the_uri_of_a_request_gunicorn_failed_on_is_logged_without_its_query(capfd):
    _log_as_gunicorn_does()

    logging.getLogger("gunicorn.error").error(
        "Error handling request %s %s", "GET", "/api/users/me/encounters?access_token=GU-TOKEN-2"
    )

    [line] = capfd.readouterr().err.strip().splitlines()
    assert json.loads(line)["message"] == "Error handling request GET /api/users/me/encounters"


def _audits(caplog, event):
    return [r for r in caplog.records if r.getMessage() == event]


def test_a_refused_sign_in_is_an_audit_line(api, student, lines):
    api.post(
        "/api/token/",
        {"username": student.username, "password": "wrong-password-7"},
        REMOTE_ADDR="203.0.113.9",
    )

    [audit] = _audits(lines, "sign-in refused")
    assert audit.levelname == "INFO"
    assert (audit.username, audit.client, audit.reason) == (
        student.username,
        "203.0.113.9",
        "no_active_account",
    )
    assert "wrong-password-7" not in lines.text


def test_a_sign_in_past_the_limit_is_an_audit_line(api, student, lines, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"sign_in_failures": "1/min", "user": None},
    }
    for _ in range(2):
        api.post("/api/token/", {"username": student.username, "password": "wrong"})

    assert [r.reason for r in _audits(lines, "sign-in refused")] == [
        "no_active_account",
        "throttled",
    ]


@pytest.mark.parametrize("username", ["x" * 151, "two words", "a;b\nc"])
def test_a_username_no_user_could_have_is_not_logged(api, db, lines, username):
    api.post("/api/token/", {"username": username, "password": "p"}, format="json")

    [audit] = _audits(lines, "sign-in refused")
    assert audit.username == "(malformed)"


def test_a_replayed_refresh_token_is_an_audit_line(api, student, lines):
    refresh = api.post("/api/token/", {"username": student.username, "password": PASSWORD})
    token = refresh.json()["refresh"]
    api.post("/api/token/refresh/", {"refresh": token})

    replayed = api.post("/api/token/refresh/", {"refresh": token})

    assert replayed.status_code == 401
    [audit] = _audits(lines, "refresh refused")
    assert (audit.username, audit.reason) == (None, "token_not_valid")
    assert token not in lines.text


def test_a_request_past_the_users_limit_is_an_audit_line(api, student, lines, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"sign_in_failures": None, "user": "1/min"},
    }
    for _ in range(2):
        last = api.get(encounters_url("me"), **bearer(student))

    assert last.status_code == 429
    [audit] = [r for r in lines.records if r.name == "encounters.views"]
    assert (audit.caller, audit.target, audit.reason) == (str(student.pk), "me", "throttled")


def test_a_refused_referer_is_logged_without_its_query(db, capfd, settings):
    dictConfig(settings.LOGGING)
    csrf_checked = Client(enforce_csrf_checks=True)

    refused = csrf_checked.post(
        "/admin/login/",
        {"username": "x"},
        secure=True,
        HTTP_REFERER="https://evil.example/login?password=QS-SECRET-3",
    )

    assert refused.status_code == 403
    err = capfd.readouterr().err
    assert "QS-SECRET-3" not in err
    assert "Referer checking failed - https://evil.example/login does not match" in err


def test_a_refused_host_header_is_not_logged(client, db, capfd, settings):
    dictConfig(settings.LOGGING)
    host = "eyJhbGciOiJIUzI1NiJ9.HOST-TOKEN-1" + "h" * 8000

    refused = client.get("/healthz", HTTP_HOST=host)

    assert refused.status_code == 400
    err = capfd.readouterr().err
    assert "HOST-TOKEN-1" not in err
    [line] = [json.loads(line) for line in err.splitlines() if "DisallowedHost" in line]
    assert line["message"] == "Invalid HTTP_HOST header (its value is not logged)."
    assert "exc_info" not in line
    assert len(err) < 2000
