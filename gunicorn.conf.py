"""gunicorn's settings for serving the encounters service in production.

`make serve` uses them, and so does the benchmark, for the product and for
its raw baseline alike. Every value can be overridden from the environment.
The defaults were chosen by measuring on a machine with 2 cores (see
BENCHMARKS.md): gthread workers keep connections alive, and a few threads
per worker overlap each request's database round trips.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Each worker loads the application after the fork: its own database connections.
preload_app = False
errorlog = "-"

# gunicorn's own lines in the service's format: one JSON object a line.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time"},
        },
    },
    "filters": {
        "without_request_data": {"()": "encounters_project.logfilters.GunicornWithoutRequestData"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        # What gunicorn could not parse is named, not quoted: it may hold a token.
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["console"],
            "filters": ["without_request_data"],
            "propagate": False,
        },
        # The service logs every request itself, without the query string
        # (where a client may have put a token); gunicorn's access log would not.
        "gunicorn.access": {"level": "CRITICAL", "handlers": ["console"], "propagate": False},
    },
}
