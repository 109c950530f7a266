"""The CPV tree: loading the shipped codes, their labels, and a code's ancestors.

The codes (CPV 2008, 9,454 of them, with English and Norwegian labels) ship in
``procurement/data/cpv2008_en_nb.csv`` and are loaded after every ``migrate``. A code's parent is the
nearest code in the table with fewer significant digits and the same leading digits, so 72212222 (Web
server software development services) sits under 72212220, 72212200, 72212000, 72210000, 72200000 and
72000000.
"""

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, transaction

from procurement.models import CpvCode

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "cpv2008_en_nb.csv"

_CODE = re.compile(r"^\s*(\d{8})(?:-\d)?\s*$")

# The fields compared to decide whether a stored row is up to date.
_FIELDS = ("check_digit", "division", "significant", "parent_id", "name_en", "name_nb")


class UnknownCpvCodes(ValueError):
    """Codes that are not in the CPV table (or not CPV codes at all); ``codes`` lists them as given."""

    def __init__(self, codes: Iterable[str]):
        self.codes = list(codes)
        super().__init__(f"Unknown CPV code(s): {', '.join(self.codes)}")


def normalise(code: str) -> str:
    """``"72000000-5"`` or ``" 72000000 "`` → ``"72000000"``; anything else raises ``UnknownCpvCodes``."""
    match = _CODE.match(str(code))
    if not match:
        raise UnknownCpvCodes([str(code)])
    return match.group(1)


@lru_cache(maxsize=1)
def shipped_codes() -> dict[str, dict]:
    """What the shipped file says: {code: the CpvCode fields}, read once per process."""
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    codes = {
        row["code"]: {
            "check_digit": row["code_with_check"].rpartition("-")[2],
            "division": row["division"],
            "significant": int(row["significant_digits"]),
            "name_en": row["name_en"].strip(),
            "name_nb": row["name_nb"].strip(),
        }
        for row in rows
    }
    for code, fields in codes.items():
        fields["parent_id"] = _parent_of(code, fields["significant"], codes)
    return codes


def _parent_of(code: str, significant: int, codes: dict) -> str | None:
    for length in range(significant - 1, 1, -1):
        candidate = code[:length].ljust(8, "0")
        if candidate != code and candidate in codes:
            return candidate
    return None


def load_cpv_codes(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Bring the CpvCode table up to the shipped file; returns how many rows were written.

    Runs after every ``migrate`` (each test database too), so it reads the table once and writes only
    what the file adds or changes. Codes the file no longer lists are kept: notices may refer to them.
    """
    wanted = shipped_codes()
    stored = {
        row[0]: dict(zip(_FIELDS, row[1:], strict=True)) for row in CpvCode.objects.using(using).values_list("code", *_FIELDS)
    }
    new = [code for code in wanted if code not in stored]
    changed = [code for code in wanted if code in stored and stored[code] != wanted[code]]
    if not new and not changed:
        return 0
    # A parent has fewer significant digits than its children: inserted in that order, every parent link
    # holds when it is written. (A bulk_update of thousands of rows is one huge CASE per field, far slower:
    # this runs after every flush of a test database too.)
    new.sort(key=lambda code: (wanted[code]["significant"], code))
    with transaction.atomic(using=using):
        CpvCode.objects.using(using).bulk_create([CpvCode(code=code, **wanted[code]) for code in new], batch_size=2000)
        for code in changed:
            CpvCode.objects.using(using).filter(code=code).update(**wanted[code])
    return len(new) + len(changed)


def load_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=None, verbosity=1, stdout=None, **kwargs) -> None:
    """The post_migrate handler: bring the CPV codes up to the shipped file."""
    if apps is not None:
        try:
            apps.get_model("procurement", "CpvCode")
        except LookupError:
            return  # migrated back to before the table exists
    written = load_cpv_codes(using=using)
    if written and verbosity >= 1 and stdout is not None:
        stdout.write(f"CPV codes: {written} rows written.")


def ancestors(code: str) -> list[str]:
    """The code's ancestors in the shipped tree, nearest first (72212222 → 72212220, 72212200, ...)."""
    codes = shipped_codes()
    result = []
    parent = codes.get(code, {}).get("parent_id")
    while parent:
        result.append(parent)
        parent = codes[parent]["parent_id"]
    return result


def expand(codes: Iterable[str]) -> dict[str, bool]:
    """Each given code (8 digits, with or without check digit) and all its ancestors.

    ``{code: True}`` for the codes given, ``{ancestor: False}`` for codes present only as an ancestor.
    Raises ``UnknownCpvCodes`` listing every code that is not in the CPV table.
    """
    known = shipped_codes()
    given, unknown = [], []
    for raw in codes:
        try:
            code = normalise(raw)
        except UnknownCpvCodes:
            unknown.append(str(raw))
            continue
        if code not in known:
            unknown.append(str(raw))
        else:
            given.append(code)
    if unknown:
        raise UnknownCpvCodes(unknown)
    result: dict[str, bool] = {}
    for code in given:
        result[code] = True
    for code in given:
        for ancestor in ancestors(code):
            result.setdefault(ancestor, False)
    return result


def labels(codes: Iterable[str]) -> dict:
    """{code: CpvCode} for the given codes that exist (normalised; unknown or malformed ones left out)."""
    wanted = set()
    for raw in codes:
        try:
            wanted.add(normalise(raw))
        except UnknownCpvCodes:
            continue
    if not wanted:
        return {}
    return {cpv.code: cpv for cpv in CpvCode.objects.filter(code__in=wanted)}
