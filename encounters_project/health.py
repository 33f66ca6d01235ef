"""Health probes for the process and for its database, without credentials."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. It never touches the database."""
    return JsonResponse({"Status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: the database answers too; 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"Status": "unavailable", "Database": "unreachable"}, status=503)
    return JsonResponse({"Status": "ok", "Database": "ok"})
