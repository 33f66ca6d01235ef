from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extension that describes the bearer token.
        # The OpenAPI extension for the bearer token, and the receiver that
        # counts failed sign-ins.
        from accounts import schema, signin  # noqa: F401
