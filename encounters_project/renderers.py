"""Renderers shared by the API's views: JSON written by orjson."""

from drf_orjson_renderer.renderers import ORJSONRenderer


class JSONRenderer(ORJSONRenderer):
    """application/json, written by orjson (several times faster than json)."""


class TextJSONRenderer(ORJSONRenderer):
    """JSON for clients that ask for it as text/json, as the original API allowed."""

    media_type = "text/json"
    format = "text-json"
