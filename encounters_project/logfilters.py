"""What may be written to the logs."""

import logging
import re

# A path segment longer than any identifier the API takes (64 characters) is
# not one: a client may have put a token there.
LONG_SEGMENT = re.compile(r"[^/]{65,}")


def trim_path(path: str) -> str:
    return LONG_SEGMENT.sub("…", path)


class RequestWithoutQuery(logging.Filter):
    """Django attaches the request to some of its log records (django.request,
    django.security.*), and the request's repr carries the query string,
    where a client may have put a token or a password. Keep its method and
    path only, and trim overlong path segments, in the message too."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = f"{request.method} {trim_path(request.path)}"
            if isinstance(record.args, tuple):
                record.args = tuple(
                    trim_path(arg) if isinstance(arg, str) else arg for arg in record.args
                )
        return True
