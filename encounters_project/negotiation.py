"""Content negotiation that ignores a ?format= it does not know."""

from rest_framework.negotiation import DefaultContentNegotiation


class LenientFormatNegotiation(DefaultContentNegotiation):
    """DRF answers 404 for an unknown ?format=; this falls back to the Accept header.

    The API ignores query parameters it does not know, and `format` is no
    exception when its value names no renderer.
    """

    def filter_renderers(self, renderers, format):
        return [renderer for renderer in renderers if renderer.format == format] or renderers
