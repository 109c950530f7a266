"""Officers import notices from a saved Doffin search result or notice file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from procurement.forms.imports import NoticeImportForm
from procurement.services.notices import import_hits


@login_required
def import_notices(request):
    """Load notices from an uploaded JSON file (the procurement team). A file that cannot be read is a form
    error (400, nothing loaded); otherwise each notice loads or is reported with its position and reason
    (the page answers 400 when any was left out, as the other imports do)."""
    if not request.user.has_perm("procurement.manage_procurement"):
        raise PermissionDenied
    form = NoticeImportForm(request.POST, request.FILES) if request.method == "POST" else NoticeImportForm()
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = import_hits(form.hits, source=form.cleaned_data["file"].name)
            status = 400 if report.rejected else 200
        else:
            status = 400
    return render(request, "procurement/notices/import.html", {"form": form, "report": report}, status=status)
