"""Notices for the pages' tests, written directly as rows (no import code): a notice with its buyers, CPV codes
(and their ancestors, direct=False), lots and winners."""

import datetime
import itertools
from decimal import Decimal

from procurement.models import Lot, LotWinner, Notice, NoticeBuyer, NoticeCpv
from procurement.services import cpv

_ids = itertools.count(1)

GROUP_OF = {
    "ANNOUNCEMENT_OF_COMPETITION": "COMPETITION",
    "ADVISORY_NOTICE": "PLANNING",
    "ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT": "RESULT",
    "ANNOUNCEMENT_OF_INTENT": "RESULT",
}


def make_notice(
    *,
    heading="Rammeavtale for IT-tjenester",
    type="ANNOUNCEMENT_OF_COMPETITION",
    status="ACTIVE",
    cpv_codes=("72212222",),
    buyers=(("935478715", "Bærum kommune"),),
    lots=(),
    published_on=datetime.date(2026, 3, 2),
    deadline=None,
    value=None,
    doffin_id=None,
    description="",
    location_ids=("NO081",),
    raw=None,
    **fields,
) -> Notice:
    """``lots`` is a list of lots, each a list of winners (orgnr, name); a lot without winners is []."""
    doffin_id = doffin_id or f"2026-{900000 + next(_ids)}"
    notice = Notice.objects.create(
        doffin_id=doffin_id,
        heading=heading,
        description=description,
        type=type,
        all_types=[type, GROUP_OF.get(type, "COMPETITION")],
        status=status or "",
        published_on=published_on,
        deadline=deadline,
        estimated_value=Decimal(value) if value is not None else None,
        currency="NOK" if value is not None else "",
        location_ids=list(location_ids),
        buyer_orgnr=buyers[0][0] if buyers else "",
        buyer_name=buyers[0][1] if buyers else "",
        raw=raw if raw is not None else {"id": doffin_id},
        source_hash=doffin_id,
        **fields,
    )
    NoticeBuyer.objects.bulk_create(
        NoticeBuyer(notice=notice, position=i, orgnr=orgnr, name=name) for i, (orgnr, name) in enumerate(buyers)
    )
    if cpv_codes:
        NoticeCpv.objects.bulk_create(
            NoticeCpv(notice=notice, code=code, direct=direct) for code, direct in cpv.expand(cpv_codes).items()
        )
    for position, winners in enumerate(lots):
        lot = Lot.objects.create(notice=notice, position=position, heading=f"Delkontrakt {position + 1}")
        LotWinner.objects.bulk_create(
            LotWinner(lot=lot, position=i, orgnr=orgnr, name=name) for i, (orgnr, name) in enumerate(winners)
        )
    return notice


def make_award(*, winners_by_lot, value=None, cpv_codes=("72212222",), published_on=datetime.date(2026, 3, 2), **kwargs):
    return make_notice(
        type="ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT",
        status="",
        lots=winners_by_lot,
        value=value,
        cpv_codes=cpv_codes,
        published_on=published_on,
        **kwargs,
    )
