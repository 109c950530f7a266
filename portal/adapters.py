"""allauth hooks: its e-mails go through portal.mail, and new sign-ups become business owners."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import resolve_url
from django.utils import translation

from portal import startpage
from portal.mail import send_templated_mail
from portal.roles import Role
from portal.rules import is_council_member, is_staff_member
from portal.services import assign_role


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        full_context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        send_templated_mail(template_prefix, to=email, context=full_context, language=language)

    def get_login_redirect_url(self, request):
        """Where a login without ``next`` lands: staff on their start page; council members there too when
        something waits for them, else on the dashboard, like politicians; everyone else on Min side."""
        user = request.user
        if is_staff_member(user) or (is_council_member(user) and startpage.waiting_count(user) > 0):
            return resolve_url("portal:work")
        if user.has_perm("portal.view_dashboard"):
            return resolve_url("portal:dashboard")
        return resolve_url("portal:my_page")

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
            assign_role(user, Role.BUSINESS_OWNER, by=None)
        return user
