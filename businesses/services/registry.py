"""Writes to the business registry: reference tables and units from Enhetsregisteret."""

import csv
import datetime
import itertools
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone

from businesses.models import (
    Business,
    Establishment,
    IndustryCode,
    Municipality,
    MunicipalityRenumbering,
    OrganisationForm,
    ReferenceLoad,
    RegistryEvent,
    SyncState,
)
from businesses.records import Row, RowError, detect_kind, fields_hash, parse_date, unit_fields

REFERENCE_DIR: Path = settings.REFERENCE_DIR


def _rows(filename: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / filename).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class ReferenceReport:
    written: int  # rows inserted or changed by this load
    counts: dict[str, int]  # rows in each table after it


def load_reference_tables(*, using: str = DEFAULT_DB_ALIAS) -> ReferenceReport:
    """Bring municipalities, renumberings, industry codes and organisation forms up to the shipped files.

    Runs after every ``migrate`` (see apps.py), so it reads the tables once and writes only the rows
    the files add or change; rows the files no longer list are kept, since units may refer to them.
    A load that writes anything gives the tables a new version (``ReferenceLoad``).
    """
    tables = _reference_rows()
    with transaction.atomic(using=using):
        written = sum(_upsert(model, key_fields, wanted, using=using) for model, key_fields, wanted in tables)
        if written or not ReferenceLoad.objects.using(using).exists():
            ReferenceLoad.objects.using(using).update_or_create(pk=1, defaults={"version": uuid.uuid4().hex})
    counts = {name: model.objects.using(using).count() for name, model in REFERENCE_TABLES.items()}
    return ReferenceReport(written=written, counts=counts)


REFERENCE_TABLES = {
    "municipalities": Municipality,
    "renumberings": MunicipalityRenumbering,
    "industry_codes": IndustryCode,
    "organisation_forms": OrganisationForm,
}


def _reference_rows() -> list[tuple[type, tuple[str, ...], dict[tuple, dict]]]:
    """What the shipped files say each table holds: (model, key fields, {key: other fields})."""
    municipalities = {
        (row["kommunenummer"],): {
            "name": row["kommunenavn"],
            "county_number": row["fylkesnummer"],
            "county_name": row["fylkesnavn"],
        }
        for row in _rows("kommuner_2024.csv")
    }
    renumberings = {}
    for row in _rows("kommune_renumbering_akershus_2019_2024.csv"):
        for old in (row["kommunenummer_pre2020"], row["kommunenummer_2020_2023"]):
            if old and old != row["kommunenummer_2024"]:
                renumberings[(old,)] = {"old_name": row["navn_pre2020"], "municipality_id": row["kommunenummer_2024"]}
    industry_codes = {}
    for version, filename in (
        (IndustryCode.Version.SN2007, "sn2007_sections_divisions.csv"),
        (IndustryCode.Version.SN2025, "sn2025_sections_divisions.csv"),
    ):
        for row in _rows(filename):
            industry_codes[(version.value, row["code"])] = {
                "parent_code": row["parent_code"],
                "level": int(row["level"]),
                "name": row["name"],
            }
    forms = {(row["code"].strip(),): {"name": row["name"].strip()} for row in _rows("organisasjonsformer.csv")}
    return [
        (Municipality, ("number",), municipalities),
        (MunicipalityRenumbering, ("old_number",), renumberings),
        (IndustryCode, ("version", "code"), industry_codes),
        (OrganisationForm, ("code",), forms),
    ]


def _upsert(model, key_fields: tuple[str, ...], wanted: dict[tuple, dict], *, using: str) -> int:
    """Insert the rows of ``wanted`` the table lacks and update those that differ. Returns how many it wrote."""
    fields = list(next(iter(wanted.values())))
    manager = model.objects.using(using)
    stored = {tuple(row[name] for name in key_fields): row for row in manager.values("pk", *key_fields, *fields)}
    new, changed = [], []
    for key, values in wanted.items():
        row = stored.get(key)
        if row is None:
            new.append(model(**dict(zip(key_fields, key, strict=True)), **values))
        elif any(row[name] != value for name, value in values.items()):
            changed.append(model(pk=row["pk"], **dict(zip(key_fields, key, strict=True)), **values))
    manager.bulk_create(new, batch_size=500)
    manager.bulk_update(changed, fields, batch_size=500)
    return len(new) + len(changed)


