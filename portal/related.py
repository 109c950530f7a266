"""What other apps link to an object (a meeting, say): a tiny registry, like timeline.py.

``portal`` and the app whose page shows the links do not import the apps that make them. Each app
registers a source from its ``AppConfig.ready()``: ``source(obj, user) -> list[dict]`` with the keys
"title", "url" and "kind", only what the user may see, in one query. ``related_to(obj, user)`` gathers them.
"""

from collections.abc import Callable

_sources: dict[str, Callable[..., list[dict]]] = {}


def register(key: str, source: Callable[..., list[dict]]) -> None:
    """Add a source of related links. Registering a key again replaces it."""
    _sources[key] = source


def related_to(obj, user) -> list[dict]:
    """Every registered source's links for ``obj`` as ``user`` may see them, in the order of the keys."""
    links: list[dict] = []
    for key in sorted(_sources):
        links.extend(_sources[key](obj, user))
    return links
