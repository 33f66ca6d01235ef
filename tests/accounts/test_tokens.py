"""Sign-in and refresh: every bad token is a 401, never a server error."""

import jwt
import pytest
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.factories import PASSWORD, StudentFactory
from tests.helpers import encounters_url


@pytest.fixture
def student(db):
    return StudentFactory()


def _signed(settings, **claims) -> str:
    return jwt.encode(claims, settings.SECRET_KEY, algorithm="HS256")


@pytest.mark.parametrize("path", ["/api/token/", "/api/token"])
def test_sign_in_with_or_without_the_trailing_slash(api, student, path):
    response = api.post(path, {"username": student.username, "password": PASSWORD})

    assert response.status_code == 200
    assert {"access", "refresh"} <= set(response.json())


@pytest.mark.parametrize("path", ["/api/token/refresh/", "/api/token/refresh"])
def test_refresh_with_or_without_the_trailing_slash(api, student, path):
    response = api.post(path, {"refresh": str(RefreshToken.for_user(student))})

    assert response.status_code == 200
    assert "access" in response.json()


def test_token_answers_are_never_stored(api, student):
    response = api.post("/api/token/", {"username": student.username, "password": PASSWORD})

    assert "no-store" in response["Cache-Control"]


def test_the_refresh_token_of_a_deleted_user_is_a_401(api, student):
    refresh = str(RefreshToken.for_user(student))
    student.delete()

    response = api.post("/api/token/refresh/", {"refresh": refresh})

    assert response.status_code == 401
    assert response.json()["Code"] == "no_active_account"


def test_the_refresh_token_of_a_deactivated_user_is_a_401(api, student):
    refresh = str(RefreshToken.for_user(student))
    student.is_active = False
    student.save()

    response = api.post("/api/token/refresh/", {"refresh": refresh})

    assert response.status_code == 401


@pytest.mark.parametrize("exp", [10**30, -(10**30), 1e308, "tomorrow", [1]])
def test_a_signed_token_with_an_unreadable_expiry_is_a_401(api, student, settings, exp):
    claims = {"user_id": str(student.pk), "jti": "x", "exp": exp}
    access = _signed(settings, token_type="access", **claims)
    refresh = _signed(settings, token_type="refresh", **claims)

    read = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {access}")
    refreshed = api.post("/api/token/refresh/", {"refresh": refresh})

    assert read.status_code == 401
    assert refreshed.status_code == 401


def test_a_signed_refresh_token_with_a_non_uuid_user_is_a_401(api, student, settings):
    refresh = _signed(settings, token_type="refresh", user_id="nobody", jti="x", exp=4102444800)

    response = api.post("/api/token/refresh/", {"refresh": refresh})

    assert response.status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_case_insensitive(api, student, scheme):
    response = api.get(
        encounters_url("me"), HTTP_AUTHORIZATION=f"{scheme} {AccessToken.for_user(student)}"
    )

    assert response.status_code == 200


def test_every_account_that_cannot_sign_in_gets_the_same_401(api, db):
    inactive, deleted, changed = StudentFactory(), StudentFactory(), StudentFactory()
    tokens = {
        name: AccessToken.for_user(user)
        for name, user in (("inactive", inactive), ("deleted", deleted), ("changed", changed))
    }
    inactive.is_active = False
    inactive.save()
    deleted.delete()
    changed.set_password("another-good-password")
    changed.save()

    bodies = {
        name: api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {token}").json()
        for name, token in tokens.items()
    }

    assert bodies["inactive"] == bodies["deleted"] == bodies["changed"]


def test_signing_in_on_the_browsable_api_leads_to_the_own_list(client, student):
    response = client.post("/api/auth/login/", {"username": student.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/api/users/me/encounters"
