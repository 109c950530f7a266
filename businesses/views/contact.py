"""The contact point: the team, the catalogue of offers and schemes, the routing table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_filters.views import FilterView

from businesses.filters.contact import CatalogueFilter
from businesses.forms.contact import AdviserProfileForm, CatalogueEntryForm, RoutingForm, sector_choices
from businesses.models import AdviserProfile, EnquiryRoute
from businesses.queries import listed_advisers, visible_catalogue_entries
from businesses.services.contact import delete_catalogue_entry, save_adviser_profile, save_catalogue_entry, set_routes

MANAGE = "businesses.manage_contact_point"


class ContactPointView(FilterView):
    """/kontakt/: who to turn to, and the catalogue of offers and schemes; the filter state lives in the URL."""

    filterset_class = CatalogueFilter
    template_name = "businesses/contact/index.html"
    paginate_by = 20

    def get_queryset(self):
        return visible_catalogue_entries(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400  # the form shows what is wrong
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["object_list"]:
            entry.sector_name = self.filterset.sectors.get(entry.sector, "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            advisers=listed_advisers(),
            can_manage=self.request.user.has_perm(MANAGE),
            querystring=query.urlencode(),
        )
        return context


@require_GET
def catalogue_entry(request, pk: int):
    """One offer or scheme. A draft is for the team only: anyone else gets 404, as for an entry that does not exist."""
    entry = get_object_or_404(visible_catalogue_entries(request.user), pk=pk)
    entry.sector_name = dict(sector_choices()).get(entry.sector, "") if entry.sector else ""
    return render(request, "businesses/contact/entry_detail.html", {"entry": entry, "can_manage": request.user.has_perm(MANAGE)})


def _check_manager(request) -> None:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied


def _form_page(request, template: str, context: dict, form):
    """A form page: 400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def add_entry(request):
    _check_manager(request)
    form = CatalogueEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        save_catalogue_entry(entry, by=request.user)
        messages.success(request, _("The entry is added to the catalogue."))
        return redirect("contact:entry", pk=entry.pk)
    return _form_page(request, "businesses/contact/entry_form.html", {"entry": None}, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request, pk: int):
    _check_manager(request)
    entry = get_object_or_404(visible_catalogue_entries(request.user), pk=pk)
    form = CatalogueEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        save_catalogue_entry(form.save(commit=False), by=request.user, changed=form.changed_data)
        messages.success(request, _("The entry is saved."))
        return redirect("contact:entry", pk=entry.pk)
    return _form_page(request, "businesses/contact/entry_form.html", {"entry": entry}, form)


@login_required
@require_http_methods(["GET", "POST"])
def delete_entry(request, pk: int):
    """GET asks for confirmation; POST deletes."""
    _check_manager(request)
    entry = get_object_or_404(visible_catalogue_entries(request.user), pk=pk)
    if request.method == "POST":
        delete_catalogue_entry(entry, by=request.user)
        messages.success(request, _("“%(title)s” is deleted from the catalogue.") % {"title": entry.title})
        return redirect("contact:index")
    return render(request, "businesses/contact/entry_delete.html", {"entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def edit_adviser_profile(request):
    """The logged-in adviser's own profile on the contact point; the first save creates it."""
    _check_manager(request)
    profile = AdviserProfile.objects.filter(user=request.user).first()
    form = AdviserProfileForm(request.POST or None, instance=profile or AdviserProfile(user=request.user))
    if request.method == "POST" and form.is_valid():
        save_adviser_profile(form.save(commit=False), by=request.user, changed=form.changed_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("contact:index")
    return _form_page(request, "businesses/contact/adviser_form.html", {"profile": profile}, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_routing(request):
    """The routing table: which officer gets the enquiries of each topic."""
    _check_manager(request)
    routes = dict(EnquiryRoute.objects.values_list("topic", "adviser_id"))
    form = RoutingForm(request.POST or None, routes=routes)
    if request.method == "POST" and form.is_valid():
        if set_routes(form.cleaned_data, by=request.user):
            messages.success(request, _("The routing table is saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("contact:routing")
    return _form_page(request, "businesses/contact/routing_form.html", {}, form)
