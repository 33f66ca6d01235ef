"""Helpers the tests share."""

import os
import subprocess
import sys
from pathlib import Path

from rest_framework_simplejwt.tokens import AccessToken

ROOT = Path(__file__).resolve().parent.parent

# The endpoint's query parameters, as the contract lists them.
QUERY_PARAMETERS = ("from", "to", "status", "isOnline", "unitNumber", "centerId", "limit", "offset")


def bearer(user) -> dict:
    """Request headers that sign in as ``user`` with a fresh access token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(user)}"}


def encounters_url(identifier) -> str:
    return f"/api/users/{identifier}/encounters"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with these DJANGO_* settings and no others."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
