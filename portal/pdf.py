"""PDF rendering: an ordinary Django template through WeasyPrint.

Pagination, running headers and page numbers come from the template's CSS ``@page`` rules. The
PDF is tagged (PDF/UA-1) so screen readers can follow its structure; its language and title come
from the template's ``<html lang>`` and ``<title>``. Rendering never touches the network: the URL
fetcher refuses everything but ``data:`` and local ``file:`` URLs, so a stray link in a template
cannot make a worker fetch from outside.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.context_processors import portal_context

PDF_VARIANT = "pdf/ua-1"
ALLOWED_PROTOCOLS = frozenset({"data", "file"})


def url_fetcher():
    """A fetcher that refuses http(s) and every other remote scheme (WeasyPrint then leaves the resource out)."""
    from weasyprint import URLFetcher  # here: see html_to_pdf

    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)


def render_html(template_name: str, context: dict, *, language: str | None = None) -> str:
    """The template rendered in ``language`` (default: the portal's) and the portal's time zone, with the
    municipality in the context. The same data always gives the same HTML."""
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        return render_to_string(template_name, {**portal_context(), **context})


def html_to_pdf_with_pages(html: str) -> tuple[bytes, int]:
    """HTML (with its styles inline) as a tagged PDF, and its number of pages."""
    # Imported here: WeasyPrint takes most of a second to import, which web processes need not pay.
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=url_fetcher(), media_type="print").render()
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


def html_to_pdf(html: str) -> bytes:
    """HTML (with its styles inline) as a tagged PDF."""
    return html_to_pdf_with_pages(html)[0]


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The template rendered in ``language`` as a tagged PDF (PDF/UA-1)."""
    return html_to_pdf(render_html(template_name, context, language=language))
