"""Settings come from the environment, and production refuses unsafe defaults."""

import pytest

from tests.helpers import manage


def _check(**env):
    return manage("check", **env)


def test_production_without_a_secret_key_refuses_to_start():
    result = _check(DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_with_a_secret_key_starts():
    result = _check(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["notaurl", "http://x", "127.0.0.1:6379"])
def test_a_redis_url_that_is_not_one_is_refused(value):
    result = _check(REDIS_URL=value)

    assert result.returncode != 0
    assert "REDIS_URL must be a redis://, rediss:// or unix:// URL." in result.stderr


def test_development_needs_no_environment():
    assert _check().returncode == 0


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_debug_flag_that_is_neither_true_nor_false_is_refused(value):
    result = _check(DJANGO_DEBUG=value)

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def _setting(name: str, **env) -> str:
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "False"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50}, "True"),
        (
            {
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": "x" * 50,
                "DJANGO_SECURE_SSL_REDIRECT": "false",
            },
            "False",
        ),
    ],
)
def test_ssl_redirect_is_on_whenever_debug_is_off_unless_turned_off(env, expected):
    assert _setting("SECURE_SSL_REDIRECT", **env) == expected


def test_allowed_hosts_are_comma_separated():
    assert _setting("ALLOWED_HOSTS", DJANGO_ALLOWED_HOSTS="api.example.com, .example.org") == (
        "['api.example.com', '.example.org']"
    )
