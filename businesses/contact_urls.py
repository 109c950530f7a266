"""/kontakt/: the contact point ("én dør inn"): the team, the catalogue, and enquiries."""

from django.urls import path

from businesses.views import contact, enquiries

app_name = "contact"

urlpatterns = [
    path("", contact.ContactPointView.as_view(), name="index"),
    path("tilbud/<int:pk>/", contact.catalogue_entry, name="entry"),
    path("tilbud/ny/", contact.add_entry, name="entry_add"),
    path("tilbud/<int:pk>/endre/", contact.edit_entry, name="entry_edit"),
    path("tilbud/<int:pk>/slett/", contact.delete_entry, name="entry_delete"),
    path("radgiver/", contact.edit_adviser_profile, name="adviser_profile"),
    path("ruting/", contact.edit_routing, name="routing"),
    path("henvendelse/", enquiries.send_enquiry, name="enquiry_form"),
    path("henvendelse/mottatt/", enquiries.enquiry_received, name="enquiry_received"),
    path("henvendelser/", enquiries.EnquiryListView.as_view(), name="enquiries"),
    path("henvendelser/<str:reference>/", enquiries.enquiry_detail, name="enquiry"),
    path("henvendelser/<str:reference>/svar/", enquiries.answer_enquiry, name="enquiry_answer"),
    path("henvendelser/<str:reference>/tildel/", enquiries.assign_enquiry, name="enquiry_assign"),
    path("henvendelser/<str:reference>/lukk/", enquiries.close_enquiry, name="enquiry_close"),
    # Enquiries: the sender adds a message to their enquiry.
    path("henvendelser/<str:reference>/melding/", enquiries.reply_to_enquiry, name="enquiry_reply"),
    path("henvendelser/<str:reference>/vedlegg/<int:pk>/", enquiries.download_attachment, name="enquiry_attachment"),
]
