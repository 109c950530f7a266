"""What the domain apps show on the front page, collected without the portal importing them.

Each app registers its sections from its ``AppConfig.ready()`` (in a ``frontpage.py`` of its own), the way
the admin collects ``admin.py``; the front page renders them in the order the apps are installed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template_name: str
    context: Callable[[HttpRequest], dict]


_sections: dict[str, Section] = {}


def register_section(template_name: str, context: Callable[[HttpRequest], dict]) -> None:
    """Show ``template_name`` on the front page, rendered with ``context(request)`` as ``section``.

    Keyed by the template, so a ``ready()`` that runs twice does not show a section twice.
    """
    _sections[template_name] = Section(template_name, context)


def sections(request: HttpRequest) -> list[dict]:
    """The registered sections with their context for this request: ``{"template_name", "context"}`` each."""
    return [{"template_name": s.template_name, "context": s.context(request)} for s in _sections.values()]
