"""The service through a real database outage: a throwaway PostgreSQL cluster on
its own port, stopped and started again under a running gunicorn.

Needs PostgreSQL's server programs (initdb, pg_ctl); run as root, they run
as the postgres user. `make test-faults` runs this, and CI does.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from glob import glob
from pathlib import Path

import pytest

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "fault-test-secret-key-not-for-production-0123456789-abcdefghijkl"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    """A PostgreSQL cluster of the test's own, in a temporary folder."""

    def __init__(self):
        [self.bin] = sorted(glob("/usr/lib/postgresql/*/bin"))[-1:]
        self.folder = Path(tempfile.mkdtemp(prefix="pg-outage-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            _as_postgres(
                f"{self.bin}/initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ),
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        subprocess.run(
            _as_postgres(
                f"{self.bin}/pg_ctl",
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.folder / "log"),
                "-w",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"
            ),
            check=False,
            capture_output=True,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def _get(url: str, token: str | None = None) -> tuple[int, dict, float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.monotonic()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=10
        ) as answer:
            return answer.status, json.loads(answer.read()), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), time.monotonic() - started


@pytest.fixture
def service():
    cluster = Cluster()
    cluster.start()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = None
    try:
        for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "encounters_project.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base, cluster
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        cluster.remove()


def _token(base: str) -> str:
    body = b"username=student1&password=demo-password"
    with urllib.request.urlopen(f"{base}/api/token/", data=body, timeout=10) as answer:
        return json.loads(answer.read())["access"]


def test_an_outage_is_a_quick_503_and_the_service_recovers_by_itself(service):
    base, cluster = service
    token = _token(base)
    endpoint = f"{base}/api/users/me/encounters"
    assert _get(endpoint, token)[0] == 200
    assert _get(f"{base}/readyz")[0] == 200

    cluster.stop()
    status, body, elapsed = _get(endpoint, token)

    assert status == 503
    assert body["Code"] == "service_unavailable"
    assert elapsed < 3
    assert _get(f"{base}/healthz")[0] == 200
    assert _get(f"{base}/readyz")[0] == 503

    cluster.start()

    assert _get(endpoint, token)[0] == 200
    assert _get(f"{base}/readyz")[0] == 200