# --- Importing units in bulk ----------------------------------------------------------------

BATCH_SIZE = 2000
# The fields an import compares and writes, per model (everything the mapper produces).
_COMMON_FIELDS = [
    "name", "search_name", "organisation_form_id", "industry_codes", "industry_version", "industry_division",
    "industry_section", "employees", "address", "postal_code", "postal_place", "postal_address", "search_address",
    "municipality_id",
    "registered", "website", "email", "phone", "deleted",
]  # fmt: skip
UNIT_FIELDS = {
    "enheter": [*_COMMON_FIELDS, "founded", "bankrupt", "bankrupt_date", "under_liquidation", "under_liquidation_date",
                "under_forced_liquidation"],
    "underenheter": [*_COMMON_FIELDS, "parent_orgnr", "started", "closed"],
}  # fmt: skip
UNIT_MODELS = {"enheter": Business, "underenheter": Establishment}
# What an event compares between the stored and the incoming unit.
_EVENT_FIELDS = ["name", "former_names", "municipality_id", "industry_codes", "deleted"]
_STATUS_EVENTS = [
    ("bankrupt", RegistryEvent.Kind.BANKRUPT),
    ("under_liquidation", RegistryEvent.Kind.LIQUIDATION),
    ("under_forced_liquidation", RegistryEvent.Kind.FORCED_LIQUIDATION),
]


@dataclass
class ImportReport:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0  # outside the municipalities the import was limited to
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    events: int = 0

    def summary(self) -> str:
        return (
            f"read {self.read}, new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, rejected {len(self.rejected)}, outside the municipalities {self.skipped}"
        )


class _Context:
    """What every batch of an import needs, read from the database once."""

    def __init__(self, *, kind, municipalities, version, source, today):
        self.kind = kind
        self.model = UNIT_MODELS[kind]
        self.fields = UNIT_FIELDS[kind]
        self.municipalities = set(municipalities) if municipalities is not None else None
        self.served = set(settings.PORTAL_MUNICIPALITIES)
        self.version = version
        self.source = source
        self.today = today
        self.known_municipalities = set(Municipality.objects.values_list("number", flat=True))
        self.renumbered = dict(MunicipalityRenumbering.objects.values_list("old_number", "municipality_id"))
        self.known_forms = set(OrganisationForm.objects.values_list("code", flat=True))
        self.sections = {
            version: dict(IndustryCode.objects.filter(version=version, level=2).values_list("code", "parent_code"))
            for version in IndustryCode.Version.values
        }
        self.started_empty = not self.model.objects.exists()
        self.seen: set[str] = set()  # the organisation numbers this import has loaded (or found unchanged)
        # On the very first import everything is new: do not record a "new" event for each unit.
        self.record_new = not self.started_empty

    def in_scope(self, municipality: str | None) -> bool:
        return self.municipalities is None or municipality in self.municipalities


def _normalise(fields: dict, ctx: _Context) -> dict:
    number = fields["municipality_id"]
    number = ctx.renumbered.get(number, number)
    fields["municipality_id"] = number if number in ctx.known_municipalities else None
    if fields["organisation_form_id"] not in ctx.known_forms:
        fields["organisation_form_id"] = None
    return fields


def import_units(
    rows,
    *,
    kind: str | None = None,
    municipalities: list[str] | None = None,
    version: str = IndustryCode.Version.SN2025,
    mark_missing: bool = True,
    source: str = "bulk",
    progress=None,
    context: "_Context | None" = None,
) -> ImportReport:
    """Upsert units from ``rows`` (records.Row) by organisation number, in batches.

    Only units in ``municipalities`` are loaded (None: all), but a stored unit that moved out is
    still updated. With ``mark_missing`` the file is taken as the whole register: stored units in
    scope that it does not contain are marked deleted. A unit whose fields are unchanged is not
    written, so a second run of the same file writes nothing. Returns the counts and every rejected
    row with its location and reason; the rest of the file still loads.
    """
    report = ImportReport()
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return report
    ctx = context or _Context(
        kind=kind or detect_kind(first.record),
        municipalities=municipalities,
        version=version,
        source=source,
        today=datetime.date.today(),
    )
    # A file loaded into an empty table (the first national import) goes in as one transaction,
    # with the table's secondary indexes and foreign keys built once at the end.
    empty_table_load = context is None and ctx.started_empty and connection.vendor == "postgresql"
    with _indexes_built_after(ctx.model) if empty_table_load else nullcontext():
        _import_rows(itertools.chain([first], rows), ctx, report, mark_missing=mark_missing, progress=progress)
    return report


