"""A unit of Enhetsregisteret as the portal reads it: text folding, field readers and the mapper.

One mapper (``unit_fields``) turns a unit in the API / bulk shape into model fields, whichever file or
feed it came from; the writes that store them are in ``services``. Nothing here touches the database.
"""

import datetime
import hashlib
from typing import NamedTuple

import orjson
from stdnum.no.orgnr import checksum as orgnr_checksum


class Row(NamedTuple):
    """One unit read from a file or feed, with where it came from."""

    location: str  # "line 14" (CSV) or "record 14" (JSON), for messages about rejected rows
    record: dict


class RowError(ValueError):
    """A unit that cannot be loaded; the message says why."""


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e", "á": "a"})


def fold_for_search(text: str) -> str:
    """Fold a name for matching: "BÆRUM" and "baerum" both become "baerum", "Sørum" and "Soerum" "sorum"."""
    folded = text.lower().translate(_FOLD)
    return " ".join(folded.replace("oe", "o").replace("aa", "a").split())


def _first(record: dict, *keys: str):
    for key in keys:
        if key in record:
            return record[key]
    return None


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _bool(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def parse_date(value, label: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowError(f"unreadable date in {label}: {value!r}") from None


def _lines(address: dict) -> list[str]:
    lines = address.get("adresse") or []
    if isinstance(lines, str):
        # The CSV joins the lines of an address with a literal "/n".
        lines = lines.split("/n")
    return [line.strip() for line in lines if line and line.strip()]


def _one_line(address: dict) -> str:
    return ", ".join(_lines(address))


def _full_address(address: dict) -> str:
    place = " ".join(part for part in (_text(address.get("postnummer")), _text(address.get("poststed"))) if part)
    country = _text(address.get("land"))
    parts = [*_lines(address), place]
    if country and country != "Norge":
        parts.append(country)
    return ", ".join(part for part in parts if part)


def section_for_division(division: str, version: str, sections: dict[str, dict[str, str]]) -> str:
    """The SN2025 section letter of a two-digit division, for codes of either vintage.

    Division numbers carry over from SN2007 to SN2025 while the section letters moved (62 is J in
    SN2007 and K in SN2025), so a code of either vintage is placed by its division in SN2025's
    sections; a division that SN2025 dropped (45) keeps its SN2007 section.
    """
    return sections["SN2025"].get(division) or sections["SN2007"].get(division, "")


def unit_fields(record: dict, *, kind: str, version: str, sections: dict[str, dict[str, str]]) -> dict:
    """Map one unit in the API / bulk shape to model fields. Raises RowError for a unit that cannot load."""
    orgnr = _text(record.get("organisasjonsnummer")).replace(" ", "")
    # What stdnum's is_valid checks, at a third of its cost (it runs for every unit of a national file).
    if not (len(orgnr) == 9 and orgnr.isascii() and orgnr.isdigit() and orgnr_checksum(orgnr) == 0):
        raise RowError(f"invalid organisation number {orgnr!r} (must be 9 digits with a valid MOD11 check digit)")
    name = _text(record.get("navn"))
    if not name:
        raise RowError(f"{orgnr}: missing name")
    form = record.get("organisasjonsform") or {}
    if isinstance(form, str):
        form = {"kode": form}
    codes = []
    for key in ("naeringskode1", "naeringskode2", "naeringskode3"):
        code = record.get(key) or {}
        if _text(code.get("kode")):
            codes.append({"code": _text(code.get("kode")), "description": _text(code.get("beskrivelse"))})
    division = codes[0]["code"][:2] if codes else ""
    employees_raw = record.get("antallAnsatte")
    has_employees = _bool(record.get("harRegistrertAntallAnsatte")) or record.get("harRegistrertAntallAnsatte") is None
    try:
        employees = int(employees_raw) if employees_raw not in (None, "") and has_employees else None
    except (TypeError, ValueError):
        raise RowError(f"{orgnr}: unreadable number of employees {employees_raw!r}") from None
    main_address = (record.get("forretningsadresse") if kind == "enheter" else record.get("beliggenhetsadresse")) or {}
    postal = record.get("postadresse") or {}
    located = main_address or postal
    address = _one_line(located)
    fields = {
        "orgnr": orgnr,
        "name": name,
        "search_name": fold_for_search(name),
        "organisation_form_id": _text(form.get("kode")) or None,
        "industry_codes": codes,
        "industry_version": version if codes else "",
        "industry_division": division,
        "industry_section": section_for_division(division, version, sections) if division else "",
        "employees": employees,
        "address": address,
        "postal_code": _text(located.get("postnummer")),
        "postal_place": _text(located.get("poststed")),
        "postal_address": _full_address(postal),
        "search_address": fold_for_search(f"{address} {_text(located.get('poststed'))}"),
        "municipality_id": _text(located.get("kommunenummer")) or None,
        "registered": parse_date(
            _first(record, "registreringsdatoEnhetsregisteret", "registreringsdatoenhetsregisteret"), "registreringsdato"
        ),
        "website": _text(record.get("hjemmeside")),
        "email": _text(record.get("epostadresse")),
        "phone": _text(record.get("telefon") or record.get("mobil")),
        "deleted": parse_date(record.get("slettedato"), "slettedato"),
    }
    if kind == "enheter":
        fields |= {
            "founded": parse_date(record.get("stiftelsesdato"), "stiftelsesdato"),
            "bankrupt": _bool(record.get("konkurs")),
            "bankrupt_date": parse_date(record.get("konkursdato"), "konkursdato"),
            "under_liquidation": _bool(record.get("underAvvikling")),
            "under_liquidation_date": parse_date(record.get("underAvviklingDato"), "underAvviklingDato"),
            "under_forced_liquidation": _bool(record.get("underTvangsavviklingEllerTvangsopplosning")),
        }
    else:
        fields |= {
            "parent_orgnr": _text(record.get("overordnetEnhet")),
            "started": parse_date(record.get("oppstartsdato"), "oppstartsdato"),
            "closed": parse_date(record.get("nedleggelsesdato"), "nedleggelsesdato"),
        }
    return fields


def fields_hash(fields: dict) -> str:
    """A digest of a unit's mapped fields: an import writes a unit only when it changes."""
    return hashlib.md5(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS), usedforsecurity=False).hexdigest()


def detect_kind(record: dict) -> str:
    """enheter or underenheter, from the keys only an establishment has."""
    return "underenheter" if "overordnetEnhet" in record or "beliggenhetsadresse" in record else "enheter"
