"""Alerts to businesses: subscriptions and the signed unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from procurement.forms.alerts import SubscriptionForm, cpv_label
from procurement.rules import is_procurement_team
from procurement.services import alerts as service
from procurement.services import cpv

MULTI = ("suggested", "kinds")


def _rows(subscriptions) -> list[dict]:
    subscriptions = list(subscriptions)
    labels = cpv.labels({row.code for s in subscriptions for row in s.cpv.all()})
    return [
        {
            "subscription": s,
            "codes": [cpv_label(row.code, labels) for row in sorted(s.cpv.all(), key=lambda row: row.code)],
            "keywords": [row.word for row in sorted(s.keyword_rows.all(), key=lambda row: row.word)],
        }
        for s in subscriptions
    ]


@login_required
@require_safe
def subscription_list(request):
    return render(
        request,
        "procurement/alerts/list.html",
        {"rows": _rows(service.listed_subscriptions(request.user)), "team": is_procurement_team(request.user)},
    )


def _form_page(request, form, *, subscription=None) -> HttpResponse:
    status = 400 if request.method == "POST" and form.is_bound and form.errors else 200
    return render(
        request,
        "procurement/alerts/form.html",
        {"form": form, "subscription": subscription, "suggestion_business": form.suggestion_business},
        status=status,
    )


def _refreshed(request, *, team: bool, subscription=None) -> SubscriptionForm:
    """The form again with what was entered, unsaved and unchecked: "Show suggestions" for another business."""
    initial = {key: request.POST.getlist(key) if key in MULTI else request.POST.get(key, "") for key in request.POST}
    initial.pop("csrfmiddlewaretoken", None)
    initial.pop("suggested", None)  # the new business's suggestions come ticked
    return SubscriptionForm(user=request.user, team=team, initial=initial)


def _check_business(request, form) -> None:
    business = form.business_value()
    if business is not None and not request.user.has_perm("procurement.set_up_alerts_for_business", business):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_subscription(request):
    team = is_procurement_team(request.user)
    if request.method == "POST" and "refresh" in request.POST:
        return _form_page(request, _refreshed(request, team=team))
    form = SubscriptionForm(request.POST or None, user=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        _check_business(request, form)
        subscription = service.create_subscription(form.subscription_data(), by=request.user)
        messages.success(request, _("The alert “%(name)s” is set up.") % {"name": subscription})
        return redirect("procurement:alerts")
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_subscription(request, pk: int):
    subscription = get_object_or_404(service.changeable_subscriptions(request.user), pk=pk)
    team = is_procurement_team(request.user)
    if request.method == "POST" and "refresh" in request.POST:
        form = _refreshed(request, team=team)
        return _form_page(request, form, subscription=subscription)
    form = SubscriptionForm(request.POST or None, user=request.user, team=team, instance=subscription)
    if request.method == "POST" and form.is_valid():
        _check_business(request, form)
        service.change_subscription(subscription, form.subscription_data())
        messages.success(request, _("The alert “%(name)s” is changed.") % {"name": subscription})
        return redirect("procurement:alerts")
    return _form_page(request, form, subscription=subscription)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_subscription(request, pk: int):
    subscription = get_object_or_404(service.changeable_subscriptions(request.user), pk=pk)
    if request.method == "POST":
        name = str(subscription)
        service.delete_subscription(subscription)
        messages.success(request, _("The alert “%(name)s” is deleted.") % {"name": name})
        return redirect("procurement:alerts")
    return render(request, "procurement/alerts/confirm_delete.html", {"subscription": subscription})


# The one-click unsubscribe of RFC 8058 is a POST from the recipient's mail client, which has no
# session and no CSRF token; the signed token in the URL is what authorises it. So this view alone is
# exempt. What a forged cross-site POST could do with a token it somehow knew is turn alerts off or
# back on for that one subscription: nothing else is reachable from here.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    subscription = service.subscription_for_token(token)
    if subscription is None:
        return render(
            request,
            "400.html",
            {"reason": _("This unsubscribe link is not valid: it may have been cut off or changed, or the alert is deleted.")},
            status=400,
        )
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == "One-Click":
            service.set_active(subscription, False)
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        if request.POST.get("action") == "resubscribe":
            service.set_active(subscription, True)
            subscription.refresh_from_db(fields=["active"])
            return render(request, "procurement/alerts/unsubscribed.html", {"subscription": subscription, "token": token})
        return render(request, "400.html", {"reason": _("Nothing to do.")}, status=400)
    if request.method == "GET":
        service.set_active(subscription, False)
        subscription.refresh_from_db(fields=["active"])
    return render(request, "procurement/alerts/unsubscribed.html", {"subscription": subscription, "token": token})
