from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the deployment checks, and the OpenAPI extension that
        # describes the bearer token.
        from accounts import checks, schema  # noqa: F401
