"""What may be written to the logs."""

import logging
import re

# A path segment longer than any identifier the API takes (64 characters) is
# not one: a client may have put a token there.
LONG_SEGMENT = re.compile(r"[^/]{65,}")


QUERY = re.compile(r"\?\S*")


def trim_path(path: str) -> str:
    return LONG_SEGMENT.sub("…", path)


def without_query(text: str) -> str:
    """Text with every URL's query string cut off, and overlong segments trimmed."""
    return trim_path(QUERY.sub("", text))


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


class SecurityEventsWithoutValues(logging.Filter):
    """Django's django.security.* lines quote what they refused, a Referer
    with its query string or a whole Host header, in the message and again
    in the traceback. Keep the refusal and drop the values: no Host header
    at all (a client may send a token as one), and no query strings."""

    def filter(self, record):
        if not record.name.startswith("django.security."):
            return True
        if record.name == "django.security.DisallowedHost":
            message = "Invalid HTTP_HOST header (its value is not logged)."
        else:
            message = without_query(record.getMessage())
        record.msg, record.args = message, ()
        record.exc_info = record.exc_text = None
        return True


# Where gunicorn quotes what it read of a request it could not parse: the
# request line, a header line, a chunk, with whatever a client put there.
QUOTED_REQUEST_DATA = re.compile(r"""\s*(?:b?['"]).*$""", re.DOTALL)


class GunicornWithoutRequestData(logging.Filter):
    """gunicorn writes what it refused ("Invalid request from ip=…: Invalid
    HTTP request line: 'GET /…?access_token=… HTTP/1.1'") and the URI of a
    request that failed. Keep what went wrong, not what was sent."""

    def filter(self, record):
        message = record.getMessage()
        if message.startswith("Invalid request from"):
            record.msg, record.args = (
                QUOTED_REQUEST_DATA.sub(" (request data not logged)", message),
                (),
            )
        elif message.startswith("Error handling request") and isinstance(record.args, tuple):
            record.args = tuple(
                without_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
