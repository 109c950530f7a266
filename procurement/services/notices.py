"""Notices from Doffin: importing search hits and single notices, idempotently, keeping each earlier state.

A hit is checked field by field before anything is written; each notice is saved in its own savepoint,
so a bad notice is reported (position, Doffin id, reason) and skipped while the rest of the file goes
in. The same hit again changes nothing (``Notice.source_hash``); a different one keeps the old state as
a ``NoticeVersion`` and raises ``Notice.version``, which the alerts key on.
"""

import datetime
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procurement import doffin
from procurement.models import DoffinSync, Lot, LotWinner, Notice, NoticeBuyer, NoticeCpv, NoticeVersion
from procurement.services import cpv

logger = logging.getLogger(__name__)

SYNC_KEY = "doffin"
# publicationDate trails issueDate by up to a week, and the search only filters on issue date: each run
# looks this far back again, so a notice issued before the last run but published after it is not missed.
PUBLICATION_LAG_DAYS = 7
FIRST_SYNC_DAYS = 30
# An uploaded notice file: a full search page of 100 hits is about 200 KB, the 1,000 accessible hits about 2 MB.
MAX_NOTICE_FILE_SIZE = 5 * 1024 * 1024

_DOFFIN_ID = re.compile(r"^\d{4}-\d{1,8}$")
_CODE_NAME = re.compile(r"^[A-Z][A-Z_]{0,59}$")
_ORGNR = re.compile(r"^\d{9}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAX_VALUE = Decimal("99999999999999.99")


class NoticeFileError(Exception):
    """A notice file that cannot be read at all (not JSON, or not hits). The message says why."""


class InvalidNotice(ValueError):
    """One hit that does not have the shape of a Doffin notice; the message names the field."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (position in the file, counting from 1; the Doffin id or ""; the reason)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    # The notices created or changed, in file order.
    changed: list[Notice] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [list(row) for row in self.rejected],
        }


# --- reading files ---------------------------------------------------------------------------------------


def read_notice_file(source) -> list:
    """The hits in a saved search page (``{"hits": [...]}``), a list of hits, or one hit object.

    ``source`` is a path or an open file (text or bytes). Raises ``NoticeFileError`` with a readable
    message when the file is not JSON or holds none of these shapes.
    """
    try:
        data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    except OSError as error:
        raise NoticeFileError(_("The file could not be read: %(error)s") % {"error": error.strerror or error}) from error
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise NoticeFileError(_("The file is not UTF-8 text.")) from error
    try:
        body = json.loads(data)
    except ValueError as error:
        raise NoticeFileError(
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
            % {
                "line": getattr(error, "lineno", "?"),
                "column": getattr(error, "colno", "?"),
                "message": getattr(error, "msg", error),
            }
        ) from error
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get("hits"), list):
        return body["hits"]
    if isinstance(body, dict) and "id" in body:
        return [body]
    raise NoticeFileError(_("The file holds neither a Doffin search result, a list of notices nor one notice."))


def read_upload(upload) -> list:
    """``read_notice_file`` for an uploaded file (Django's UploadedFile)."""
    upload.seek(0)
    return read_notice_file(io.BytesIO(upload.read()))


# --- checking one hit ------------------------------------------------------------------------------------


def _text(hit: dict, key: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = hit.get(key)
    if value is None:
        if required:
            raise InvalidNotice(_("%(field)s is missing.") % {"field": key})
        return ""
    if not isinstance(value, str):
        raise InvalidNotice(_("%(field)s is not text.") % {"field": key})
    value = value.strip()
    if required and not value:
        raise InvalidNotice(_("%(field)s is empty.") % {"field": key})
    return value[:max_length] if max_length else value


def _datetime(hit: dict, key: str) -> datetime.datetime | None:
    value = hit.get(key)
    if value in (None, ""):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidNotice(_("%(field)s is not a date and time: %(value)s") % {"field": key, "value": value}) from None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _date(hit: dict, key: str) -> datetime.date | None:
    value = hit.get(key)
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidNotice(_("%(field)s is not a date: %(value)s") % {"field": key, "value": value}) from None


def _orgnr(party: dict) -> str:
    # Doffin's organizationId is a Norwegian organisation number for most parties, sometimes with spaces;
    # foreign parties have other identifiers or none, which are kept in ``raw`` only.
    value = re.sub(r"\s+", "", str(party.get("organizationId") or ""))
    return value if _ORGNR.match(value) else ""


def _parties(value, key: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidNotice(_("%(field)s is not a list.") % {"field": key})
    parties = []
    for party in value:
        if not isinstance(party, dict):
            raise InvalidNotice(_("%(field)s holds something that is not an organisation.") % {"field": key})
        name = party.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidNotice(_("%(field)s has an organisation without a name.") % {"field": key})
        organisation_id = party.get("organizationId")
        if organisation_id is not None and not isinstance(organisation_id, str | int):
            raise InvalidNotice(_("%(field)s has an organisation number that is not text.") % {"field": key})
        parties.append({"orgnr": _orgnr(party), "name": name.strip()[:300]})
    return parties


def clean_hit(hit) -> dict:
    """The notice's fields from one search hit; ``InvalidNotice`` names the first thing wrong."""
    if not isinstance(hit, dict):
        raise InvalidNotice(_("Not a notice object."))
    doffin_id = hit.get("id")
    if not isinstance(doffin_id, str) or not _DOFFIN_ID.match(doffin_id):
        raise InvalidNotice(_("The Doffin id is missing or not like 2026-112546: %(value)s") % {"value": doffin_id})
    notice_type = _text(hit, "type", required=True)
    if not _CODE_NAME.match(notice_type):
        raise InvalidNotice(_("type is not a notice type: %(value)s") % {"value": notice_type})
    all_types = hit.get("allTypes") or []
    if not isinstance(all_types, list) or not all(isinstance(t, str) and _CODE_NAME.match(t) for t in all_types):
        raise InvalidNotice(_("allTypes is not a list of notice types."))
    status = hit.get("status") or ""
    if not isinstance(status, str) or (status and not _CODE_NAME.match(status)) or len(status) > 20:
        raise InvalidNotice(_("status is not a notice status: %(value)s") % {"value": status})

    value = hit.get("estimatedValue")
    amount, currency = None, ""
    if value is not None:
        if not isinstance(value, dict):
            raise InvalidNotice(_("estimatedValue is not an amount with a currency."))
        raw_amount, currency = value.get("amount"), value.get("currencyCode") or ""
        if raw_amount is not None:
            if isinstance(raw_amount, bool) or not isinstance(raw_amount, int | float | str):
                raise InvalidNotice(_("estimatedValue.amount is not a number."))
            try:
                amount = Decimal(str(raw_amount)).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise InvalidNotice(_("estimatedValue.amount is not a number.")) from None
            if not amount.is_finite() or amount < 0 or amount > _MAX_VALUE:
                raise InvalidNotice(_("estimatedValue.amount is out of range: %(value)s") % {"value": raw_amount})
            if not isinstance(currency, str) or not _CURRENCY.match(currency):
                raise InvalidNotice(_("estimatedValue.currencyCode is not a currency code: %(value)s") % {"value": currency})

    codes = hit.get("cpvCodes") or []
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise InvalidNotice(_("cpvCodes is not a list of codes."))
    try:
        tree = cpv.expand(codes)
    except cpv.UnknownCpvCodes as error:
        raise InvalidNotice(_("Unknown CPV code(s): %(codes)s") % {"codes": ", ".join(error.codes)}) from None

    locations = hit.get("locationId") or []
    if isinstance(locations, str):
        locations = [locations]
    if not isinstance(locations, list) or not all(isinstance(code, str) and len(code) <= 20 for code in locations):
        raise InvalidNotice(_("locationId is not a list of location codes."))

    received = hit.get("receivedTenders")
    if received is not None and (isinstance(received, bool) or not isinstance(received, int) or received < 0):
        raise InvalidNotice(_("receivedTenders is not a count: %(value)s") % {"value": received})

    buyers = _parties(hit.get("buyer"), "buyer")
    lots_in = hit.get("lots")
    if lots_in is None:
        lots_in = []
    if not isinstance(lots_in, list):
        raise InvalidNotice(_("lots is not a list."))
    lots = []
    for lot in lots_in:
        if not isinstance(lot, dict):
            raise InvalidNotice(_("lots holds something that is not a lot."))
        lots.append(
            {
                "heading": _text(lot, "heading", max_length=500),
                "description": _text(lot, "description"),
                "winners": _parties(lot.get("winner"), "lots.winner"),
            }
        )

    return {
        "doffin_id": doffin_id,
        "fields": {
            "heading": _text(hit, "heading", required=True, max_length=500),
            "description": _text(hit, "description"),
            "type": notice_type,
            "all_types": all_types,
            "status": status,
            "issued_at": _datetime(hit, "issueDate"),
            "published_on": _date(hit, "publicationDate"),
            "deadline": _datetime(hit, "deadline"),
            "estimated_value": amount,
            "currency": currency if amount is not None else "",
            "location_ids": locations,
            "received_tenders": received,
            "buyer_orgnr": buyers[0]["orgnr"] if buyers else "",
            "buyer_name": buyers[0]["name"] if buyers else "",
        },
        "cpv": tree,
        "buyers": buyers,
        "lots": lots,
    }


def source_hash(hit: dict) -> str:
    return hashlib.sha256(json.dumps(hit, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def changed_fields(old: dict, new: dict) -> list[str]:
    """The top-level keys of a hit whose values differ, e.g. ``["lots", "status"]``."""
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))


# --- importing -------------------------------------------------------------------------------------------


def import_hits(hits, *, source: str) -> ImportReport:
    """Create or update a notice for each hit; report what was created, updated, unchanged or rejected.

    ``source`` says where the hits came from (a file name, "doffin-api", "demo") for the log. Each notice
    is saved in its own savepoint. For created or changed notices, the procurement plan is linked and
    alert matching queued.
    """
    report = ImportReport()
    for position, hit in enumerate(hits, start=1):
        doffin_id = hit.get("id") if isinstance(hit, dict) and isinstance(hit.get("id"), str) else ""
        try:
            cleaned = clean_hit(hit)
        except InvalidNotice as error:
            report.rejected.append((position, doffin_id, str(error)))
            continue
        try:
            outcome, notice = _save_with_retry(hit, cleaned)
        except DatabaseError as error:
            logger.warning("Notice %s from %s could not be saved: %s", doffin_id, source, error)
            report.rejected.append((position, doffin_id, _("The notice could not be saved: %(error)s") % {"error": error}))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.changed.append(notice)
    logger.info(
        "Imported notices from %s: %s created, %s updated, %s unchanged, %s rejected",
        source,
        report.created,
        report.updated,
        report.unchanged,
        len(report.rejected),
    )
    if report.changed:
        # Not at module level: plans and alerts import the notice models and may import this module.
        from procurement.services import alerts, plans

        plans.link_notices(report.changed)
        alerts.queue_matching("notice", [notice.pk for notice in report.changed])
    return report


def _save_with_retry(hit: dict, cleaned: dict) -> tuple[str, Notice]:
    try:
        return _save(hit, cleaned)
    except IntegrityError:
        # Another import created the same notice between our read and our insert: it exists now.
        return _save(hit, cleaned)


def _save(hit: dict, cleaned: dict) -> tuple[str, Notice]:
    digest = source_hash(hit)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(doffin_id=cleaned["doffin_id"]).first()
        if notice is not None and notice.source_hash == digest:
            return "unchanged", notice
        if notice is None:
            notice = Notice.objects.create(doffin_id=cleaned["doffin_id"], raw=hit, source_hash=digest, **cleaned["fields"])
            outcome = "created"
        else:
            NoticeVersion.objects.create(
                notice=notice, version=notice.version, raw=notice.raw, changed_fields=changed_fields(notice.raw, hit)
            )
            for name, value in cleaned["fields"].items():
                setattr(notice, name, value)
            notice.raw = hit
            notice.source_hash = digest
            notice.version += 1
            notice.save()
            notice.buyers.all().delete()
            notice.lots.all().delete()  # and their winners
            notice.cpv.all().delete()
            outcome = "updated"
        NoticeBuyer.objects.bulk_create(
            [NoticeBuyer(notice=notice, position=i, **buyer) for i, buyer in enumerate(cleaned["buyers"])]
        )
        NoticeCpv.objects.bulk_create(
            [NoticeCpv(notice=notice, code=code, direct=direct) for code, direct in cleaned["cpv"].items()]
        )
        for i, lot_fields in enumerate(cleaned["lots"]):
            lot = Lot.objects.create(
                notice=notice, position=i, heading=lot_fields["heading"], description=lot_fields["description"]
            )
            LotWinner.objects.bulk_create(
                [LotWinner(lot=lot, position=j, **winner) for j, winner in enumerate(lot_fields["winners"])]
            )
    return outcome, notice


# --- the nightly mirror ----------------------------------------------------------------------------------


def is_served(hit: dict, *, buyers: set[str], locations: set[str]) -> bool:
    """Whether a hit belongs in the mirror: one of its buyers is served, or it is in a configured location."""
    if buyers.intersection(doffin.organisation_numbers(hit)):
        return True
    return bool(locations.intersection(hit.get("locationId") or []))


def sync_from_doffin(*, client=None, today: datetime.date | None = None) -> dict:
    """Mirror the served buyers' notices (and those in ``DOFFIN_LOCATION_CODES``) issued since the last run.

    Fetches the issue dates after ``DoffinSync("doffin").fetched_through`` (the last 30 days on the first
    run), looking ``PUBLICATION_LAG_DAYS`` further back, through yesterday; imports what is served and
    advances ``fetched_through`` only when the search went through. Without ``DOFFIN_API_KEY`` (and no
    client given) it does nothing and says the mirror is not configured.
    """
    if client is None and not settings.DOFFIN_API_KEY:
        logger.warning("The Doffin mirror is not configured: DOFFIN_API_KEY is empty.")
        return {"configured": False, "message": "The Doffin mirror is not configured (DOFFIN_API_KEY is empty)."}
    today = today or timezone.localdate()
    through = today - datetime.timedelta(days=1)
    state, _created = DoffinSync.objects.get_or_create(key=SYNC_KEY)
    if state.fetched_through and state.fetched_through >= through:
        return {"configured": True, "up_to_date": True, "fetched_through": state.fetched_through.isoformat()}
    if state.fetched_through:
        start = state.fetched_through + datetime.timedelta(days=1 - PUBLICATION_LAG_DAYS)
    else:
        start = today - datetime.timedelta(days=FIRST_SYNC_DAYS)
    client = client or doffin.DoffinClient()
    buyers = {orgnr.replace(" ", "") for orgnr in settings.PROCUREMENT_BUYER_ORGNRS}
    locations = set(settings.DOFFIN_LOCATION_CODES)
    report: dict = {"configured": True, "from": start.isoformat(), "through": through.isoformat()}
    try:
        hits = [
            hit
            for hit in client.search(issueDateFrom=start, issueDateTo=through, sortBy="PUBLICATION_DATE_ASC")
            if is_served(hit, buyers=buyers, locations=locations)
        ]
    except doffin.DoffinError as error:
        logger.warning("Doffin sync failed: %s", error)
        report["error"] = str(error)
        state.last_run_at = timezone.now()
        state.last_report = report
        state.save(update_fields=["last_run_at", "last_report"])
        return report
    imported = import_hits(hits, source="doffin-api")
    report.update(imported.as_dict())
    report["served_hits"] = len(hits)
    report["capped"] = list(getattr(client, "capped", []))
    state.fetched_through = through
    state.last_run_at = timezone.now()
    state.last_report = report
    state.save(update_fields=["fetched_through", "last_run_at", "last_report"])
    return report
