"""The portal's identity settings and Designsystemet's markup in the shared layout and form fields."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from portal.env import EnvError, env_color, env_static_file

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor" / "designsystemet"


# --- Identity settings ----------------------------------------------------------------------


def test_brand_colour_is_read_as_lower_case_hex(monkeypatch):
    monkeypatch.setenv("X_COLOR", " #0E6A73 ")
    assert env_color("X_COLOR", "#000000") == "#0e6a73"
    assert env_color("X_UNSET", "#123ABC") == "#123abc"


@pytest.mark.parametrize("value", ["teal", "#0e6a7", "0e6a73", "#0e6a73ff", "#0g6a73"])
def test_brand_colour_that_is_not_six_hex_digits_is_refused(monkeypatch, value):
    monkeypatch.setenv("X_COLOR", value)
    with pytest.raises(EnvError) as raised:
        env_color("X_COLOR", "#000000")
    assert str(raised.value) == f"X_COLOR={value!r} is not a colour; use # and six hex digits, e.g. #0e6a73."


def test_logo_must_be_an_svg_file_inside_static(monkeypatch, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text("<svg/>")
    (tmp_path / "img" / "logo.png").write_bytes(b"png")
    assert env_static_file("X_LOGO", "img/logo.svg", static_dir=tmp_path, suffixes=(".svg",)) == "img/logo.svg"
    cases = {
        "img/missing.svg": "X_LOGO='img/missing.svg' is not a file under {}.",
        "../../etc/passwd": "X_LOGO='../../etc/passwd' is not a file under {}.",
        "img/logo.png": "X_LOGO='img/logo.png' must end with .svg.",
    }
    for value, message in cases.items():
        monkeypatch.setenv("X_LOGO", value)
        with pytest.raises(EnvError) as raised:
            env_static_file("X_LOGO", "img/logo.svg", static_dir=tmp_path, suffixes=(".svg",))
        assert str(raised.value) == message.format(tmp_path)


def test_malformed_brand_colour_stops_manage_py_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PORTAL_BRAND_COLOR": "green"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: PORTAL_BRAND_COLOR='green' is not a colour; use # and six hex digits, e.g. #0e6a73."
    )


def test_committed_theme_was_generated_from_the_default_brand_colour(settings):
    # scripts/vendor-designsystemet writes the colour it built the theme from into VERSION.
    version = (VENDOR / "VERSION").read_text()
    assert "brand colour #0e6a73," in version
    assert settings.PORTAL_BRAND_COLOR == "#0e6a73"
    theme = (VENDOR / "theme.css").read_text()
    assert theme.count("--ds-color-accent-base-default: #0e6a73;") == 2  # light mode, and its "auto" twin
    for name in ("designsystemet.css", "theme.css", "LICENSE"):
        assert (VENDOR / name).stat().st_size > 0
    assert (
        (VENDOR / "LICENSE")
        .read_text()
        .startswith("Copyright Digitaliseringsdirektoratet (Digdir)\n\nPermission is hereby granted")
    )


# --- The layout -----------------------------------------------------------------------------


def test_layout_shows_the_portal_identity_and_loads_the_design_system(client, db, settings):
    settings.PORTAL_NAME = "Testportalen"
    settings.PORTAL_MUNICIPALITY_NAME = "Vestre Viken"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="site-brand-name">Testportalen</span> <span class="site-brand-municipality">Vestre Viken</span>' in html
    assert '<img class="site-logo" src="/static/img/logo.svg" alt="" width="40" height="40">' in html
    assert '<meta name="theme-color" content="#0e6a73">' in html
    assert '<html lang="en" data-color-scheme="auto" data-size="md">' in html
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert stylesheets == [
        "/static/vendor/designsystemet/designsystemet.css",
        "/static/vendor/designsystemet/theme.css",
        "/static/css/portal.css",
    ]
    assert '<a class="ds-skip-link" href="#main">' in html
    assert "style=" not in html  # the CSP allows no inline styles


def test_municipality_name_defaults_to_the_served_municipalities(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="site-brand-municipality">Bærum and Asker</span>' in html


def test_min_side_menu_holds_the_account_pages_and_log_out(client_for):
    html = client_for("owner").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    menu = html[html.index('<details class="site-menu">') : html.index("</details>")]
    assert re.findall(r'href="([^"]+)"', menu) == [
        "/min-side/",
        "/min-side/profil/",
        "/konto/password/change/",
        "/konto/2fa/",
        "/konto/email/",
    ]
    assert '<button class="ds-button" data-variant="tertiary" type="submit" form="logout-form">Log out (Kari)</button>' in menu
    assert '<form id="logout-form" action="/konto/logout/" method="post">' in menu


def test_anonymous_visitor_gets_log_in_and_register_instead_of_the_menu(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "site-menu" not in html
    assert '<a class="ds-button" data-variant="secondary" data-size="sm" href="/konto/login/">Log in</a>' in html


# --- Form fields ----------------------------------------------------------------------------


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As in the register.")
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="I agree")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])


def render_field(field) -> str:
    return str(field.as_field_group())


def test_text_field_is_a_ds_field_with_description_and_message_linked():
    form = SampleForm(data={"name": ""})
    html = render_field(form["name"])
    assert (
        html.split()
        == (
            '<div class="ds-field"> <label class="ds-label" for="id_name">Name</label> '
            '<div data-field="description" id="id_name_helptext">As in the register.</div> '
            '<input type="text" name="name" class="ds-input" required aria-invalid="true" '
            'aria-describedby="id_name_helptext id_name_error" id="id_name"> '
            '<ul class="errorlist" data-field="validation" id="id_name_error">'
            '<li class="ds-validation-message">This field is required.</li></ul> </div>'
        ).split()
    )


def test_radio_buttons_are_a_ds_fieldset_with_one_ds_field_per_option():
    html = render_field(SampleForm(data={})["size"])
    assert html.count('<fieldset class="ds-fieldset" aria-describedby="id_size_error">') == 1
    assert '<legend class="ds-label">Size</legend>' in html
    assert re.findall(r'<div class="ds-field"><input type="radio" name="size" value="(\w)" class="ds-input"', html) == ["s", "l"]
    assert '<label class="ds-label" data-weight="regular" for="id_size_0">Small</label>' in html


def test_checkbox_and_select_get_the_system_classes():
    form = SampleForm()
    assert '<input type="checkbox" name="agree" class="ds-input" required id="id_agree">' in render_field(form["agree"])
    assert '<select name="kind" class="ds-input" id="id_kind">' in render_field(form["kind"])


def test_form_fields_include_renders_an_error_summary_linking_each_field():
    from django.template.loader import render_to_string

    with translation.override("en"):
        html = render_to_string("includes/form_fields.html", {"form": SampleForm(data={"name": "x"})})
    summary = html[html.index('<div class="ds-error-summary') : html.index("</div>")]
    assert re.findall(r'<a class="ds-link" href="#(\w+)">', summary) == ["id_size", "id_agree", "id_kind"]
    assert 'aria-labelledby="form-error-summary"' in summary
