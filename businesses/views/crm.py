"""The officers' CRM: contacts, interactions, follow-ups, red flags, tags. Every page is for the business team
(businesses.use_crm): anonymous visitors are sent to log in, everyone else gets 403."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView
from django_filters.views import FilterView

from businesses.filters.crm import FollowUpFilter, InteractionFilter, RedFlagFilter
from businesses.forms.crm import (
    ContactForm,
    FollowUpForm,
    FollowUpStateForm,
    InteractionForm,
    RedFlagForm,
    RedFlagResolveForm,
    TagsForm,
)
from businesses.models import Business, Contact, FollowUp, Interaction, RedFlag, Tag
from businesses.queries import crm_rows, crm_team
from businesses.services import crm as services
from businesses.services.privacy import erase_contact as erase_contact_data
from businesses.services.privacy import export_contact_data

PERMISSION = "businesses.use_crm"


def team_only(view):
    """Not logged in: to the login page. Logged in without the CRM permission: 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class TeamOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        return team_only(super().dispatch)(request, *args, **kwargs)


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    """A form page: 400 when a submitted form has errors, so bad input never looks like success."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def _crm_url(business: Business) -> str:
    return reverse("businesses:detail", args=[business.orgnr]) + "#crm-heading"


def _back(request, fallback: str) -> str:
    """Where a one-shot action returns: the page it came from (``next``, same site only) or ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _business(orgnr: str) -> Business:
    return get_object_or_404(Business.objects.only("pk", "orgnr", "name"), orgnr=orgnr)


# --- Contacts ---------------------------------------------------------------------------------


