"""Renderers shared by the API's views."""

from rest_framework.renderers import JSONRenderer


class TextJSONRenderer(JSONRenderer):
    """JSON for clients that ask for it as text/json, as the original API allowed."""

    media_type = "text/json"
    format = "text-json"
