"""Bokmål is the default language and English is complete beside it."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

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


def _msgids(text: str) -> set[str]:
    ids, current, in_id = set(), [], False
    for line in text.splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:].strip('"')], True
        elif in_id and line.startswith('"'):
            current.append(line.strip('"'))
        else:
            if in_id and "".join(current):
                ids.add("".join(current))
            in_id = False
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
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f">{nav}</a>" in html


def test_bokmal_is_the_default_without_a_preference(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="nb">' in html


def test_language_switch_sets_cookie_and_remembers_the_users_choice(client_for, personas):
    client = client_for("owner")
    response = client.post("/sprak/", {"language": "en", "next": "/tilgjengelighet/"})
    assert response.status_code == 302
    assert response["Location"] == "/tilgjengelighet/"
    assert response.cookies["django_language"].value == "en"
    personas.owner.refresh_from_db()
    assert personas.owner.language == "en"
    assert "<h1>Accessibility statement</h1>" in client.get("/tilgjengelighet/").content.decode()


def test_language_switch_ignores_an_offsite_next_url(client, db):
    response = client.post("/sprak/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
