from django.urls import path, register_converter

from businesses.views import crm, owners, registry


class OrgnrConverter:
    regex = r"\d{9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OrgnrConverter, "orgnr")

app_name = "businesses"

urlpatterns = [
    # The registry (public): search, a business's page with its timeline, exports for officers.
    path("", registry.BusinessListView.as_view(), name="list"),
    path("eksport.csv", registry.export_businesses, {"file_format": "csv"}, name="export_csv"),
    path("eksport.xlsx", registry.export_businesses, {"file_format": "xlsx"}, name="export_xlsx"),
    path("<orgnr:orgnr>/", registry.business_detail, name="detail"),
    # Business owners: claim a business, keep its profile, ask an adviser for a meeting.
    path("krav/", owners.claim_business, name="claim"),
    path("krav/behandle/", owners.ClaimListView.as_view(), name="claims"),
    path("krav/<int:pk>/godkjenn/", owners.approve_claim, name="claim_approve"),
    path("krav/<int:pk>/avvis/", owners.reject_claim, name="claim_reject"),
    path("<orgnr:orgnr>/profil/", owners.edit_profile, name="profile"),
    path("<orgnr:orgnr>/mote/", owners.request_meeting, name="meeting_request"),
    path("motebestillinger/", owners.MeetingRequestListView.as_view(), name="meeting_requests"),
    path("motebestillinger/<int:pk>/", owners.meeting_request_detail, name="meeting_request_detail"),
    path("motebestillinger/<int:pk>/tider/", owners.offer_times, name="meeting_request_offer"),
    path("motebestillinger/<int:pk>/godta/", owners.accept_time, name="meeting_request_accept"),
    path("motebestillinger/<int:pk>/avslutt/", owners.close_meeting_request, name="meeting_request_close"),
    # The officers' CRM.
    path("<orgnr:orgnr>/kontakter/ny/", crm.add_contact, name="contact_add"),
    path("kontakter/<int:pk>/", crm.edit_contact, name="contact_edit"),
    path("kontakter/<int:pk>/eksport.json", crm.export_contact, name="contact_export"),
    path("kontakter/<int:pk>/slett/", crm.erase_contact, name="contact_erase"),
    path("<orgnr:orgnr>/samhandling/ny/", crm.log_interaction, name="interaction_add"),
    path("samhandling/", crm.InteractionListView.as_view(), name="interactions"),
    path("samhandling/<int:pk>/", crm.edit_interaction, name="interaction_edit"),
    path("<orgnr:orgnr>/oppfolging/ny/", crm.add_follow_up, name="follow_up_add"),
    path("oppfolging/", crm.FollowUpListView.as_view(), name="follow_ups"),
    path("oppfolging/<int:pk>/", crm.edit_follow_up, name="follow_up_edit"),
    path("oppfolging/<int:pk>/status/", crm.set_follow_up_state, name="follow_up_state"),
    path("<orgnr:orgnr>/flagg/ny/", crm.raise_red_flag, name="red_flag_add"),
    path("flagg/", crm.RedFlagListView.as_view(), name="red_flags"),
    path("flagg/<int:pk>/", crm.edit_red_flag, name="red_flag_edit"),
    path("flagg/<int:pk>/lost/", crm.resolve_red_flag, name="red_flag_resolve"),
    path("<orgnr:orgnr>/merker/", crm.set_tags, name="tags_set"),
    path("merker/", crm.TagListView.as_view(), name="tags"),
]
