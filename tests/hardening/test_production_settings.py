"""Production settings: Django's deployment checks pass, CORS is closed by default."""

import pytest

from tests.helpers import bearer, encounters_url, manage

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k7#Qz!v2Lr9@pW4sXe8^Tn1&Yb6*Hm3%Jd5(Gf0)Ac-Uw+Ro=Ei_Sl~Vq",
    "DJANGO_ALLOWED_HOSTS": "api.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # read by the checks, not connected to
}


def test_the_deployment_checks_find_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_weak_secret_key_is_reported():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION, "DJANGO_SECRET_KEY": "x" * 60},
    )

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_rate_limits_counted_per_process_are_reported():
    without_redis = {**PRODUCTION, "REDIS_URL": ""}

    result = manage("check", "--deploy", "--fail-level", "WARNING", **without_redis)

    assert result.returncode != 0
    assert "accounts.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "setting", "expected"),
    [
        ({}, "SECURE_HSTS_SECONDS", "31536000"),
        ({"DJANGO_HSTS_SECONDS": "0"}, "SECURE_HSTS_SECONDS", "0"),
        ({}, "SECURE_PROXY_SSL_HEADER", "None"),
        (
            {"DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"},
            "SECURE_PROXY_SSL_HEADER",
            "('HTTP_X_FORWARDED_PROTO', 'https')",
        ),
        ({}, "SESSION_COOKIE_SECURE", "True"),
        ({}, "CSRF_COOKIE_SECURE", "True"),
        ({}, "CORS_ALLOWED_ORIGINS", "[]"),
        (
            {"DJANGO_CORS_ALLOWED_ORIGINS": "https://app.example.com"},
            "CORS_ALLOWED_ORIGINS",
            "['https://app.example.com']",
        ),
    ],
)
def test_production_settings_from_the_environment(env, setting, expected):
    code = f"from django.conf import settings; print(repr(settings.{setting}))"
    result = manage("shell", "-c", code, **PRODUCTION, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_cors_is_closed_by_default(api, student):
    response = api.get(encounters_url("me"), HTTP_ORIGIN="https://evil.example", **bearer(student))

    assert "Access-Control-Allow-Origin" not in response


def test_cors_opens_to_the_allowed_origins_only(api, student, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    allowed = api.get(
        encounters_url("me"), HTTP_ORIGIN="https://app.example.com", **bearer(student)
    )
    other = api.get(encounters_url("me"), HTTP_ORIGIN="https://evil.example", **bearer(student))

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Access-Control-Allow-Origin" not in other
