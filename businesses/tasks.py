from celery import shared_task

from businesses.brreg import BrregClient
from businesses.services.registry import sync_registry


@shared_task(name="businesses.sync_brreg", autoretry_for=(OSError,), retry_backoff=300, max_retries=3)
def sync_brreg() -> dict:
    """Nightly: apply Enhetsregisteret's change feeds for main units and establishments."""
    client = BrregClient()
    return {kind: sync_registry(client, kind=kind).summary() for kind in ("enheter", "underenheter")}
