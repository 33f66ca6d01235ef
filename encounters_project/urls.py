from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.views import TokenObtainPairView, TokenRefreshView
from encounters_project.health import healthz, readyz

obtain_token = TokenObtainPairView.as_view()
refresh_token = TokenRefreshView.as_view()

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # With and without the trailing slash: a redirect would lose the POST body.
    path("api/token/", obtain_token, name="token_obtain_pair"),
    path("api/token", obtain_token),
    path("api/token/refresh/", refresh_token, name="token_refresh"),
    path("api/token/refresh", refresh_token),
    path("api/auth/", include("rest_framework.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Pages, not API routes: GET and HEAD only (their OPTIONS has no page to render).
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="redoc",
    ),
    path("api/", include("encounters.urls")),
]

handler500 = "encounters_project.errors.server_error"
