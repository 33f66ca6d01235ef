"""A bounded load test on loopback: wrk with mixed callers against gunicorn.

Serves the product with the production settings (gunicorn.conf.py) on a
generated data set, replays mixed requests for LOAD_SECONDS (60 by default)
at LOAD_CONNECTIONS (32) and fails unless every answer was a 2xx or an
expected 403, with no 5xx and no socket error. CI runs it for 10 seconds.
"""

import os
import sys
import tempfile
from pathlib import Path

from bench import generate, workload
from bench.run import SECRET, SEED, Server, database, say, wrk

SIZES = generate.Sizes(centers=20, users=5_000, staff=100, encounters=50_000)


def main() -> int:
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    connections = int(os.environ.get("LOAD_CONNECTIONS", "32"))
    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")

    url = database(server_url, SIZES)
    who = generate.people(SEED, SIZES)
    plan = workload.requests(who, SECRET, count=5_000, sizes=[10, 100, 200], seed=SEED)
    requests_file = Path(tempfile.mkdtemp(prefix="load-")) / "requests.tsv"
    requests_file.write_text("".join(f"{path}\t{token}\n" for path, token, _ in plan))

    server = Server("product", "encounters_project.wsgi", url)
    try:
        server.start()
        say(f"{seconds} s of wrk at {connections} connections")
        outcome = wrk(server, requests_file, seconds, connections)
    finally:
        server.stop()

    say(
        f"{outcome['requests']} requests, {outcome['server_errors']} answers 5xx, "
        f"{outcome['socket_errors']} socket errors, p99 {outcome['p99_us'] / 1000:.0f} ms"
    )
    return 0 if outcome["server_errors"] == 0 and outcome["socket_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