def _import_rows(rows, ctx: _Context, report: ImportReport, *, mark_missing: bool, progress) -> None:
    batch: list[tuple[str, dict]] = []
    for row in rows:
        report.read += 1
        try:
            fields = _normalise(unit_fields(row.record, kind=ctx.kind, version=ctx.version, sections=ctx.sections), ctx)
        except RowError as error:
            report.rejected.append((row.location, str(error)))
            continue
        batch.append((row.location, fields))
        if len(batch) >= BATCH_SIZE:
            _apply_batch(batch, ctx, report)
            batch = []
            if progress:
                progress()
    if batch:
        _apply_batch(batch, ctx, report)
    if mark_missing:
        _mark_missing(ctx, report)
    if progress:
        progress()


@contextmanager
def _indexes_built_after(model):
    """Drop the table's secondary indexes and foreign keys, and create them again at the end, all in
    one transaction: building an index once is far cheaper than updating it row by row (the trigram
    and full-text GIN indexes most of all), and an interrupted load leaves the table as it was.
    The primary key and the unique organisation number stay, for the import's own lookups.
    """
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """SELECT index_class.relname, pg_get_indexdef(pg_index.indexrelid)
                 FROM pg_index JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
                WHERE pg_index.indrelid = %s::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = pg_index.indexrelid)""",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        yield
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute(f"ANALYZE {quote(table)}")


@transaction.atomic
def _apply_batch(batch: list[tuple[str, dict]], ctx: _Context, report: ImportReport) -> None:
    # A unit listed twice in one file: the later row wins, the earlier is reported.
    by_orgnr: dict[str, tuple[str, dict]] = {}
    for location, fields in batch:
        if fields["orgnr"] in by_orgnr:
            report.rejected.append(
                (by_orgnr[fields["orgnr"]][0], f"{fields['orgnr']}: listed again at {location}; the later row is used")
            )
        by_orgnr[fields["orgnr"]] = (location, fields)
    # Loading into an empty table, only the units this import wrote can be stored already.
    lookup = by_orgnr if not ctx.started_empty else by_orgnr.keys() & ctx.seen
    stored = dict(ctx.model.objects.filter(orgnr__in=lookup).values_list("orgnr", "source_hash"))
    digests = {
        orgnr: fields_hash(fields)
        for orgnr, (_location, fields) in by_orgnr.items()
        if orgnr in stored or ctx.in_scope(fields["municipality_id"])
    }
    # What the events compare is read for the changed units only: most of a monthly file is unchanged.
    changed = [orgnr for orgnr, stored_hash in stored.items() if stored_hash != digests[orgnr]]
    existing = {}
    if changed:
        compared = ["orgnr", *_EVENT_FIELDS, *(name for name, _ in _STATUS_EVENTS if ctx.kind == "enheter")]
        existing = {row["orgnr"]: row for row in ctx.model.objects.filter(orgnr__in=changed).values(*compared)}
    to_create, to_update, events = [], [], []
    for orgnr, (_location, fields) in by_orgnr.items():
        if orgnr not in digests:
            report.skipped += 1  # new to the registry, and outside the municipalities loaded
            continue
        ctx.seen.add(orgnr)
        if orgnr in stored and orgnr not in existing:
            report.unchanged += 1
            continue
        old = existing.get(orgnr)
        digest = digests[orgnr]
        unit = {**fields, "source_hash": digest, "former_names": []}
        if old is None:
            report.new += 1
            to_create.append(unit)
            if ctx.record_new and fields["municipality_id"] in ctx.served:
                events.append(_event(orgnr, RegistryEvent.Kind.NEW, ctx, {"name": fields["name"]}, fields["municipality_id"]))
        else:
            report.updated += 1
            unit["former_names"] = old["former_names"]
            if old["name"] != fields["name"]:
                unit["former_names"] = [*old["former_names"], {"name": old["name"], "until": ctx.today.isoformat()}]
            to_update.append(unit)
            events += _change_events(old, fields, ctx)
        if fields["deleted"] and (old is None or not old["deleted"]):
            report.deleted += 1
    _write_units(ctx, to_create, to_update)
    if events:
        RegistryEvent.objects.bulk_create(events)
        report.events += len(events)


