from django.urls import path, register_converter

from procurement.views import alerts, dialogues, imports, notices, plans


class DoffinIdConverter:
    """A Doffin notice id: the year, a hyphen and a number (2026-112546)."""

    regex = r"[0-9]{4}-[0-9]{1,9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DoffinIdConverter, "doffin")

app_name = "procurement"

urlpatterns = [
    # Notices mirrored from Doffin, public; awards to local businesses.
    path("", notices.NoticeListView.as_view(), name="notices"),
    path("kunngjoringer/<doffin:doffin_id>/", notices.notice_detail, name="notice"),
    path("kunngjoringer/import/", imports.import_notices, name="notice_import"),
    path("tildelinger/", notices.awards, name="awards"),
    # The procurement plan (anskaffelsesplan): public once published.
    path("planer/", plans.plan_list, name="plans"),
    path("planer/ny/", plans.add_plan, name="plan_add"),
    path("planer/<int:pk>/", plans.plan_detail, name="plan"),
    path("planer/<int:pk>/endre/", plans.edit_plan, name="plan_edit"),
    path("planer/<int:pk>/publiser/", plans.publish_plan, name="plan_publish"),
    path("planer/<int:pk>/punkter/ny/", plans.add_item, name="item_add"),
    path("planer/<int:pk>/import/", plans.import_items, name="items_import"),
    path("planer/<int:pk>/anskaffelser.csv", plans.export_items, {"file_format": "csv"}, name="items_csv"),
    path("planer/<int:pk>/anskaffelser.xlsx", plans.export_items, {"file_format": "xlsx"}, name="items_xlsx"),
    path("punkter/<int:pk>/", plans.item_detail, name="item"),
    path("punkter/<int:pk>/endre/", plans.edit_item, name="item_edit"),
    # Market dialogue (markedsdialog) for a planned procurement.
    path("markedsdialog/", dialogues.dialogue_list, name="dialogues"),
    path("punkter/<int:pk>/markedsdialog/ny/", dialogues.add_dialogue, name="dialogue_add"),
    path("markedsdialog/<int:pk>/", dialogues.dialogue_detail, name="dialogue"),
    path("markedsdialog/<int:pk>/endre/", dialogues.edit_dialogue, name="dialogue_edit"),
    path("markedsdialog/<int:pk>/apne/", dialogues.open_dialogue, name="dialogue_open"),
    path("markedsdialog/<int:pk>/lukk/", dialogues.close_dialogue, name="dialogue_close"),
    path("markedsdialog/<int:pk>/pamelding/", dialogues.register, name="dialogue_register"),
    path("markedsdialog/<int:pk>/tider/", dialogues.add_slots, name="slots_add"),
    path("tider/<int:pk>/bestill/", dialogues.book_slot, name="slot_book"),
    path("tider/<int:pk>/avbestill/", dialogues.cancel_slot, name="slot_cancel"),
    path("markedsdialog/<int:pk>/dokumenter/ny/", dialogues.add_document, name="document_add"),
    path("dokumenter/<int:pk>/", dialogues.download_document, name="document"),
    path("markedsdialog/<int:pk>/sporsmal/", dialogues.ask_question, name="question_add"),
    path("sporsmal/<int:pk>/svar/", dialogues.answer_question, name="question_answer"),
    # Alerts (varsler) to businesses.
    path("varsler/", alerts.subscription_list, name="alerts"),
    path("varsler/ny/", alerts.add_subscription, name="alert_add"),
    path("varsler/<int:pk>/endre/", alerts.edit_subscription, name="alert_edit"),
    path("varsler/<int:pk>/slett/", alerts.delete_subscription, name="alert_delete"),
    path("varsler/avmeld/<str:token>/", alerts.unsubscribe, name="alert_unsubscribe"),
]
