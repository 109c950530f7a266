"""Bokmål is the default language and English is complete beside it."""

import csv
import datetime
import gettext
import io
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from meetings.models import AgendaItem, Meeting, MeetingSeries, Visibility

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "nb" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_bokmal_catalogue_has_no_untranslated_or_fuzzy_entries(msgfmt):
    untranslated = subprocess.run(["msgattrib", "--untranslated", str(PO)], capture_output=True, text=True, check=True)
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(PO)], capture_output=True, text=True, check=True)
    assert untranslated.stdout == ""
    assert fuzzy.stdout == ""


def test_committed_mo_matches_the_po(msgfmt, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as a, MO.open("rb") as b:
        assert gettext.GNUTranslations(b)._catalog == gettext.GNUTranslations(a)._catalog


def test_every_translatable_string_in_the_code_is_in_the_catalogue(msgfmt):
    # Extract the strings of the project's own code afresh (into a throwaway locale) and compare.
    from django.core.management import call_command

    ignore = [".venv/*", "var/*", "tests/*", "bench/*", "staticfiles/*"]
    try:
        call_command("makemessages", locale=["xx"], ignore_patterns=ignore, verbosity=0, keep_pot=True)
        extracted = _msgids((ROOT / "locale" / "django.pot").read_text(encoding="utf-8"))
    finally:
        (ROOT / "locale" / "django.pot").unlink(missing_ok=True)
        shutil.rmtree(ROOT / "locale" / "xx", ignore_errors=True)
    assert len(extracted) > 100
    assert sorted(extracted - _msgids(PO.read_text(encoding="utf-8"))) == []


def _msgids(text: str) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every entry: a string with a context of its own is a string of its own."""
    ids, parts, field = set(), {}, None
    for line in [*text.splitlines(), ""]:
        if line.startswith(("msgctxt ", "msgid ")):
            field, value = line.split(" ", 1)
            if field == "msgctxt":
                parts = {}
            parts[field] = [value.strip('"')]
        elif field and line.startswith('"'):
            parts[field].append(line.strip('"'))
        else:
            if field == "msgid":
                if "".join(parts["msgid"]):
                    ids.add(("".join(parts.get("msgctxt", [])), "".join(parts["msgid"])))
                parts = {}
            field = None
    return ids


@pytest.mark.parametrize(
    ("language", "heading", "nav"),
    [
        ("nb", "Én dør inn for næringslivet i Bærum og Asker", "Logg inn"),
        ("en", "One door in for business in Bærum and Asker", "Log in"),
    ],
)
def test_front_page_in_each_language(client, db, language, heading, nav):
    html = client.get("/", headers={"accept-language": language}).content.decode()
    assert f'<html lang="{language}"' in html
    assert f'<h1 class="ds-heading" data-size="lg">{heading}</h1>' in html
    assert f">{nav}</a>" in html


def test_bokmal_is_the_default_without_a_preference(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="nb"' in html


def test_language_switch_sets_cookie_and_remembers_the_users_choice(client_for, personas):
    client = client_for("owner")
    response = client.post("/sprak/", {"language": "en", "next": "/tilgjengelighet/"})
    assert response.status_code == 302
    assert response["Location"] == "/tilgjengelighet/"
    assert response.cookies["django_language"].value == "en"
    personas.owner.refresh_from_db()
    assert personas.owner.language == "en"
    assert (
        '<h1 class="ds-heading" data-size="lg">Accessibility statement</h1>' in client.get("/tilgjengelighet/").content.decode()
    )


def test_language_switch_ignores_an_offsite_next_url(client, db):
    response = client.post("/sprak/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- One English word, two Norwegian ones: contexts (pgettext) --------------------------------


@pytest.mark.parametrize(
    ("model", "field", "bokmal", "english"),
    [
        ("meetings.Meeting", "title", "tittel", "title"),
        ("meetings.AgendaItem", "title", "tittel", "title"),
        ("meetings.ItemProposal", "title", "tittel", "title"),
        ("meetings.Document", "title", "tittel", "title"),
        ("businesses.BusinessRepresentative", "title", "stilling", "title"),
        ("meetings.AgendaItem", "internal", "intern sak", "internal item"),
        ("meetings.ActionPoint", "internal", "internt", "internal"),
    ],
)
def test_field_names_in_each_language(model, field, bokmal, english):
    verbose_name = apps.get_model(model)._meta.get_field(field).verbose_name
    with translation.override("nb"):
        assert str(verbose_name) == bokmal
    with translation.override("en"):
        assert str(verbose_name) == english


def test_meeting_series_has_a_plural_of_its_own():
    with translation.override("nb"):
        names = (str(MeetingSeries._meta.verbose_name), str(MeetingSeries._meta.verbose_name_plural))
    assert names == ("møteserie", "møteserier")


def _meeting(personas, **extra):
    starts = datetime.datetime(2026, 12, 19, 14, 30, tzinfo=ZoneInfo("Europe/Oslo"))
    meeting = Meeting.objects.create(
        title="Dialogmøte 4/2026",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Rådhuset",
        organiser=personas.officer,
        **extra,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Tomtesalg", internal=True)
    return meeting


def test_title_is_tittel_on_the_meeting_and_agenda_item_forms(client_for, personas):
    meeting = _meeting(personas)
    client = client_for("officer")
    for url in ("/moter/ny/", f"/moter/{meeting.pk}/endre/", f"/moter/{meeting.pk}/saker/ny/"):
        html = client.get(url).content.decode()
        assert '<label class="ds-label" for="id_title">Tittel</label>' in html, url


def test_title_in_the_admin_is_tittel_for_a_meeting_and_stilling_for_a_representative(client_for, personas):
    meeting = _meeting(personas)
    client = client_for("admin")
    html = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert '<label class="required" for="id_title">Tittel:</label>' in html
    assert '<th class="column-title required">Tittel' in html  # the agenda items inline
    representative = personas.business.representatives.get()
    html = client.get(f"/admin/businesses/businessrepresentative/{representative.pk}/change/").content.decode()
    assert '<label for="id_title">Stilling:</label>' in html


def test_one_business_is_aktiv_and_the_dashboard_counts_registrerte_and_aktive(client, client_for, personas):
    html = client.get("/bedrifter/").content.decode()
    assert html.count("<td>Aktiv</td>") == 2  # DESINTRYGG AS and BLOMSTERFRAKT ØST AS
    assert "Aktive" not in html.split("<tbody>")[1]
    html = client.get(f"/bedrifter/{personas.business.orgnr}/").content.decode()
    assert "<dt>Registrert</dt>" in html
    html = client_for("officer").get("/oversikt/").content.decode()
    assert '<th scope="col" class="num">Registrerte</th><th scope="col" class="num">Aktive</th>' in html


def test_export_header_and_status_are_those_of_one_business(client_for, personas):
    response = client_for("officer").get("/bedrifter/eksport.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[header.index("Kommune") + 1 : header.index("Kommune") + 3] == ["Registrert", "Status"]
    assert {row[header.index("Status")] for row in rows[1:]} == {"Aktiv"}


def test_agenda_items_are_intern_and_meetings_internt(client_for, personas):
    meeting = _meeting(personas, visibility=Visibility.INTERNAL)
    client = client_for("officer")
    tag = '<span class="ds-tag" data-size="sm" data-color="warning" data-variant="outline">'
    assert f"{tag}Intern</span>" in client.get(f"/moter/{meeting.pk}/").content.decode()
    assert f"{tag}Internt</span>" in client.get("/moter/").content.decode()


def test_the_language_switch_says_bytt_and_the_admin_keeps_djangos_endre(client, client_for, personas):
    assert ">Bytt</button>" in client.get("/").content.decode()
    assert ">Change</button>" in client.get("/", headers={"accept-language": "en"}).content.decode()
    # The portal's catalogue comes before Django's: a bare "Change" in it would rename the admin's links.
    html = client_for("admin").get("/admin/").content.decode()
    assert '<a href="/admin/meetings/meeting/" class="changelink" aria-describedby="meetings-meeting">Endre</a>' in html


@pytest.mark.parametrize(("language", "label"), [("nb", "– Velg –"), ("en", "- Select an option -")])
def test_the_empty_choice_of_a_select_is_in_the_pages_language(client_for, personas, language, label):
    html = client_for("officer").get("/moter/ny/", headers={"accept-language": language}).content.decode()
    series = html.split('name="series"')[1].split("</select>")[0]
    assert f'<option value="" selected>{label}</option>' in series


def test_the_admins_newer_texts_are_in_bokmal(client_for, personas):
    # Django 6.1's admin has texts (many for screen readers) that its bokmål catalogue lacks; ours has them.
    client = client_for("admin")
    html = client.get("/admin/").content.decode()
    assert '<th scope="col">Modellnavn</th>' in html
    assert '<span class="visually-hidden theme-label-when-auto">Bytt fargetema (nå: automatisk)</span>' in html
    html = client.get("/admin/businesses/business/").content.decode()
    assert '<nav aria-label="Brødsmulesti">' in html
    assert ">Kjør</button>" in html
    assert 'aria-label="Velg dette objektet for en handling - DESINTRYGG AS (925321141)"' in html


# --- Dates: a Norwegian portal in English writes 19 Dec 2026 and 19.12.2026 ---------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "19. desember 2026|19.12.2026|19. desember 2026 14:30|19.12.2026 14:30|14:30|desember 2026|19. desember"),
        ("en", "19 Dec 2026|19.12.2026|19 Dec 2026 14:30|19.12.2026 14:30|14:30|December 2026|19 December"),
    ],
)
def test_date_formats_in_each_language(language, expected):
    template = Template(
        '{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ t|date:"DATETIME_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}'
        '|{{ t|time:"TIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}|{{ d|date:"MONTH_DAY_FORMAT" }}'
    )
    moment = datetime.datetime(2026, 12, 19, 14, 30, tzinfo=ZoneInfo("Europe/Oslo"))
    with translation.override(language):
        assert template.render(Context({"d": moment.date(), "t": moment})) == expected


@pytest.mark.parametrize("language", ["nb", "en"])
def test_dates_are_read_as_iso_or_day_month_year(language):
    with translation.override(language):
        for text in ("2026-12-19", "19.12.2026", "19.12.26"):
            assert forms.DateField().clean(text) == datetime.date(2026, 12, 19)
        assert forms.DateTimeField().clean("19.12.2026 14:30").replace(tzinfo=None) == datetime.datetime(2026, 12, 19, 14, 30)
        assert forms.TimeField().clean("14:30") == datetime.time(14, 30)
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("12/19/2026")


@pytest.mark.parametrize(("language", "when"), [("nb", "19. desember 2026 14:30"), ("en", "19 Dec 2026 14:30")])
def test_meeting_page_dates_and_the_date_inputs_iso_values(client_for, personas, language, when):
    meeting = _meeting(personas)
    client = client_for("officer")
    headers = {"accept-language": language}
    html = client.get(f"/moter/{meeting.pk}/", headers=headers).content.decode()
    assert f'<time datetime="2026-12-19T14:30:00+01:00">{when}</time>' in html
    # HTML date and datetime-local inputs take ISO values, whatever the page's language.
    html = client.get(f"/moter/{meeting.pk}/endre/", headers=headers).content.decode()
    assert 'type="datetime-local" name="starts_at" value="2026-12-19T14:30"' in html
    html = client.get("/bedrifter/", {"registered_from": "2020-01-02"}, headers=headers).content.decode()
    assert '<input type="date" name="registered_from" value="2020-01-02"' in html