def _write_units(ctx: _Context, new: list[dict], changed: list[dict]) -> None:
    """Insert the new units and update the changed ones, keyed by organisation number.

    On PostgreSQL the rows go through COPY (into the table, or into a temporary table that one
    UPDATE ... FROM applies), which is several times faster than the ORM's multi-row statements for
    a national file; elsewhere through bulk_create / bulk_update.
    """
    columns = ["orgnr", *ctx.fields, "former_names", "source_hash"]
    if connection.vendor != "postgresql":
        if new:
            ctx.model.objects.bulk_create([ctx.model(**row) for row in new], batch_size=BATCH_SIZE)
        if changed:
            pks = dict(ctx.model.objects.filter(orgnr__in=[row["orgnr"] for row in changed]).values_list("orgnr", "pk"))
            # bulk_update leaves auto_now alone: the change time is set here, as the COPY path below does.
            now = timezone.now()
            units = [ctx.model(pk=pks[row["orgnr"]], **row, updated=now) for row in changed]
            ctx.model.objects.bulk_update(units, [*columns[1:], "updated"], batch_size=500)
        return
    table = ctx.model._meta.db_table
    now = timezone.now()
    names = [ctx.model._meta.get_field(name).column for name in columns] + ["updated"]
    json_columns = {"industry_codes", "former_names"}

    def copy_rows(target: str, rows: list[dict]) -> None:
        # JSON goes in as text that PostgreSQL reads into jsonb: orjson is many times faster than json.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {target} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([orjson.dumps(row[c]).decode() if c in json_columns else row[c] for c in columns] + [now])

    if new:
        copy_rows(table, new)
    if changed:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE import_changes (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
            cursor.execute("ALTER TABLE import_changes ALTER COLUMN id DROP NOT NULL")
        copy_rows("import_changes", changed)
        assignments = ", ".join(f"{name} = changes.{name}" for name in names[1:])
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {assignments} FROM import_changes changes WHERE {table}.orgnr = changes.orgnr")


def _event(
    orgnr: str, kind: str, ctx: _Context, data: dict, municipality: str | None, date: datetime.date | None = None
) -> RegistryEvent:
    """An event of the unit ``orgnr``, counted in ``municipality`` (where it is registered as the event happens)
    if it is a main unit: the dashboard counts main units only."""
    counted_in = (municipality or "") if ctx.kind == "enheter" else ""
    return RegistryEvent(orgnr=orgnr, kind=kind, date=date or ctx.today, data=data, source=ctx.source, municipality=counted_in)


def _change_events(old: dict, new: dict, ctx: _Context) -> list[RegistryEvent]:
    """The changes between the stored and the incoming unit that matter to the served municipalities."""
    was_here, is_here = old["municipality_id"] in ctx.served, new["municipality_id"] in ctx.served
    if not (was_here or is_here):
        return []
    orgnr = new["orgnr"]
    moved = {"from": old["municipality_id"], "to": new["municipality_id"]}
    # Counted where the unit is registered after the change; a move out where it was.
    here = new["municipality_id"]
    events = []
    if is_here and not was_here:
        events.append(_event(orgnr, RegistryEvent.Kind.MOVED_IN, ctx, moved, here))
    if was_here and not is_here:
        events.append(_event(orgnr, RegistryEvent.Kind.MOVED_OUT, ctx, moved, old["municipality_id"]))
    for name, kind in _STATUS_EVENTS:
        if name in old and new.get(name) and not old[name]:
            events.append(_event(orgnr, kind, ctx, {}, here))
    if new["deleted"] and not old["deleted"]:
        events.append(_event(orgnr, RegistryEvent.Kind.DELETED, ctx, {}, here, date=new["deleted"]))
    old_code = old["industry_codes"][0]["code"] if old["industry_codes"] else ""
    new_code = new["industry_codes"][0]["code"] if new["industry_codes"] else ""
    if old_code != new_code:
        events.append(_event(orgnr, RegistryEvent.Kind.INDUSTRY_CHANGED, ctx, {"from": old_code, "to": new_code}, here))
    if old["name"] != new["name"]:
        events.append(_event(orgnr, RegistryEvent.Kind.NAME_CHANGED, ctx, {"from": old["name"], "to": new["name"]}, here))
    return events


def _mark_missing(ctx: _Context, report: ImportReport) -> None:
    """Units in scope that the full register file no longer lists have been deleted."""
    candidates = ctx.model.objects.filter(deleted__isnull=True)
    if ctx.municipalities is not None:
        candidates = candidates.filter(municipality_id__in=ctx.municipalities)
    missing = [orgnr for orgnr in candidates.values_list("orgnr", flat=True).iterator(chunk_size=10_000) if orgnr not in ctx.seen]
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        with transaction.atomic():
            # The stored hash no longer matches anything, so the next import that lists it updates it.
            ctx.model.objects.filter(orgnr__in=chunk).update(deleted=ctx.today, source_hash="", updated=timezone.now())
            served = ctx.model.objects.filter(orgnr__in=chunk, municipality_id__in=ctx.served).values_list(
                "orgnr", "municipality_id"
            )
            RegistryEvent.objects.bulk_create(
                [
                    _event(orgnr, RegistryEvent.Kind.DELETED, ctx, {"reason": "not in the register file"}, municipality)
                    for orgnr, municipality in served
                ]
            )
        report.deleted += len(chunk)


# --- Live sync from the change feed ---------------------------------------------------------


@dataclass
class SyncReport:
    changes: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    last_update_id: int = 0

    def summary(self) -> str:
        return (
            f"changes {self.changes}, new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, outside the municipalities {self.skipped}, rejected {len(self.rejected)}, "
            f"last update id {self.last_update_id}"
        )


def mark_unit_deleted(orgnr: str, *, kind: str, date: datetime.date, source: str) -> bool:
    """Mark a stored unit deleted (the register answered with a deletion stub, 404 or 410).

    Returns False if the unit is not stored or already deleted.
    """
    model = UNIT_MODELS[kind]
    with transaction.atomic():
        unit = model.objects.select_for_update().filter(orgnr=orgnr, deleted__isnull=True).first()
        if unit is None:
            return False
        unit.deleted = date
        unit.source_hash = ""
        unit.save(update_fields=["deleted", "source_hash", "updated"])
        if unit.municipality_id in settings.PORTAL_MUNICIPALITIES:
            # Counted in the unit's municipality if it is a main unit (see RegistryEvent.municipality).
            counted_in = unit.municipality_id if kind == "enheter" else ""
            RegistryEvent.objects.create(
                orgnr=orgnr, kind=RegistryEvent.Kind.DELETED, date=date, source=source, municipality=counted_in
            )
    return True


def sync_registry(client, *, kind: str = "enheter", since: datetime.date | None = None) -> SyncReport:
    """Apply the register's change feed since the last seen update id (first run: since ``since`` or yesterday).

    Each changed unit is fetched and upserted like a one-row import limited to the served
    municipalities, so a unit that moves in is loaded and one that moves out is updated. The last
    update id is saved as it goes, so an interrupted sync resumes where it stopped and a repeated
    one reads nothing twice.
    """
    state, _ = SyncState.objects.get_or_create(feed=kind)
    first_day = since or datetime.date.today() - datetime.timedelta(days=1)
    start = None if state.last_update_id else f"{first_day.isoformat()}T00:00:00.000Z"
    ctx = _Context(
        kind=kind,
        municipalities=settings.PORTAL_MUNICIPALITIES,
        version=IndustryCode.Version.SN2025,
        source="sync",
        today=datetime.date.today(),
    )
    report = SyncReport(last_update_id=state.last_update_id)
    for change in client.updates(kind=kind, after_id=state.last_update_id or None, since=start):
        report.changes += 1
        orgnr = change["organisasjonsnummer"]
        record = client.unit(orgnr, kind=kind)
        changed_on = parse_date(str(change.get("dato", ""))[:10], "dato") or ctx.today
        if record is None or record.get("slettedato"):
            deleted_on = parse_date(record.get("slettedato"), "slettedato") if record else changed_on
            report.deleted += mark_unit_deleted(orgnr, kind=kind, date=deleted_on, source="sync")
        else:
            one = import_units([Row(f"update {change['oppdateringsid']}", record)], kind=kind, mark_missing=False, context=ctx)
            for name in ("new", "updated", "unchanged", "skipped"):
                setattr(report, name, getattr(report, name) + getattr(one, name))
            report.rejected += one.rejected
        report.last_update_id = state.last_update_id = change["oppdateringsid"]
        state.save(update_fields=["last_update_id", "updated"])
    return report
