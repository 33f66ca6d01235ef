"""Settings of the encounters service, read from the environment.

Development needs no environment at all: debug is on, the database is a
SQLite file in the project root and a throwaway secret key is used. With
DJANGO_DEBUG=false the service refuses to start without DJANGO_SECRET_KEY.
"""

import logging
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, *, default: bool) -> bool:
    """Read a true/false environment variable, refusing anything else."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"true", "1", "yes", "on"}:
        return True
    if raw in {"false", "0", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, *, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "before starting the service with DJANGO_DEBUG=false."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default="localhost,127.0.0.1,[::1]")

SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default="")
# HSTS (RFC 6797): browsers keep to HTTPS for a year, subdomains included.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
# Behind a proxy that ends TLS, the header it sets to "https" on secure
# requests, e.g. DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto. Only set
# it when the proxy always sets (or strips) that header.
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
)

# Browsers on other origins may call the API only from these origins (none
# by default); what they may read of the answer includes the paging headers.
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS", default="")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["X-Total-Count", "Link", "ETag", "X-Request-ID"]

INSTALLED_APPS = [
    "encounters_project.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "django_filters",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "accounts",
    "centers",
    "encounters",
]

MIDDLEWARE = [
    "encounters_project.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "encounters_project.middleware.JSONClientErrorsMiddleware",
    "encounters_project.middleware.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "encounters_project.urls"
# After signing in at the browsable API's login page without a next page.
LOGIN_REDIRECT_URL = "/api/users/me/encounters"
CSRF_FAILURE_VIEW = "encounters_project.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "encounters_project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "encounters_project.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Parameters travel apart from the SQL, so psycopg prepares what a
            # connection runs often and PostgreSQL plans it once.
            "server_side_binding": True,
            # An unreachable database is a 503 within seconds, not a hang.
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
        }
    )

# Rate-limit counters: in Redis when REDIS_URL is set, so every process
# shares them; in each process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and urlsplit(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
    raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "encounters",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

SILENCED_SYSTEM_CHECKS = [
    # SQLite has no covering indexes and builds the encounters' without its
    # included columns; PostgreSQL, the production database, has them.
    "models.W040",
]

AUTHENTICATION_BACKENDS = [
    "accounts.signin.LimitedModelBackend",
    "accounts.backends.RolePermissionsBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Static files (the documentation pages' assets) are served by the app itself,
# straight from the installed packages, so they work without collectstatic;
# a production deployment collects them into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"

REST_FRAMEWORK = {
    # JWT first: its scheme is the one named in WWW-Authenticate on a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "encounters_project.renderers.JSONRenderer",
        "encounters_project.renderers.TextJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "encounters_project.negotiation.ContentNegotiation",
    "EXCEPTION_HANDLER": "encounters_project.errors.api_exception_handler",
    # Proxies in front that append the client's address to X-Forwarded-For;
    # with none (the default) the header is the client's to write and ignored.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    "DEFAULT_THROTTLE_RATES": {
        "sign_in_failures": os.environ.get("THROTTLE_SIGN_IN_FAILURES", "5/min"),
        "user": os.environ.get("THROTTLE_USER", "600/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "encounters_project.schema.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "encounters_project.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

# HS256 signed with SECRET_KEY, the user's UUID in user_id (simplejwt's
# defaults); short-lived access tokens; each refresh token used once, then
# blacklisted; a changed password ends the tokens issued before it.
SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("JWT_ACCESS_MINUTES", "15"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=int(os.environ.get("JWT_REFRESH_DAYS", "1"))),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_TOKEN_CLASSES": ("accounts.tokens.AccessToken",),
    "TOKEN_REFRESH_SERIALIZER": "accounts.serializers.TokenRefreshSerializer",
}

# The admin's spreadsheet import writes nothing unless every row is valid,
# and needs the same permissions as the forms it stands in for.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

SPECTACULAR_SETTINGS = {
    "TITLE": "Encounters API",
    "DESCRIPTION": "The scheduled classes a language-school student can take at their center.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"AvailableClassStatus": "encounters.models.Status"},
    "PREPROCESSING_HOOKS": ["encounters_project.schema.document_each_view_once"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "encounters_project.schema.hide_format_parameter",
    ],
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "displayRequestDuration": True},
}

# One JSON object a line, on standard error: the request log, the audit of
# refusals, and everything else.
LOGGING = {
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
        "request_without_query": {"()": "encounters_project.logfilters.RequestWithoutQuery"},
        "security_events_without_values": {
            "()": "encounters_project.logfilters.SecurityEventsWithoutValues"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_without_query", "security_events_without_values"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django attaches the request to these; the filter trims it to its path.
        "django.request": {"filters": ["request_without_query"]},
        "django.server": {"filters": ["request_without_query"]},
        # Python's warnings, routed here by logging.captureWarnings() below.
        "py.warnings": {"level": "WARNING"},
        "accounts": {"level": "INFO"},
        "centers": {"level": "INFO"},
        "encounters": {"level": "INFO"},
        "encounters_project": {"level": "INFO"},
    },
}
logging.captureWarnings(True)
