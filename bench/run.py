"""make bench: the product against its raw baseline, side by side, in one run.

Generates the data set on PostgreSQL (skipped when the same one is there),
serves the product and bench/baseline.py with the same gunicorn settings,
checks that both answer a sample of requests byte for byte alike, then
replays the same pre-generated requests against each with wrk, alternating,
and writes BENCHMARKS.md. The ratios product/baseline come last.

BENCH_QUICK=1 runs a smaller data set, one round and short runs (under three
minutes); BENCH_DATABASE_URL names the PostgreSQL server (a database on it
is created for each data set).
"""

import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import generate, workload

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "benchmark-secret-key-not-for-production-0123456789-abcdefghij"
SEED = 20261203


@dataclass(frozen=True)
class Plan:
    sizes: generate.Sizes
    small: generate.Sizes  # the same chain with 10,000 encounters, for latency against size
    rounds: int
    seconds: int
    requests: int
    memory_requests: int
    serving: list[tuple[int, int]]  # gunicorn settings tried, (workers, threads)
    connections: int = 16


FULL = Plan(
    sizes=generate.Sizes(centers=100, users=100_000, staff=2_000, encounters=1_000_000),
    small=generate.Sizes(centers=100, users=100_000, staff=2_000, encounters=10_000),
    rounds=5,
    seconds=10,
    requests=20_000,
    memory_requests=100_000,
    serving=[(2, 1), (3, 1), (4, 1), (2, 4), (4, 2)],
)
QUICK = Plan(
    sizes=generate.Sizes(centers=20, users=10_000, staff=200, encounters=100_000),
    small=generate.Sizes(centers=20, users=10_000, staff=200, encounters=2_000),
    rounds=1,
    seconds=4,
    requests=5_000,
    memory_requests=3_000,
    serving=[(2, 1), (2, 4)],
)
SCENARIOS = {"10": [10], "100": [100], "200": [200], "mix": [10, 100, 200]}


def say(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# Data ------------------------------------------------------------------------------


def database(server: str, sizes: generate.Sizes) -> str:
    """A database holding the data set of these sizes, made or reused."""
    name = f"encounters_bench_{sizes.encounters}"
    url = f"{server.rstrip('/')}/{name}"
    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    key = f"{SEED}:{sizes.key}:{datetime.now(UTC).date()}"
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS bench_dataset (key text)")
        stored = connection.execute("SELECT key FROM bench_dataset").fetchone()
        if stored and stored[0] == key:
            say(f"data set {sizes.key} is in place")
        else:
            say(f"generating {sizes.key}")
            started = time.monotonic()
            generate.load(connection, SEED, sizes, datetime.now(UTC).date())
            connection.execute("DELETE FROM bench_dataset")
            connection.execute("INSERT INTO bench_dataset VALUES (%s)", (key,))
            connection.commit()
            say(f"generated in {time.monotonic() - started:.0f} s")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return url


# Servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    app: str
    database_url: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # gunicorn.conf.py's defaults unless set: (workers, threads)
    serving: tuple[int, int] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        if self.serving:
            env["GUNICORN_WORKERS"], env["GUNICORN_THREADS"] = map(str, self.serving)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", self.app, "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/api/users/me/encounters", timeout=1)
            except urllib.error.HTTPError:
                return  # answering (401 without a token)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start")

    def stop(self) -> None:
        if self.process:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [self.process.pid, *self.workers()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def memory_kib(self, key: str) -> list[int]:
        values = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key):
                    values.append(int(line.split()[1]))
        return values


def fetch(url: str, path: str, token: str):
    request = urllib.request.Request(
        url + path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("X-Total-Count"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Total-Count"), error.read()


def same_answers(product: Server, baseline: Server, plan: list) -> int:
    for path, token, expected in plan:
        ours, theirs = fetch(product.url, path, token), fetch(baseline.url, path, token)
        if ours != theirs or ours[0] != expected:
            raise SystemExit(
                f"The servers disagree on {path}:\n product  {ours[:2]} {ours[2][:300]!r}\n"
                f" baseline {theirs[:2]} {theirs[2][:300]!r}"
            )
    return len(plan)


# Measuring -------------------------------------------------------------------------


def transactions(database_url: str) -> int:
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        ).fetchone()
    return row[0]


def wrk(server: Server, requests_file: Path, seconds: int, connections: int) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "replay.lua"),
            server.url,
            "--",
            str(requests_file),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(server: Server, requests_file: Path, plan: Plan, connections: int = 0) -> dict:
    time.sleep(1.0)  # let the previous run's transactions settle into the statistics
    cpu, statements = server.cpu_seconds(), transactions(server.database_url)
    outcome = wrk(server, requests_file, plan.seconds, connections or plan.connections)
    time.sleep(1.0)
    cpu, statements = server.cpu_seconds() - cpu, transactions(server.database_url) - statements
    served = max(outcome["requests"], 1)
    return {
        "rps": outcome["requests"] / (outcome["duration_us"] / 1e6),
        "p50_ms": outcome["p50_us"] / 1000,
        "p99_ms": outcome["p99_us"] / 1000,
        "cpu_ms": cpu * 1000 / served,
        "statements": statements / served,
        "errors": outcome["socket_errors"] + outcome["server_errors"],
    }


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]} | {
        "errors": sum(run["errors"] for run in runs)
    }


