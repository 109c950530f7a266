"""Market dialogue: the dialogue page, registration, slots, documents, questions and answers.

Who sees what: an open or closed dialogue is public (description, forms, dates, the list of documents and the
published questions and answers); documents are downloaded by registered suppliers and the team; who
registered, who booked which slot and who asked what are known to the team and to the supplier itself only.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from businesses.queries import businesses_represented_by
from procurement.forms.dialogues import AnswerForm, DialogueForm, DocumentForm, QuestionForm, RegistrationForm, SlotsForm
from procurement.models import (
    DialogueDocument,
    DialogueQuestion,
    DialogueSlot,
    MarketDialogue,
    PlannedProcurement,
)
from procurement.queries import registrations_of, visible_dialogues
from procurement.services import dialogues as services


def _team(request) -> bool:
    return request.user.has_perm("procurement.manage_procurement")


def _require_team(request) -> None:
    if not _team(request):
        raise PermissionDenied


def refusal_as_page(view):
    """A service that refuses (input closed, slot taken, full): the reason and a link back, with its status."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.DialogueError as error:
            dialogue = getattr(request, "_dialogue", None)
            return render(
                request, "procurement/dialogues/not_now.html", {"reason": str(error), "dialogue": dialogue}, status=error.status
            )

    return wrapper


def _dialogue(request, pk: int) -> MarketDialogue:
    dialogue = get_object_or_404(visible_dialogues(request.user), pk=pk)
    request._dialogue = dialogue
    return dialogue


# --- Public: the list and the dialogue page ----------------------------------------------------------


def dialogue_list(request):
    """/anskaffelser/markedsdialog/: open dialogues first, then closed (and drafts, for the team)."""
    dialogues = list(
        visible_dialogues(request.user).annotate(registration_count=Count("registrations")).order_by("state", "-created")
    )
    groups = [
        (state, [d for d in dialogues if d.state == state])
        for state in (MarketDialogue.State.OPEN, MarketDialogue.State.CLOSED, MarketDialogue.State.DRAFT)
    ]
    return render(request, "procurement/dialogues/list.html", {"groups": [g for g in groups if g[1]], "team": _team(request)})


def dialogue_detail(request, pk: int):
    dialogue = _dialogue(request, pk)
    team = _team(request)
    mine = list(registrations_of(request.user, dialogue))
    mine_ids = {r.pk for r in mine}
    slots = list(dialogue.slots.select_related("registration")) if (team or mine) else []
    context = {
        "dialogue": dialogue,
        "item": dialogue.item,
        "team": team,
        "my_registrations": mine,
        "registered": bool(mine),
        "my_slots": [s for s in slots if s.registration_id in mine_ids],
        "free_slots": [s for s in slots if s.registration_id is None],
        "slots": slots if team else None,
        "documents": list(dialogue.documents.all()),
        "can_download": team or bool(mine),
        "answered": list(dialogue.questions.filter(published_at__isnull=False).order_by("published_at", "pk")),
        "waiting": list(
            dialogue.questions.filter(published_at__isnull=True).select_related("registration").order_by("asked_at", "pk")
        )
        if team
        else None,
        "my_waiting": list(dialogue.questions.filter(published_at__isnull=True, registration__in=mine_ids)) if mine else [],
        "registrations": list(dialogue.registrations.prefetch_related("slots")) if team else None,
        "input_open": services.input_open(dialogue),
        "registration_open": services.registration_open(dialogue),
        "registration_count": dialogue.registrations.count(),
        "question_form": QuestionForm(registrations=mine) if mine else None,
    }
    return render(request, "procurement/dialogues/detail.html", context)