@team_only
@require_http_methods(["GET", "POST"])
def add_contact(request, orgnr: str):
    business = _business(orgnr)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = services.add_contact(business, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s is saved as a contact.") % {"name": contact.name})
        return redirect(_crm_url(business))
    return _form_page(request, "businesses/crm/contact_form.html", {"business": business, "person": None}, form)


def _contact(request, pk: int) -> Contact:
    return get_object_or_404(crm_rows(request.user, Contact).select_related("business"), pk=pk)


@team_only
@require_http_methods(["GET", "POST"])
def edit_contact(request, pk: int):
    contact = _contact(request, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        if services.update_contact(form.save(commit=False), by=request.user, changed=form.changed_data):
            messages.success(request, _("The contact is saved."))
        return redirect(_crm_url(contact.business))
    return _form_page(request, "businesses/crm/contact_form.html", {"business": contact.business, "person": contact}, form)


@team_only
@require_GET
def export_contact(request, pk: int):
    """Everything held about the person, as a JSON file (a request for access, GDPR art. 15)."""
    contact = _contact(request, pk)
    data = export_contact_data(contact, by=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="kontakt-{contact.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@team_only
@require_http_methods(["GET", "POST"])
def erase_contact(request, pk: int):
    """Erase on request (GDPR art. 17): a confirmation page, then the contact is deleted."""
    contact = _contact(request, pk)
    if request.method == "POST":
        erase_contact_data(contact, by=request.user)
        messages.success(request, _("The contact is erased, and taken off every interaction."))
        return redirect(_crm_url(contact.business))
    return render(
        request,
        "businesses/crm/contact_erase.html",
        {"person": contact, "business": contact.business, "interaction_count": contact.interactions.count()},
    )


# --- Interactions ------------------------------------------------------------------------------


@team_only
@require_http_methods(["GET", "POST"])
def log_interaction(request, orgnr: str):
    """Log a call, visit, e-mail, meeting or event after the fact, with its follow-up: one form, one submit.
    The same form sits on the business's page."""
    business = _business(orgnr)
    form = InteractionForm(request.POST or None, business=business, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.log_interaction(
            business,
            by=request.user,
            kind=data["kind"],
            date=data["date"],
            subject=data["subject"],
            notes=data["notes"],
            contacts=list(data["contacts"]),
            participants=list(data["participants"]),
            other_businesses=data["other_businesses"],
            follow_up=form.follow_up(),
        )
        if form.follow_up():
            messages.success(request, _("The interaction and its follow-up are saved."))
        else:
            messages.success(request, _("The interaction is saved."))
        return redirect(_crm_url(business))
    return _form_page(request, "businesses/crm/interaction_form.html", {"business": business, "interaction": None}, form)


class InteractionListView(TeamOnlyMixin, FilterView):
    filterset_class = InteractionFilter
    template_name = "businesses/crm/interaction_list.html"
    paginate_by = 25
    queryset = Interaction.objects.select_related("created_by").prefetch_related(
        Prefetch("businesses", queryset=Business.objects.only("pk", "orgnr", "name")), "participants"
    )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), **kwargs)


@team_only
@require_http_methods(["GET", "POST"])
def edit_interaction(request, pk: int):
    interaction = get_object_or_404(crm_rows(request.user, Interaction), pk=pk)
    form = InteractionForm(request.POST or None, instance=interaction, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for name in services.INTERACTION_FIELDS:
            setattr(interaction, name, data[name])
        changed = services.update_interaction(
            interaction,
            by=request.user,
            changed=form.changed_data,
            businesses=data["businesses"],
            contacts=list(data["contacts"]),
            participants=list(data["participants"]),
        )
        if changed:
            messages.success(request, _("The interaction is saved."))
        return redirect("businesses:interactions")
    return _form_page(request, "businesses/crm/interaction_form.html", {"business": None, "interaction": interaction}, form)


# --- Follow-ups --------------------------------------------------------------------------------


@team_only
@require_http_methods(["GET", "POST"])
def add_follow_up(request, orgnr: str):
    business = _business(orgnr)
    form = FollowUpForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_follow_up(
            business, by=request.user, title=data["title"], notes=data["notes"], owner=data["owner"], due=data["due"]
        )
        messages.success(request, _("The follow-up is saved."))
        return redirect(_crm_url(business))
    return _form_page(request, "businesses/crm/follow_up_form.html", {"business": business, "follow_up": None}, form)


class FollowUpListView(TeamOnlyMixin, FilterView):
    """/bedrifter/oppfolging/: my open follow-ups by default, soonest due first."""

    filterset_class = FollowUpFilter
    template_name = "businesses/crm/follow_up_list.html"
    paginate_by = 25
    queryset = (
        FollowUp.objects.select_related("owner")
        .prefetch_related(Prefetch("business", queryset=Business.objects.only("pk", "orgnr", "name")))
        .order_by("due", "pk")
    )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data.setdefault("who", "mine")
        data.setdefault("state", FollowUp.State.OPEN)
        kwargs["data"] = data
        return kwargs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), state_form=FollowUpStateForm(), **kwargs)


def _follow_up(request, pk: int) -> FollowUp:
    return get_object_or_404(crm_rows(request.user, FollowUp).select_related("business", "owner"), pk=pk)


@team_only
@require_http_methods(["GET", "POST"])
def edit_follow_up(request, pk: int):
    follow_up = _follow_up(request, pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        if services.update_follow_up(form.save(commit=False), by=request.user, changed=form.changed_data):
            messages.success(request, _("The follow-up is saved."))
        return redirect(_crm_url(follow_up.business))
    return _form_page(
        request, "businesses/crm/follow_up_form.html", {"business": follow_up.business, "follow_up": follow_up}, form
    )


@team_only
@require_POST
def set_follow_up_state(request, pk: int):
    follow_up = _follow_up(request, pk)
    form = FollowUpStateForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": _("Choose done, cancelled or reopen.")}, status=400)
    action = form.cleaned_data["action"]
    if services.set_follow_up_state(follow_up, action, by=request.user):
        texts = {
            "done": _("“%(title)s” is done."),
            "cancelled": _("“%(title)s” is cancelled."),
            "reopen": _("“%(title)s” is open again."),
        }
        messages.success(request, texts[action] % {"title": follow_up.title})
    else:
        messages.info(request, _("Nothing changed: the follow-up was already in that state."))
    return redirect(_back(request, _crm_url(follow_up.business)))


# --- Red flags ---------------------------------------------------------------------------------


@team_only
@require_http_methods(["GET", "POST"])
def raise_red_flag(request, orgnr: str):
    business = _business(orgnr)
    form = RedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.raise_red_flag(business, by=request.user, **form.cleaned_data)
        messages.success(request, _("The red flag is raised."))
        return redirect(_crm_url(business))
    return _form_page(request, "businesses/crm/red_flag_form.html", {"business": business, "flag": None}, form)


class RedFlagListView(TeamOnlyMixin, FilterView):
    """/bedrifter/flagg/: the open red flags by default, the most severe first."""

    filterset_class = RedFlagFilter
    template_name = "businesses/crm/red_flag_list.html"
    paginate_by = 25
    queryset = (
        RedFlag.objects.select_related("raised_by", "resolved_by")
        .prefetch_related(Prefetch("business", queryset=Business.objects.only("pk", "orgnr", "name")))
        .order_by("-severity", "-raised_at", "-pk")
    )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data.setdefault("status", "open")
        kwargs["data"] = data
        return kwargs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.filterset.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), **kwargs)


