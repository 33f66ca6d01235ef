"""Logging pieces: what may be written to the logs, and in what form."""

import logging


class RequestWithoutQuery(logging.Filter):
    """Django attaches the request to its log records (django.request), and the
    request's repr carries the query string, where a client may have put a
    token or a password. Keep its method and path only."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = f"{request.method} {request.path}"
        return True