def memory_growth(server: Server, requests_file: Path, count: int, connections: int) -> dict:
    """Resident memory per worker after a warm-up and after ``count`` more requests."""
    wrk(server, requests_file, 3, connections)
    before = server.memory_kib("VmRSS:")
    served = 0
    while served < count:
        served += wrk(server, requests_file, 10, connections)["requests"]
    after = server.memory_kib("VmRSS:")
    return {
        "requests": served,
        "steady_kib": after,
        "peak_kib": server.memory_kib("VmHWM:"),
        "growth": max(a / b - 1 for a, b in zip(after, before, strict=True)),
    }


def explain(database_url: str, who: generate.People) -> str:
    """The product's queries for one student asking for themselves, with their plans."""
    student_id = who.students[0][0]
    token = workload.token(student_id, SECRET)
    script = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_AUTHORIZATION="Bearer {token}")
with CaptureQueriesContext(connection) as captured:
    client.get("/api/users/me/encounters?limit=100", HTTP_HOST="127.0.0.1")
out = []
with connection.cursor() as cursor:
    for query in captured.captured_queries:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + query["sql"])
        out.append([query["sql"], [row[0] for row in cursor.fetchall()]])
print(json.dumps(out))
"""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    plans = json.loads(result.stdout.strip().splitlines()[-1])
    return "\n\n".join(
        f"```sql\n{sql}\n```\n```\n" + "\n".join(lines) + "\n```" for sql, lines in plans
    )


# The run ---------------------------------------------------------------------------


def main() -> None:
    quick = os.environ.get("BENCH_QUICK") == "1"
    plan = QUICK if quick else FULL
    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    started = time.monotonic()

    big = database(server_url, plan.sizes)
    small = database(server_url, plan.small)
    who = generate.people(SEED, plan.sizes)

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    files = {}
    for name, sizes in SCENARIOS.items():
        requests = workload.requests(who, SECRET, count=plan.requests, sizes=sizes, seed=SEED)
        files[name] = work / f"{name}.tsv"
        files[name].write_text("".join(f"{path}\t{token}\n" for path, token, _ in requests))
    sample = workload.requests(who, SECRET, count=200, sizes=[10, 100, 200], seed=SEED + 7)

    product = Server("product", "encounters_project.wsgi", big)
    baseline = Server("baseline", "bench.baseline:application", big)
    results: dict = {"product": {}, "baseline": {}}
    try:
        for server in (product, baseline):
            server.start()
        say(f"checked {same_answers(product, baseline, sample)} answers: identical bytes")

        for scenario, requests_file in files.items():
            runs: dict = {"product": [], "baseline": []}
            for round_number in range(plan.rounds):
                # Alternate which server goes first, so neither always gets a warm machine.
                order = (product, baseline) if round_number % 2 == 0 else (baseline, product)
                for server in order:
                    runs[server.name].append(measure(server, requests_file, plan))
            for name, measured in runs.items():
                results[name][scenario] = median_of(measured)
            say(
                f"{scenario:>4} encounters: product {results['product'][scenario]['rps']:.0f} rps, "
                f"baseline {results['baseline'][scenario]['rps']:.0f} rps"
            )

        memory = {
            server.name: memory_growth(server, files["mix"], plan.memory_requests, plan.connections)
            for server in (product, baseline)
        }
        say("memory measured")
        # Latency against data size, 10 encounters per answer: under load, and
        # one request at a time, where queueing does not hide the query.
        scaling = {"big": results["product"]["10"]}
        scaling["big alone"] = median_of(
            [measure(product, files["10"], plan, connections=1) for _ in range(plan.rounds)]
        )
    finally:
        product.stop()
        baseline.stop()

    product_small = Server("product", "encounters_project.wsgi", small)
    try:
        product_small.start()
        scaling["small"] = median_of(
            [measure(product_small, files["10"], plan) for _ in range(plan.rounds)]
        )
        scaling["small alone"] = median_of(
            [measure(product_small, files["10"], plan, connections=1) for _ in range(plan.rounds)]
        )
    finally:
        product_small.stop()

    serving = {}
    for setting in plan.serving:
        candidate = Server("product", "encounters_project.wsgi", big, serving=setting)
        try:
            candidate.start()
            serving[setting] = median_of(
                [measure(candidate, files["mix"], plan) for _ in range(plan.rounds)]
            )
        finally:
            candidate.stop()
    say("serving settings measured")

    plans = explain(big, who)
    report = render(
        plan, quick, results, memory, scaling, serving, plans, time.monotonic() - started
    )
    (ROOT / "BENCHMARKS.md").write_text(report)
    say("wrote BENCHMARKS.md")

    print()
    for scenario in SCENARIOS:
        ratio = results["product"][scenario]["rps"] / results["baseline"][scenario]["rps"]
        print(f"product/baseline throughput, {scenario:>4} encounters per answer: {ratio:.2f}")
    for load, big_key, small_key in (
        ("under load", "big", "small"),
        ("one at a time", "big alone", "small alone"),
    ):
        ratio = scaling[big_key]["p50_ms"] / scaling[small_key]["p50_ms"]
        print(
            f"latency {plan.sizes.encounters:,} vs {plan.small.encounters:,} encounters, "
            f"{load} (p50, 10 per answer): {ratio:.2f}"
        )


def render(plan, quick, results, memory, scaling, serving, plans, elapsed) -> str:
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server.rstrip('/')}/postgres") as connection:
        postgres_version = connection.execute("SHOW server_version").fetchone()[0]

    def row(name, scenario):
        r = results[name][scenario]
        return (
            f"| {scenario} | {name} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
            f"{r['cpu_ms']:.2f} | {r['statements']:.2f} | {r['errors']:.0f} |"
        )

    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench`{' (BENCH_QUICK=1)' if quick else ''} on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, in {elapsed / 60:.1f} minutes.",
        "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- Python {platform.python_version()}, PostgreSQL {postgres_version}",
        f"- Data: {plan.sizes.centers} centers, {plan.sizes.users:,} users "
        f"({plan.sizes.staff:,} staff), {plan.sizes.encounters:,} encounters over a year",
        f"- Load: wrk, 2 threads, {plan.connections} connections, {plan.seconds} s per run, "
        f"median of {plan.rounds} run(s) alternating the servers; both served by gunicorn "
        "with gunicorn.conf.py",
        "- Requests: 70% students asking for themselves, 25% staff asking for a student of "
        "their center, 5% refused (403); answers of 10 (limit=10), 100 (limit=100) and 200 "
        "(the default cap) encounters, each alone and mixed",
        "",
        "SQL statements are counted by PostgreSQL (transactions committed); the "
        "product's include the health check (SELECT 1) it runs before a request reuses a "
        "connection. CPU is the server processes' own (user and system), PostgreSQL's "
        "and wrk's apart. Errors are socket errors and 5xx answers.",
        "",
        "| answer size | server | requests/s | p50 ms | p99 ms | CPU ms/request | "
        "SQL statements/request | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for scenario in SCENARIOS:
        lines += [row("product", scenario), row("baseline", scenario)]
    lines += [
        "",
        "| ratio product/baseline | " + " | ".join(SCENARIOS) + " |",
        "|---" * (len(SCENARIOS) + 1) + "|",
        "| throughput | "
        + " | ".join(
            f"{results['product'][s]['rps'] / results['baseline'][s]['rps']:.2f}" for s in SCENARIOS
        )
        + " |",
        "",
    ]
    lines += [
        "## Memory per worker",
        "",
        "| server | requests | steady RSS (KiB) | peak RSS (KiB) | largest growth |",
        "|---|---|---|---|---|",
    ]
    for name, m in memory.items():
        lines.append(
            f"| {name} | {m['requests']:,} | {m['steady_kib']} | {m['peak_kib']} | "
            f"{m['growth'] * 100:.1f}% |"
        )
    lines += [
        "",
        "## Latency against data size",
        "",
        f"The product, 10 encounters per answer, with {plan.sizes.encounters:,} encounters and "
        f"with {plan.small.encounters:,} (the same centers and users):",
        "",
        "| load | p50 ms, large | p50 ms, small | ratio | p99 ms, large | p99 ms, small |",
        "|---|---|---|---|---|---|",
        *(
            f"| {load} | {scaling[big]['p50_ms']:.2f} | {scaling[small]['p50_ms']:.2f} | "
            f"{scaling[big]['p50_ms'] / scaling[small]['p50_ms']:.2f} | "
            f"{scaling[big]['p99_ms']:.2f} | {scaling[small]['p99_ms']:.2f} |"
            for load, big, small in (
                (f"{plan.connections} connections", "big", "small"),
                ("1 connection", "big alone", "small alone"),
            )
        ),
        "",
        "## Serving settings",
        "",
        f"The product under the mix with {plan.connections} connections, served with each "
        "of these gunicorn settings (`GUNICORN_WORKERS`, `GUNICORN_THREADS`; gthread "
        "workers when there is more than one thread):",
        "",
        "| workers | threads | requests/s | p50 ms | p99 ms | CPU ms/request | errors |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {workers} | {threads} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {r['cpu_ms']:.2f} | {r['errors']:.0f} |"
            for (workers, threads), r in serving.items()
        ),
        "",
        "## The product's queries",
        "",
        "For a student asking for themselves (limit=100), as PostgreSQL runs them:",
        "",
        plans,
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