def _red_flag(request, pk: int) -> RedFlag:
    return get_object_or_404(crm_rows(request.user, RedFlag).select_related("business", "resolved_by"), pk=pk)


@team_only
@require_http_methods(["GET", "POST"])
def edit_red_flag(request, pk: int):
    flag = _red_flag(request, pk)
    form = RedFlagForm(request.POST or None, instance=flag)
    if request.method == "POST" and form.is_valid():
        if services.update_red_flag(form.save(commit=False), by=request.user, changed=form.changed_data):
            messages.success(request, _("The red flag is saved."))
        return redirect(_crm_url(flag.business))
    return _form_page(request, "businesses/crm/red_flag_form.html", {"business": flag.business, "flag": flag}, form)


@team_only
@require_http_methods(["GET", "POST"])
def resolve_red_flag(request, pk: int):
    flag = _red_flag(request, pk)
    form = RedFlagResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.resolve_red_flag(flag, by=request.user, resolution=form.cleaned_data["resolution"]):
            messages.success(request, _("The red flag is resolved."))
        else:
            messages.info(request, _("The red flag was already resolved."))
        return redirect(_back(request, _crm_url(flag.business)))
    return _form_page(request, "businesses/crm/red_flag_resolve.html", {"business": flag.business, "flag": flag}, form)


# --- Tags --------------------------------------------------------------------------------------


@team_only
@require_POST
def set_tags(request, orgnr: str):
    business = _business(orgnr)
    form = TagsForm(request.POST, business=business)
    if not form.is_valid():
        reasons = [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return render(request, "400.html", {"reason": " ".join(reasons)}, status=400)
    if services.set_business_tags(business, by=request.user, tags=form.cleaned_data["tags"], new_tag=form.new_tag()):
        messages.success(request, _("The tags are saved."))
    return redirect(_crm_url(business))


class TagListView(TeamOnlyMixin, TemplateView):
    """/bedrifter/merker/: the tags by kind with how many businesses carry each; ?merke=<id> lists one tag's businesses."""

    template_name = "businesses/crm/tag_list.html"

    def get_context_data(self, **kwargs):
        tags = Tag.objects.annotate(business_count=Count("businesses")).order_by("kind", "name")
        selected = None
        value = self.request.GET.get("merke", "")
        if value:
            if not value.isdigit():
                raise Http404
            selected = get_object_or_404(Tag, pk=int(value))
        businesses = selected.businesses.only("pk", "orgnr", "name").order_by("name") if selected else None
        return super().get_context_data(tags=tags, selected=selected, tagged=businesses, **kwargs)


# --- The panel on /bedrifter/<orgnr>/ ----------------------------------------------------------


def detail_panel(request, business) -> dict:
    """The CRM on a business's page, for the team only ({} for everyone else: the template shows nothing).

    A fixed number of queries however many rows: each list is one query.
    """
    if not request.user.is_authenticated or not request.user.has_perm(PERMISSION):
        return {}
    # Every tag, marked if the business has it: the business's tags and the tag form's choices in one query.
    all_tags = list(
        Tag.objects.annotate(chosen=Exists(Tag.businesses.through.objects.filter(tag=OuterRef("pk"), business=business)))
    )
    tags = [tag for tag in all_tags if tag.chosen]
    contacts = list(business.contacts.all())
    team = list(crm_team())
    interaction_form = InteractionForm(business=business, user=request.user)
    interaction_form.use_choices(contacts=contacts, team=team)
    tags_form = TagsForm(initial={"tags": [tag.pk for tag in tags]})
    tags_form.use_choices(all_tags)
    return {
        "business": business,
        "tags": tags,
        "contacts": contacts,
        "interaction_form": interaction_form,
        "tags_form": tags_form,
        "follow_ups": list(business.follow_ups.filter(state=FollowUp.State.OPEN).select_related("owner").order_by("due", "pk")),
        "red_flags": list(business.red_flags.filter(resolved_at__isnull=True).select_related("raised_by")),
    }
