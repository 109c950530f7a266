"""Awards: winners matched to the registry, and the share awarded to businesses in the served municipalities.

What counts, precisely:

- **An award notice** is a notice whose ``all_types`` holds ``RESULT`` or whose status is ``AWARDED``, except
  an intention to award (``ANNOUNCEMENT_OF_INTENT``): the contract it announces is concluded later under a
  notice of its own, and counting both would count the contract twice.
- **A contract** is a lot of an award notice with at least one winner. Its year is the notice's publication
  year; its CPV division is the first two digits of the notice's first direct CPV code (in the order the
  notice lists them), labelled by the division's own code (``72000000``). A notice without CPV codes has
  division ``""``.
- **A local winner** is a winner whose organisation number is a ``businesses.Business`` located in the
  served municipalities (``settings.PORTAL_MUNICIPALITIES``, or the ones passed). A contract is **local**
  when at least one of its winners is local. Each winner's number is looked up in the registry by its unique
  index (``_is_local``), so the time follows the winners counted, not the size of the registry.
- **Value**: Doffin gives one estimated value per notice. It is split evenly among the notice's contracts
  (lots with a winner), and a contract's share evenly among its distinct winners (by organisation number;
  a winner without one, e.g. a foreign firm, by name). The value to local businesses is the sum of the
  local winners' shares. A notice without a value adds to the counts but not to the values.

Everything is computed by the database in one query; the rows are plain dataclasses for the dashboard.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear, NullIf, Substr
from django.db.models.lookups import In

from businesses.models import Business
from procurement.models import CpvCode, Lot, LotWinner, Notice, NoticeCpv
from procurement.queries import has_type

INTENT = "ANNOUNCEMENT_OF_INTENT"
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class LocalShare:
    year: int
    division: str  # two digits, "" when the notice has no CPV code
    division_name: str  # in the active language
    contracts: int
    local_contracts: int
    value: Decimal
    local_value: Decimal

    @property
    def share_of_contracts(self) -> float | None:
        return self.local_contracts / self.contracts if self.contracts else None

    @property
    def share_of_value(self) -> float | None:
        return float(self.local_value / self.value) if self.value else None


def award_notices():
    """The award notices (see the module's docstring)."""
    return Notice.objects.filter(has_type("RESULT") | Q(status=Notice.Status.AWARDED)).exclude(type=INTENT)


def _winner_key():
    return Coalesce(NullIf(F("orgnr"), Value("")), F("name"))


def _is_local(orgnr: str, municipalities) -> In:
    """Whether the winner's organisation number (the field path ``orgnr`` of the outer query) is a business in
    ``municipalities``: one lookup in the registry's unique index per winner, never a scan of the registry. A
    scalar subquery, not ``EXISTS`` or ``IN``, which PostgreSQL may turn into a hash of every business (it did,
    at 100,000 and more)."""
    registered_in = Business.objects.filter(orgnr=OuterRef(orgnr)).exclude(orgnr="").order_by().values("municipality_id")[:1]
    return In(Subquery(registered_in), list(municipalities))


def local_share(*, years=None, municipalities=None) -> list[LocalShare]:
    """Contracts and value awarded, in total and to businesses in the served municipalities, per publication
    year and CPV division, newest year first, then by division."""
    municipalities = list(municipalities if municipalities is not None else settings.PORTAL_MUNICIPALITIES)
    winners = LotWinner.objects.filter(lot=OuterRef("pk"))
    per_lot = {"output_field": DecimalField(max_digits=20, decimal_places=6)}
    n_winners = Subquery(winners.values("lot").annotate(n=Count(_winner_key(), distinct=True)).values("n"))
    n_local = Coalesce(
        Subquery(
            winners.filter(_is_local("orgnr", municipalities)).values("lot").annotate(n=Count("orgnr", distinct=True)).values("n")
        ),
        0,
    )
    contracts_of_notice = Subquery(
        Lot.objects.filter(notice=OuterRef("notice_id"), winners__isnull=False)
        .values("notice")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    notices = award_notices().filter(published_on__isnull=False)
    if years:
        notices = notices.filter(published_on__year__in=list(years))
    lots = (
        Lot.objects.filter(notice__in=notices.values("pk"))
        .filter(Exists(winners))
        .annotate(
            year=ExtractYear("notice__published_on"),
            main_code=Subquery(
                NoticeCpv.objects.filter(notice=OuterRef("notice_id"), direct=True).order_by("pk").values("code")[:1]
            ),
            n_winners=n_winners,
            n_local=n_local,
            n_contracts=contracts_of_notice,
        )
        .annotate(
            division=Coalesce(Substr("main_code", 1, 2), Value("")),
            share=ExpressionWrapper(F("notice__estimated_value") * Value(Decimal(1)) / F("n_contracts"), **per_lot),
        )
        .values("year", "division")
        .annotate(
            contracts=Count("pk"),
            local_contracts=Count("pk", filter=Q(n_local__gt=0)),
            value=Sum("share"),
            local_value=Sum(ExpressionWrapper(F("share") * F("n_local") / F("n_winners"), **per_lot)),
        )
        .order_by("-year", "division")
    )
    rows = list(lots)
    names = {cpv.code[:2]: cpv.name for cpv in CpvCode.objects.filter(code__in={f"{row['division']}000000" for row in rows})}
    return [
        LocalShare(
            year=row["year"],
            division=row["division"],
            division_name=names.get(row["division"], ""),
            contracts=row["contracts"],
            local_contracts=row["local_contracts"],
            value=_money(row["value"]),
            local_value=_money(row["local_value"]),
        )
        for row in rows
    ]


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENTS, rounding=ROUND_HALF_UP)


def totals(rows: list[LocalShare]) -> dict:
    """The rows added up (for a table's footer)."""
    return {
        "contracts": sum(row.contracts for row in rows),
        "local_contracts": sum(row.local_contracts for row in rows),
        "value": sum((row.value for row in rows), Decimal(0)),
        "local_value": sum((row.local_value for row in rows), Decimal(0)),
    }


def award_years() -> list[int]:
    """The publication years that have award notices, newest first."""
    dates = award_notices().filter(published_on__isnull=False).dates("published_on", "year", order="DESC")
    return [day.year for day in dates]


# --- The same figures for a period, for the dashboard and the Næringsrapport -----------------------------


@dataclass(frozen=True)
class AwardTotals:
    """Contracts and value awarded in a period, in total and to local businesses (counted as ``local_share``)."""

    contracts: int
    local_contracts: int
    value: Decimal
    local_value: Decimal

    @property
    def share_of_contracts(self) -> float | None:
        return self.local_contracts / self.contracts if self.contracts else None

    @property
    def share_of_value(self) -> float | None:
        return float(self.local_value / self.value) if self.value else None


def awarded_in(ranges: dict[str, tuple], *, municipalities=None) -> dict[str, AwardTotals]:
    """Contracts and value awarded in each of ``ranges`` (name: (first, last) publication dates, both included), in
    total and to businesses in ``municipalities`` (default: the served ones), counted as ``local_share`` counts
    them. One query, set-based: the contracts (lots with a winner) of the award notices in the ranges, each
    with its winners and local winners counted, are summed per range."""
    municipalities = list(municipalities if municipalities is not None else settings.PORTAL_MUNICIPALITIES)
    notices = award_notices()
    first, last = min(start for start, _ in ranges.values()), max(end for _, end in ranges.values())
    # Unordered throughout: the models' default orders (lot, then notice) would add joins and GROUP BY columns.
    contracts_of_notice = (
        Lot.objects.filter(Exists(LotWinner.objects.filter(lot=OuterRef("pk")).order_by()), notice=OuterRef("notice_id"))
        .order_by()
        .values("notice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    winner_key = Coalesce(NullIf(F("winners__orgnr"), Value("")), F("winners__name"))
    contracts = (
        Lot.objects.filter(notice__in=notices.filter(published_on__gte=first, published_on__lte=last).values("pk"))
        .filter(winners__isnull=False)
        .order_by()
        .values("pk")
        .annotate(
            published=F("notice__published_on"),
            value=F("notice__estimated_value"),
            n_winners=Count(winner_key, distinct=True),
            n_local=Count("winners__orgnr", distinct=True, filter=_is_local("winners__orgnr", municipalities)),
            n_contracts=Subquery(contracts_of_notice),
        )
    )
    # In floating point, rounded to øre at the end: SQLite's CAST to NUMERIC keeps an integer an integer.
    share = Cast("value", FloatField()) / F("n_contracts")
    sums = {}
    for name, (start, end) in ranges.items():
        within = Q(published__gte=start, published__lte=end)
        sums[f"{name}_contracts"] = Count("pk", filter=within)
        sums[f"{name}_local_contracts"] = Count("pk", filter=within & Q(n_local__gt=0))
        sums[f"{name}_value"] = Sum(share, filter=within)
        sums[f"{name}_local_value"] = Sum(share * F("n_local") / F("n_winners"), filter=within)
    row = contracts.aggregate(**sums)
    return {
        name: AwardTotals(
            contracts=row[f"{name}_contracts"],
            local_contracts=row[f"{name}_local_contracts"],
            value=_money(row[f"{name}_value"]),
            local_value=_money(row[f"{name}_local_value"]),
        )
        for name in ranges
    }


def awarded_between(start, end, *, municipalities=None) -> AwardTotals:
    """Contracts and value awarded from ``start`` to ``end`` (publication dates, both included). One query."""
    return awarded_in({"period": (start, end)}, municipalities=municipalities)["period"]
