"""The pages that gather from every app: the front page, "Min side", the staff start page ("Mine oppgaver") and
the dashboard.

``portal`` does not import the domain apps. Each app registers what it contributes from its
``AppConfig.ready()`` (a ``startpage.py`` per app), the way the admin collects ``admin.py``; a new
app adds its section without editing anyone else's module.

A section is a template included in the page with ``data``, the dict its ``context(user)`` returns;
``data["count"]`` is how many things the section lists (for the start page: how many wait for the user).

The DASHBOARD and REPORT sections take the chosen period and municipalities as well:
``context(user, filters=DashboardFilters)`` (see ``portal.dashboard``). A section on those pages must
hold no personal data: a politician reads it, and the report goes before the formannskap. In the
report the user is anonymous, so a section links to nothing there.
"""

from collections.abc import Callable
from dataclasses import dataclass

FRONT = "front"
MY_PAGE = "my_page"
WORK = "work"
DASHBOARD = "dashboard"
# The Næringsrapport's sections beyond the dashboard's own (the plan's status, the meetings' decisions).
REPORT = "report"
PAGES = (FRONT, MY_PAGE, WORK, DASHBOARD, REPORT)


@dataclass(frozen=True)
class Section:
    key: str
    page: str
    template: str
    context: Callable[..., dict]
    applies_to: Callable[..., bool]
    order: int


@dataclass(frozen=True)
class Part:
    """One section as a page shows it to one user."""

    key: str
    template: str
    data: dict

    @property
    def count(self) -> int:
        return self.data.get("count", 0)


_sections: dict[str, Section] = {}


def register(
    key: str,
    *,
    page: str,
    template: str,
    context: Callable[..., dict],
    applies_to: Callable[..., bool] = lambda user: True,
    order: int = 100,
) -> None:
    """Add a section to ``page`` (FRONT, MY_PAGE, WORK, DASHBOARD or REPORT). Registering a key again replaces it."""
    if page not in PAGES:
        raise ValueError(f"Unknown page {page!r}; one of {PAGES}.")
    _sections[key] = Section(key=key, page=page, template=template, context=context, applies_to=applies_to, order=order)


def parts_for(page: str, user, **params) -> list[Part]:  # user may be anonymous on the front page
    """The sections of ``page`` that apply to ``user``, in order, each with its data read
    (``params``, such as the dashboard's ``filters``, are passed on to each section's context)."""
    sections = sorted((s for s in _sections.values() if s.page == page), key=lambda s: (s.order, s.key))
    return [Part(key=s.key, template=s.template, data=s.context(user, **params)) for s in sections if s.applies_to(user)]


def waiting_count(user) -> int:
    """How many things wait for the user on the start page."""
    return sum(part.count for part in parts_for(WORK, user))
