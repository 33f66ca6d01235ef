"""Content negotiation that honours quality values and an explicit ?format=."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType

ANY = _MediaType("*/*")


def _quality(media_type: _MediaType) -> float:
    try:
        return min(max(float(media_type.params.get("q", 1)), 0.0), 1.0)
    except ValueError:
        return 1.0


class ContentNegotiation(DefaultContentNegotiation):
    """Pick the renderer the client prefers, as RFC 9110 section 12.5.1 reads Accept.

    DRF ranks media ranges by specificity alone, so "text/json,
    application/json;q=0.5" would get application/json and "application/json;q=0"
    would still get JSON. Here each renderer is weighed by the quality of the
    most specific range that matches it; a quality of 0 refuses it; ties go
    to the more specific range, then to the renderers' own order. An empty or
    absent Accept admits anything; media ranges over DRF's length limit are
    dropped, and an Accept left with none is refused.

    A ?format= naming a renderer wins over Accept (Accept only chooses among
    the renderers of that format); one naming none is ignored, like any
    query parameter the API does not know, where DRF would answer 404.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        format = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        named = [renderer for renderer in renderers if renderer.format == format]
        if named:
            return self._preferred(request, named) or (named[0], named[0].media_type)
        preferred = self._preferred(request, renderers)
        if preferred is None:
            raise exceptions.NotAcceptable(available_renderers=renderers)
        return preferred

    def _preferred(self, request, renderers):
        accepted = [_MediaType(token) for token in self.get_accept_list(request)]
        if not accepted:
            # No Accept admits anything; one whose every range DRF dropped as
            # too long admits nothing we can tell, so it is refused.
            if request.headers.get("Accept", "").strip():
                return None
            accepted = [ANY]
        best = None
        for order, renderer in enumerate(renderers):
            offered = _MediaType(renderer.media_type)
            matches = [media_type for media_type in accepted if offered.match(media_type)]
            if not matches:
                continue
            match = max(matches, key=lambda media_type: media_type.precedence)
            rank = (_quality(match), match.precedence, -order)
            if rank[0] > 0 and (best is None or rank > best[0]):
                best = (rank, renderer, offered, match)
        if best is None:
            return None
        _, renderer, offered, match = best
        # Like DRF: the accepted type when it is as specific (it may carry
        # parameters such as indent), else the renderer's own.
        media_type = match.orig if match.precedence >= offered.precedence else renderer.media_type
        return renderer, media_type
