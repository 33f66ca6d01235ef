"""WSGI entry point of the encounters service."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "encounters_project.settings")

application = get_wsgi_application()
