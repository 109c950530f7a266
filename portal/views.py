from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from portal import startpage
from portal.dashboard import DashboardFilterForm
from portal.forms import LanguageForm, ProfileForm, ReportRequestForm
from portal.health import health_report
from portal.models import Report
from portal.reports import last_finished_tertial, report_row, request_report
from portal.services import set_language as remember_language
from portal.services import update_profile


class HomeView(TemplateView):
    """The business owner's front door: where to turn, and what the municipality offers."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        # What the domain apps add (the next public meetings, ...): registered from their AppConfig.ready().
        return super().get_context_data(parts=startpage.parts_for(startpage.FRONT, self.request.user), **kwargs)


class AccessibilityStatementView(TemplateView):
    template_name = "portal/accessibility.html"


class DashboardView(PermissionRequiredMixin, TemplateView):
    """/oversikt/: how the municipality serves its businesses, for one period and one or all served
    municipalities (``?periode=2026-T2&kommune=3201``), as each app contributes it. Aggregates only."""

    template_name = "portal/dashboard.html"
    permission_required = "portal.view_dashboard"

    def get(self, request, *args, **kwargs):
        form = DashboardFilterForm(request.GET)
        if not form.is_valid():
            # No figures for a choice the reader did not make: the form with its error, answered 400.
            return self.render_to_response(self.get_context_data(form=form, filters=None), status=400)
        filters = form.filters()
        parts = startpage.parts_for(startpage.DASHBOARD, request.user, filters=filters)
        sections = [
            {"part": part, "anchor": "section-" + slugify(part.key.replace(".", "-")), "heading": part.data.get("heading")}
            for part in parts
        ]
        names = [settings.MUNICIPALITY_NAMES.get(number, number) for number in filters.municipalities]
        context = self.get_context_data(
            form=form,
            filters=filters,
            municipalities=get_text_list(names, _("and")),
            parts=parts,
            sections=sections,
            contents=[section for section in sections if section["heading"]],
        )
        return self.render_to_response(context)


class MyPageView(LoginRequiredMixin, TemplateView):
    """/min-side/: the user's own page: what the apps show them (a business owner's businesses), the profile, the account."""

    template_name = "portal/my_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=startpage.parts_for(startpage.MY_PAGE, self.request.user), **kwargs)


class WorkView(PermissionRequiredMixin, TemplateView):
    """/arbeid/: "Mine oppgaver", the staff start page: what waits for the user, as each app contributes it."""

    template_name = "portal/work.html"
    permission_required = "portal.view_work"

    def get_context_data(self, **kwargs):
        parts = startpage.parts_for(startpage.WORK, self.request.user)
        return super().get_context_data(parts=parts, waiting=sum(part.count for part in parts), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """/min-side/profil/: name and preferred language. Saving the language also switches the pages to it."""
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        update_profile(user, by=user, **form.cleaned_data)
        language = form.cleaned_data["language"]
        translation.activate(language)  # so that the message below is in the language just chosen
        messages.success(request, _("Your profile is saved."))
        return _with_language_cookie(redirect("portal:my_page"), language)
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/profile.html", {"form": form}, status=status)


def _with_language_cookie(response, language: str):
    """Make ``language`` the one this browser's pages are in (LocaleMiddleware reads the cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
def set_language(request):
    """Switch the interface language; an unknown language code is a 400, not a silent fallback."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": _("Unknown language.")}, status=400)
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"] or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    translation.activate(language)
    remember_language(request.user, language)
    return _with_language_cookie(redirect(next_url), language)


@never_cache
def health(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading the page's <link>."""
    path = finders.find("img/favicon.ico")
    if path is None:
        raise Http404("favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def _back_url(request) -> str | None:
    """The page the user came from, if it is on this site and not this page: the error pages' way back."""
    referrer = request.headers.get("referer", "")
    try:
        host, this_page = request.get_host(), request.build_absolute_uri()
    except DisallowedHost:  # the 400 for a host not in ALLOWED_HOSTS comes here too: no way back
        return None
    if not referrer or not url_has_allowed_host_and_scheme(referrer, allowed_hosts={host}, require_https=request.is_secure()):
        return None
    return None if referrer == this_page else referrer


def bad_request(request, exception=None):
    return render(request, "400.html", {"back_url": _back_url(request)}, status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"back_url": _back_url(request)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"back_url": _back_url(request)}, status=404)


def server_error(request):
    # The database may be what failed: render without context processors that could touch it.
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - last resort: a plain page
        return HttpResponseServerError(render_to_string("500_plain.html"))


# --- The Næringsrapport: asked for and listed, made by a task, downloaded (portal.reports) ----------------

REPORTS_PER_PAGE = 20


def _report_for(request, pk: int) -> Report:
    if not request.user.has_perm("portal.view_reports"):
        raise PermissionDenied
    return get_object_or_404(Report, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def reports(request):
    """/oversikt/rapporter/: the reports made before, and the form that asks for a new one (POST)."""
    if not request.user.has_perm("portal.view_reports"):
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.has_perm("portal.request_report"):
            raise PermissionDenied
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            report = request_report(form.filters(), by=request.user, language=form.cleaned_data["language"])
            return redirect("portal:report", pk=report.pk)
    else:
        # The dashboard links here with its own choice (?periode=2026-T1&kommune=3201); else the last tertial.
        initial = {"periode": last_finished_tertial().code, "language": translation.get_language()}
        chosen = DashboardFilterForm(request.GET)
        if chosen.is_valid():
            initial |= {name: value for name, value in chosen.cleaned_data.items() if value}
        form = ReportRequestForm(initial=initial)
    page = Paginator(Report.objects.all(), REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "paginator": page.paginator,
        "reports": [report_row(report) for report in page],
        "can_request": request.user.has_perm("portal.request_report"),
    }
    return render(request, "portal/report/list.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def report_detail(request, pk: int):
    """/oversikt/rapporter/<pk>/: the report's state. While it is being made, htmx asks for the state fragment every
    few seconds; without JavaScript a link asks again."""
    report = _report_for(request, pk)
    row = report_row(report)
    if request.htmx and row["pending"]:
        # Nothing new: htmx swaps nothing on a 204, so a screen reader hears nothing until the state changes.
        return HttpResponse(status=204)
    context = {"report": row, "can_request": request.user.has_perm("portal.request_report")}
    template = "portal/report/detail.html#state" if request.htmx else "portal/report/detail.html"
    return render(request, template, context)


@login_required
@require_safe
def report_pdf(request, pk: int):
    """The stored PDF (404 until it is ready)."""
    report = _report_for(request, pk)
    if report.status != Report.Status.READY or not report.file:
        raise Http404
    try:
        file = report.file.open("rb")
    except FileNotFoundError:  # removed from the storage by hand
        raise Http404 from None
    return FileResponse(file, filename=report.file.name.rsplit("/", 1)[-1], content_type="application/pdf")
