"""A database that cannot be reached: 503 with a JSON body, never a 500."""

from unittest import mock

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from tests.helpers import bearer, encounters_url


def unreachable_database():
    """While it lasts, every query fails as with the database down."""
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )


def test_the_endpoint_answers_503_with_json(api, student):
    headers = bearer(student)

    with unreachable_database():
        response = api.get(encounters_url("me"), **headers)

    assert response.status_code == 503
    assert response.json()["Code"] == "service_unavailable"
    assert int(response["Retry-After"]) > 0


def test_liveness_does_not_need_the_database(client, db):
    with unreachable_database():
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"Status": "ok"}


def test_readiness_says_when_the_database_is_unreachable(client, db):
    with unreachable_database():
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["Database"] == "unreachable"


def test_readiness_with_a_database(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
