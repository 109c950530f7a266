from celery import shared_task

from businesses.brreg import BrregClient
from businesses.services.registry import sync_registry


@shared_task(name="businesses.sync_brreg", autoretry_for=(OSError,), retry_backoff=300, max_retries=3)
def sync_brreg() -> dict:
    """Nightly: apply Enhetsregisteret's change feeds for main units and establishments."""
    client = BrregClient()
    return {kind: sync_registry(client, kind=kind).summary() for kind in ("enheter", "underenheter")}


# --- CRM ---


@shared_task(name="businesses.purge_expired_contacts")
def purge_expired_contacts() -> int:
    """Nightly: delete the CRM contacts past their retention date (the log keeps that it happened, not who)."""
    from businesses.services.privacy import purge_expired_contacts as purge

    return purge()
