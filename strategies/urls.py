from django.urls import path

from strategies.views import consultations, indicators, plans, reports, revisions, rounds

app_name = "strategies"

urlpatterns = [
    # Plans and their structure; the plan page is public once the plan is out of draft.
    path("", plans.PlanListView.as_view(), name="plans"),
    path("ny/", plans.add_plan, name="plan_add"),
    path("<int:pk>/", plans.plan_detail, name="plan"),
    path("<int:pk>/endre/", plans.edit_plan, name="plan_edit"),
    path("<int:pk>/vedtak/", plans.adopt_plan, name="plan_adopt"),
    path("<int:pk>/arkiver/", plans.archive_plan, name="plan_archive"),
    path("<int:pk>/vekter/", plans.edit_weights, name="plan_weights"),
    path("<int:pk>/satsingsomrader/ny/", plans.add_focus_area, name="focus_area_add"),
    path("satsingsomrader/<int:pk>/endre/", plans.edit_focus_area, name="focus_area_edit"),
    path("satsingsomrader/<int:pk>/slett/", plans.delete_focus_area, name="focus_area_delete"),
    path("satsingsomrader/<int:pk>/mal/ny/", plans.add_goal, name="goal_add"),
    path("mal/<int:pk>/endre/", plans.edit_goal, name="goal_edit"),
    path("mal/<int:pk>/slett/", plans.delete_goal, name="goal_delete"),
    path("mal/<int:pk>/tiltak/ny/", plans.add_measure, name="measure_add"),
    path("tiltak/<int:pk>/", plans.measure_detail, name="measure"),
    path("tiltak/<int:pk>/endre/", plans.edit_measure, name="measure_edit"),
    path("tiltak/<int:pk>/slett/", plans.delete_measure, name="measure_delete"),
    path("tiltak/<int:pk>/status/", plans.update_measure_status, name="measure_status"),
    path("tiltak/<int:pk>/milepaeler/ny/", plans.add_milestone, name="milestone_add"),
    path("milepaeler/<int:pk>/endre/", plans.edit_milestone, name="milestone_edit"),
    # Indicators per goal, with a chart and the same values in a table.
    path("mal/<int:pk>/indikatorer/ny/", indicators.add_indicator, name="indicator_add"),
    path("indikatorer/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indikatorer/<int:pk>/endre/", indicators.edit_indicator, name="indicator_edit"),
    path("indikatorer/<int:pk>/verdier/", indicators.add_value, name="indicator_value_add"),
    path("verdier/<int:pk>/endre/", indicators.edit_value, name="indicator_value_edit"),
    path("indikatorer/<int:pk>/graf.svg", indicators.indicator_chart, name="indicator_chart"),
    # Status rounds.
    path("<int:pk>/statusrunder/ny/", rounds.open_round, name="round_add"),
    path("statusrunder/<int:pk>/", rounds.round_detail, name="round"),
    path("statusrunder/<int:pk>/godkjenn/", rounds.approve_round, name="round_approve"),
    path("statusrapporter/<int:pk>/", rounds.edit_report, name="report"),
    path("mine-tiltak/", rounds.my_reports, name="my_reports"),
    # Revisions (rullering) and their comparison.
    path("<int:pk>/rullering/", revisions.revise_plan, name="plan_revise"),
    path("<int:pk>/sammenlign/", revisions.compare_revisions, name="plan_compare"),
    # Consultations (høring).
    path("<int:pk>/horinger/ny/", consultations.add_consultation, name="consultation_add"),
    path("horinger/", consultations.ConsultationListView.as_view(), name="consultations"),
    path("horinger/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("horinger/<int:pk>/endre/", consultations.edit_consultation, name="consultation_edit"),
    path("horinger/<int:pk>/svar/", consultations.submit_response, name="response_add"),
    path("horinger/svar/mottatt/", consultations.response_received, name="response_received"),
    path("horingssvar/<int:pk>/", consultations.response_detail, name="response"),
    path("horingssvar/<int:pk>/behandle/", consultations.handle_response, name="response_handle"),
    path("horingssvar/<int:pk>/vedlegg/<int:attachment>/", consultations.download_attachment, name="response_attachment"),
    # Reports and exchange: PDFs, spreadsheets.
    path("<int:pk>/oversikt.pdf", reports.plan_pdf, name="plan_pdf"),
    path("statusrunder/<int:pk>/rapport.pdf", reports.round_pdf, name="round_pdf"),
    path("<int:pk>/tiltak.csv", reports.export_measures, {"file_format": "csv"}, name="measures_csv"),
    path("<int:pk>/tiltak.xlsx", reports.export_measures, {"file_format": "xlsx"}, name="measures_xlsx"),
    path("<int:pk>/import/", reports.import_measures, name="measures_import"),
    # Reports: the panel's PDF list, polled by htmx while a PDF is being made.
    path("<int:pk>/rapporter/status/", reports.panel_status, name="reports_status"),
]
