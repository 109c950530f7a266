"""Market dialogue: the dialogue page, registration, slots, documents, questions and answers."""

from django.http import HttpResponse


def dialogue_list(request, **kwargs):
    return HttpResponse(status=501)


def add_dialogue(request, **kwargs):
    return HttpResponse(status=501)


def dialogue_detail(request, **kwargs):
    return HttpResponse(status=501)


def edit_dialogue(request, **kwargs):
    return HttpResponse(status=501)


def open_dialogue(request, **kwargs):
    return HttpResponse(status=501)


def close_dialogue(request, **kwargs):
    return HttpResponse(status=501)


def register(request, **kwargs):
    return HttpResponse(status=501)


def add_slots(request, **kwargs):
    return HttpResponse(status=501)


def book_slot(request, **kwargs):
    return HttpResponse(status=501)


def cancel_slot(request, **kwargs):
    return HttpResponse(status=501)


def add_document(request, **kwargs):
    return HttpResponse(status=501)


def download_document(request, **kwargs):
    return HttpResponse(status=501)


def ask_question(request, **kwargs):
    return HttpResponse(status=501)


def answer_question(request, **kwargs):
    return HttpResponse(status=501)
