"""JWT hardening: HS256 only, short lifetimes, refresh rotation with blacklisting."""

from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import RefreshToken
from tests.factories import PASSWORD, StudentFactory
from tests.helpers import encounters_url


@pytest.fixture
def student(db):
    return StudentFactory()


def _tokens(api, student) -> dict:
    return api.post("/api/token/", {"username": student.username, "password": PASSWORD}).json()


def test_lifetimes_are_fifteen_minutes_and_one_day():
    assert timedelta(minutes=15) == jwt_settings.ACCESS_TOKEN_LIFETIME
    assert timedelta(days=1) == jwt_settings.REFRESH_TOKEN_LIFETIME


def test_an_issued_access_token_lasts_fifteen_minutes(api, student):
    claims = jwt.decode(_tokens(api, student)["access"], options={"verify_signature": False})

    assert claims["exp"] - claims["iat"] == 15 * 60


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_a_token_signed_with_another_algorithm_is_refused(api, student, algorithm):
    claims = dict(AccessToken.for_user(student).payload)
    token = jwt.encode(claims, settings.SECRET_KEY, algorithm=algorithm)

    response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


def test_an_unsigned_token_is_refused(api, student):
    claims = dict(AccessToken.for_user(student).payload)
    token = jwt.encode(claims, None, algorithm="none")

    response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


def test_a_refresh_gives_a_new_refresh_token_and_the_old_one_dies(api, student):
    first = _tokens(api, student)["refresh"]

    rotated = api.post("/api/token/refresh/", {"refresh": first})
    replayed = api.post("/api/token/refresh/", {"refresh": first})

    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first
    assert replayed.status_code == 401
    assert (
        api.post("/api/token/refresh/", {"refresh": rotated.json()["refresh"]}).status_code == 200
    )


def test_a_password_change_ends_the_tokens_issued_before(api, student):
    tokens = _tokens(api, student)
    student.set_password("another-good-password")
    student.save()

    read = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    refreshed = api.post("/api/token/refresh/", {"refresh": tokens["refresh"]})

    assert read.status_code == 401
    assert refreshed.status_code == 401


def test_of_two_refreshes_arriving_together_only_one_goes_through(api, student, monkeypatch):
    # Both passed the blacklist check before either wrote to it: the second
    # to write must be refused, whatever the check said.
    refresh = _tokens(api, student)["refresh"]
    assert api.post("/api/token/refresh/", {"refresh": refresh}).status_code == 200
    monkeypatch.setattr(RefreshToken, "check_blacklist", lambda self: None)

    racer = api.post("/api/token/refresh/", {"refresh": refresh})

    assert racer.status_code == 401


def test_the_refresh_token_of_a_deactivated_user_is_refused(api, student):
    refresh = _tokens(api, student)["refresh"]
    student.is_active = False
    student.save()

    assert api.post("/api/token/refresh/", {"refresh": refresh}).status_code == 401


@pytest.mark.parametrize("jti", [None, "", "x" * 256, 42])
def test_a_signed_refresh_token_without_a_usable_id_is_a_401(api, student, jti):
    claims = dict(RefreshToken.for_user(student).payload)
    if jti is None:
        del claims["jti"]
    else:
        claims["jti"] = jti
    token = jwt.encode(claims, settings.SECRET_KEY, algorithm="HS256")

    assert api.post("/api/token/refresh/", {"refresh": token}).status_code == 401
