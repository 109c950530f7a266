"""The CPV tree: loaded by migrate from the shipped file, parents, expansion to ancestors, labels."""

import pytest
from django.utils import translation

from procurement.models import CpvCode
from procurement.services import cpv

pytestmark = pytest.mark.django_db


def test_migrate_loaded_every_code_with_both_labels():
    assert CpvCode.objects.count() == 9454
    assert CpvCode.objects.filter(parent__isnull=True).count() == 45  # the divisions
    code = CpvCode.objects.get(code="72212222")
    assert (code.check_digit, code.division, code.significant, code.parent_id) == ("1", "72", 8, "72212220")
    assert code.name_en == "Web server software development services"
    assert code.name_nb == "Utviklingstjenester relatert til Programvare for webserver"
    assert CpvCode.objects.get(code="72212220").parent_id == "72212200"
    assert CpvCode.objects.get(code="03111000").parent_id == "03110000"
    assert CpvCode.objects.get(code="45232421").parent_id == "45232420"
    # Where the level just above is not a code (30192120), the parent is the nearest one that is.
    assert CpvCode.objects.get(code="30192121").parent_id == "30192100"


def test_loading_again_writes_nothing_and_repairs_what_changed():
    assert cpv.load_cpv_codes() == 0
    CpvCode.objects.filter(code="72212222").update(name_nb="Feil", parent=None)
    CpvCode.objects.filter(code="72212224").delete()  # a leaf
    assert cpv.load_cpv_codes() == 2
    assert CpvCode.objects.get(code="72212222").name_nb == "Utviklingstjenester relatert til Programvare for webserver"
    assert CpvCode.objects.get(code="72212222").parent_id == "72212220"
    assert CpvCode.objects.get(code="72212224").parent_id == "72212220"
    # Deleting a code with children unlinks them (SET_NULL); loading links them again.
    children = list(CpvCode.objects.filter(parent_id="03111000").values_list("code", flat=True))
    CpvCode.objects.filter(code="03111000").delete()
    assert cpv.load_cpv_codes() == 1 + len(children)
    assert list(CpvCode.objects.filter(parent_id="03111000").values_list("code", flat=True)) == children


def test_expand_maps_given_codes_to_true_and_their_ancestors_to_false():
    assert cpv.expand(["72212222-1", "72000000"]) == {
        "72212222": True,
        "72000000": True,
        "72212220": False,
        "72212200": False,
        "72212000": False,
        "72210000": False,
        "72200000": False,
    }
    assert cpv.expand([]) == {}


def test_expand_names_every_unknown_code():
    with pytest.raises(cpv.UnknownCpvCodes) as error:
        cpv.expand(["72000000", "99999999", "7200", "72000000-5x"])
    assert error.value.codes == ["99999999", "7200", "72000000-5x"]
    assert str(error.value) == "Unknown CPV code(s): 99999999, 7200, 72000000-5x"


def test_normalise_and_labels():
    assert cpv.normalise(" 72000000-5 ") == "72000000"
    with pytest.raises(cpv.UnknownCpvCodes):
        cpv.normalise("72-000000")
    found = cpv.labels(["72000000-5", "90910000", "99999999", "nonsense"])
    assert sorted(found) == ["72000000", "90910000"]
    with translation.override("en"):
        assert found["90910000"].name == "Cleaning services"
    with translation.override("nb"):
        assert found["90910000"].name == "Rengjøring"