# --- The team: creating, changing, opening, closing ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def add_dialogue(request, pk: int):
    """/anskaffelser/punkter/<pk>/markedsdialog/ny/: a draft dialogue for a planned procurement."""
    _require_team(request)
    item = get_object_or_404(PlannedProcurement.objects.select_related("plan"), pk=pk)
    form = DialogueForm(request.POST or None, initial={"title": _("Market dialogue: %(title)s") % {"title": item.title}})
    if request.method == "POST" and form.is_valid():
        dialogue = services.create_dialogue(item, by=request.user, **form.cleaned_data)
        messages.success(request, _("The market dialogue is saved as a draft. Open it to make it public."))
        return redirect(dialogue)
    status = 400 if request.method == "POST" else 200
    return render(request, "procurement/dialogues/form.html", {"form": form, "item": item, "dialogue": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def edit_dialogue(request, pk: int):
    _require_team(request)
    dialogue = _dialogue(request, pk)
    if dialogue.state == MarketDialogue.State.CLOSED:
        raise services.DialogueError(_("Input has closed, so the market dialogue can no longer be changed."))
    form = DialogueForm(request.POST or None, instance=dialogue)
    if request.method == "POST" and form.is_valid():
        # The form has set the new values on ``dialogue`` while validating: compare with the stored row.
        services.update_dialogue(MarketDialogue.objects.get(pk=dialogue.pk), by=request.user, **form.cleaned_data)
        messages.success(request, _("The market dialogue is saved."))
        return redirect(dialogue)
    status = 400 if request.method == "POST" else 200
    # The form has changed the instance in place while validating: show the stored title in the trail.
    dialogue.refresh_from_db(fields=["title"])
    context = {"form": form, "item": dialogue.item, "dialogue": dialogue}
    return render(request, "procurement/dialogues/form.html", context, status=status)


@login_required
@require_POST
@refusal_as_page
def open_dialogue(request, pk: int):
    _require_team(request)
    dialogue = _dialogue(request, pk)
    if dialogue.state != MarketDialogue.State.DRAFT:
        raise services.DialogueError(_("Only a draft can be opened."))
    services.open_dialogue(dialogue, by=request.user)
    messages.success(request, _("The market dialogue is open: suppliers can find it and register."))
    return redirect(dialogue)


@login_required
@require_POST
@refusal_as_page
def close_dialogue(request, pk: int):
    _require_team(request)
    dialogue = _dialogue(request, pk)
    if not services.close_input(dialogue, reason="manual", by=request.user):
        raise services.DialogueError(_("Input to this market dialogue has closed already."))
    messages.success(request, _("Input is closed. Every registered supplier is told."))
    return redirect(dialogue)


# --- Suppliers: registration, slots, questions -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def register(request, pk: int):
    """/markedsdialog/<pk>/pamelding/: register a supplier by organisation number, once per dialogue."""
    dialogue = _dialogue(request, pk)
    if not services.registration_open(dialogue):
        if dialogue.state == MarketDialogue.State.OPEN and services.input_open(dialogue):
            raise services.DialogueError(_("The registration deadline has passed."))
        raise services.DialogueError(_("Registration is closed: the market dialogue is not open for input."))
    user = request.user
    initial = {"contact_name": user.name, "email": user.email}
    business = businesses_represented_by(user).exclude(orgnr__in=dialogue.registrations.values("orgnr")).first()
    if business is not None:
        initial.update(orgnr=business.orgnr, company_name=business.name)
    form = RegistrationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.register_supplier(dialogue, by=user, **form.cleaned_data)
            except services.DialogueError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("You are registered. Answers, documents and reminders are sent by e-mail."))
                return redirect(dialogue)
    return render(request, "procurement/dialogues/register.html", {"form": form, "dialogue": dialogue}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def add_slots(request, pk: int):
    _require_team(request)
    dialogue = _dialogue(request, pk)
    form = SlotsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = services.add_slots(dialogue, by=request.user, **form.cleaned_data)
            except services.DialogueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("%(count)s slots are added and every registered supplier is told.") % {"count": len(created)}
                )
                return redirect(dialogue)
    context = {"form": form, "dialogue": dialogue, "slots": list(dialogue.slots.all())}
    return render(request, "procurement/dialogues/slots.html", context, status=status)


def _slot(request, pk: int) -> DialogueSlot:
    slot = get_object_or_404(DialogueSlot.objects.select_related("dialogue", "registration"), pk=pk)
    if not request.user.has_perm("procurement.view_dialogue", slot.dialogue):
        raise Http404
    request._dialogue = slot.dialogue
    return slot


@login_required
@require_POST
@refusal_as_page
def book_slot(request, pk: int):
    """/tider/<pk>/bestill/: the registration's user books (or the team on its behalf): first come, first served."""
    slot = _slot(request, pk)
    dialogue = slot.dialogue
    choices = dialogue.registrations.all() if _team(request) else registrations_of(request.user, dialogue)
    chosen = request.POST.get("registration")
    if chosen:
        registration = choices.filter(pk=chosen if chosen.isascii() and chosen.isdigit() else 0).first()
        if registration is None:
            raise PermissionDenied
    else:
        mine = list(choices[:2])
        if not mine:
            raise PermissionDenied
        if len(mine) > 1:
            raise services.DialogueError(_("Choose which registration the slot is for."), status=400)
        registration = mine[0]
    services.book_slot(slot, registration=registration, by=request.user)
    messages.success(request, _("The slot is booked. You get a reminder the day before."))
    return redirect(dialogue)


@login_required
@require_POST
@refusal_as_page
def cancel_slot(request, pk: int):
    slot = _slot(request, pk)
    if slot.registration is None or not request.user.has_perm("procurement.act_for_registration", slot.registration):
        raise PermissionDenied
    services.cancel_slot(slot, by=request.user)
    messages.success(request, _("The booking is cancelled and the slot is free for others."))
    return redirect(slot.dialogue)


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def add_document(request, pk: int):
    _require_team(request)
    dialogue = _dialogue(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_document(
            dialogue,
            by=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            content_type=form.content_type,
        )
        messages.success(request, _("The document is added and every registered supplier is told."))
        return redirect(dialogue)
    status = 400 if request.method == "POST" else 200
    return render(request, "procurement/dialogues/document_form.html", {"form": form, "dialogue": dialogue}, status=status)


def download_document(request, pk: int):
    """Documents go to the team and registered suppliers, the same to each of them (anonymous: log in first)."""
    document = get_object_or_404(DialogueDocument.objects.select_related("dialogue"), pk=pk)
    dialogue = document.dialogue
    if not request.user.has_perm("procurement.view_dialogue", dialogue):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (_team(request) or registrations_of(request.user, dialogue).exists()):
        raise PermissionDenied
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename, content_type=document.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def ask_question(request, pk: int):
    """A registered supplier's question, while input is open."""
    dialogue = _dialogue(request, pk)
    mine = list(registrations_of(request.user, dialogue))
    if not mine:
        raise PermissionDenied
    if not services.input_open(dialogue):
        raise services.DialogueError(_("Input to this market dialogue has closed: questions can no longer be asked."))
    form = QuestionForm(request.POST or None, registrations=mine)
    if request.method == "POST" and form.is_valid():
        services.ask_question(dialogue, registration=form.registration(), text=form.cleaned_data["question"], by=request.user)
        messages.success(request, _("Your question is sent. The answer is published to every registered supplier."))
        return redirect(dialogue)
    status = 400 if request.method == "POST" else 200
    return render(request, "procurement/dialogues/question_form.html", {"form": form, "dialogue": dialogue}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@refusal_as_page
def answer_question(request, pk: int):
    _require_team(request)
    question = get_object_or_404(DialogueQuestion.objects.select_related("dialogue", "registration"), pk=pk)
    request._dialogue = question.dialogue
    if question.published_at is not None:
        raise services.DialogueError(_("This question has been answered and published already."))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.answer_question(question, by=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("The answer is published and sent to every registered supplier."))
        return redirect(question.dialogue)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "question": question, "dialogue": question.dialogue}
    return render(request, "procurement/dialogues/answer_form.html", context, status=status)
