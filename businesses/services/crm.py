"""The officers' CRM: contacts, interactions, follow-ups, red flags and tags on a business.

Every change is written to the activity log. Contacts are personal data: their log entries hold ids,
organisation numbers and the names of the fields changed, never a name, an e-mail address or a phone number.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from businesses.models import Business, Contact, FollowUp, Interaction, RedFlag, Tag
from portal.services import log_activity

# A second submit of the same form within this window (a double click, a reloaded POST) is not a new row.
REPEAT_WINDOW = datetime.timedelta(minutes=10)

CONTACT_FIELDS = ["name", "role", "email", "phone", "lawful_basis", "retain_until", "notes"]
INTERACTION_FIELDS = ["kind", "date", "subject", "notes"]
FOLLOW_UP_FIELDS = ["title", "notes", "owner", "due"]
RED_FLAG_FIELDS = ["category", "severity", "description", "referred_to"]


def _recent(queryset):
    return queryset.filter(created__gte=timezone.now() - REPEAT_WINDOW)


# --- Contacts ---------------------------------------------------------------------------------


@transaction.atomic
def add_contact(business: Business, *, by, **fields) -> Contact:
    """A person at ``business``. The same person added twice (same name and e-mail) is the first row, unchanged."""
    existing = business.contacts.filter(name=fields["name"], email=fields.get("email", "")).first()
    if existing:
        return existing
    contact = Contact.objects.create(business=business, created_by=by, **fields)
    log_activity(contact, actor=by, action="businesses.contact_added", data={"contact": contact.pk, "business": business.orgnr})
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, by, changed: list[str]) -> bool:
    """Save the fields named in ``changed`` (already set on ``contact``). Nothing changed: nothing saved, False."""
    changed = [name for name in CONTACT_FIELDS if name in changed]
    if not changed:
        return False
    contact.save(update_fields=[*changed, "updated"])
    log_activity(
        contact,
        actor=by,
        action="businesses.contact_updated",
        data={"contact": contact.pk, "business": contact.business.orgnr, "fields": changed},
    )
    return True


# --- Interactions ------------------------------------------------------------------------------


@transaction.atomic
def log_interaction(
    business: Business,
    *,
    by,
    kind: str,
    date: datetime.date,
    subject: str,
    notes: str = "",
    contacts=(),
    participants=(),
    other_businesses=(),
    follow_up: dict | None = None,
) -> Interaction:
    """Log a visit, call, e-mail, meeting or event with ``business`` (and others), and optionally the follow-up
    it calls for, in one go. The same interaction sent twice within minutes is the first one, unchanged."""
    repeat = (
        _recent(Interaction.objects.filter(businesses=business, created_by=by, kind=kind, date=date, subject=subject))
        .order_by("pk")
        .first()
    )
    if repeat:
        return repeat
    interaction = Interaction.objects.create(kind=kind, date=date, subject=subject, notes=notes, created_by=by)
    businesses = [business, *(b for b in other_businesses if b.pk != business.pk)]
    interaction.businesses.add(*businesses)
    interaction.contacts.add(*contacts)
    interaction.participants.add(*participants)
    log_activity(
        interaction,
        actor=by,
        action="businesses.interaction_logged",
        data={
            "kind": kind,
            "date": date.isoformat(),
            "businesses": [b.orgnr for b in businesses],
            "contacts": sorted(c.pk for c in contacts),
        },
    )
    if follow_up:
        add_follow_up(business, by=by, interaction=interaction, **follow_up)
    return interaction


@transaction.atomic
def update_interaction(
    interaction: Interaction, *, by, changed: list[str], businesses=None, contacts=None, participants=None
) -> bool:
    """Save the changed fields (set on ``interaction``) and the given relations. Nothing changed: False."""
    fields = [name for name in INTERACTION_FIELDS if name in changed]
    relations = {}
    for name, rows in (("businesses", businesses), ("contacts", contacts), ("participants", participants)):
        if rows is None:
            continue
        manager = getattr(interaction, name)
        if {row.pk for row in rows} != set(manager.values_list("pk", flat=True)):
            manager.set(rows)
            relations[name] = sorted(row.pk for row in rows)
    if fields:
        interaction.save(update_fields=fields)
    if not fields and not relations:
        return False
    data = {"fields": fields + sorted(relations)}
    if "businesses" in relations:
        data["businesses"] = sorted(b.orgnr for b in businesses)
    if "contacts" in relations:
        data["contacts"] = relations["contacts"]
    log_activity(interaction, actor=by, action="businesses.interaction_updated", data=data)
    return True


# --- Follow-ups --------------------------------------------------------------------------------


@transaction.atomic
def add_follow_up(
    business: Business, *, by, title: str, owner, due: datetime.date, notes: str = "", interaction=None, red_flag=None
) -> FollowUp:
    """A task for ``owner`` on ``business``. The same open task (title, owner, due date) twice is the first one."""
    existing = business.follow_ups.filter(title=title, owner=owner, due=due, state=FollowUp.State.OPEN).first()
    if existing:
        return existing
    follow_up = FollowUp.objects.create(
        business=business,
        title=title,
        notes=notes,
        owner=owner,
        due=due,
        interaction=interaction,
        red_flag=red_flag,
        created_by=by,
    )
    log_activity(
        follow_up,
        actor=by,
        action="businesses.follow_up_added",
        data={
            "business": business.orgnr,
            "owner": owner.pk,
            "due": due.isoformat(),
            "interaction": interaction.pk if interaction else None,
        },
    )
    return follow_up


@transaction.atomic
def update_follow_up(follow_up: FollowUp, *, by, changed: list[str]) -> bool:
    changed = [name for name in FOLLOW_UP_FIELDS if name in changed]
    if not changed:
        return False
    follow_up.save(update_fields=changed)
    log_activity(follow_up, actor=by, action="businesses.follow_up_updated", data={"fields": changed})
    return True


# What each action does: the states it may start from, and the state it leads to.
FOLLOW_UP_TRANSITIONS = {
    "done": ({FollowUp.State.OPEN}, FollowUp.State.DONE),
    "cancelled": ({FollowUp.State.OPEN}, FollowUp.State.CANCELLED),
    "reopen": ({FollowUp.State.DONE, FollowUp.State.CANCELLED}, FollowUp.State.OPEN),
}


@transaction.atomic
def set_follow_up_state(follow_up: FollowUp, action: str, *, by) -> bool:
    """Mark a follow-up done or cancelled (completed now), or reopen it. From any other state: nothing, False."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    allowed, target = FOLLOW_UP_TRANSITIONS[action]
    if follow_up.state not in allowed:
        return False
    previous = follow_up.state
    follow_up.state = target
    follow_up.completed_at = None if target == FollowUp.State.OPEN else timezone.now()
    follow_up.save(update_fields=["state", "completed_at"])
    log_activity(follow_up, actor=by, action=f"businesses.follow_up_{action}", data={"from": previous, "to": str(target)})
    return True


# --- Red flags ---------------------------------------------------------------------------------


@transaction.atomic
def raise_red_flag(business: Business, *, by, category: str, severity: int, description: str, referred_to: str = "") -> RedFlag:
    """Warn the team about ``business``. The same open flag (category and description) twice is the first one."""
    existing = business.red_flags.filter(category=category, description=description, resolved_at__isnull=True).first()
    if existing:
        return existing
    flag = RedFlag.objects.create(
        business=business,
        category=category,
        severity=severity,
        description=description,
        referred_to=referred_to,
        raised_by=by,
    )
    log_activity(
        flag,
        actor=by,
        action="businesses.red_flag_raised",
        data={"business": business.orgnr, "category": category, "severity": int(severity)},
    )
    return flag


@transaction.atomic
def update_red_flag(flag: RedFlag, *, by, changed: list[str]) -> bool:
    changed = [name for name in RED_FLAG_FIELDS if name in changed]
    if not changed:
        return False
    flag.save(update_fields=changed)
    log_activity(flag, actor=by, action="businesses.red_flag_updated", data={"fields": changed})
    return True


@transaction.atomic
def resolve_red_flag(flag: RedFlag, *, by, resolution: str) -> bool:
    """Close an open flag, saying how it was resolved. Already resolved: nothing changes, False."""
    flag = RedFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved_at is not None:
        return False
    flag.resolved_at = timezone.now()
    flag.resolved_by = by
    flag.resolution = resolution
    flag.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    log_activity(flag, actor=by, action="businesses.red_flag_resolved", data={"business": flag.business.orgnr})
    return True


# --- Tags --------------------------------------------------------------------------------------


@transaction.atomic
def set_business_tags(business: Business, *, by, tags, new_tag: tuple[str, str] | None = None) -> bool:
    """Give ``business`` exactly ``tags`` (plus ``new_tag``, a (kind, name) created if it does not exist).
    The same set again: nothing changes, False."""
    wanted = {tag.pk: tag for tag in tags}
    created = False
    if new_tag:
        kind, name = new_tag
        tag, created = Tag.objects.get_or_create(kind=kind, name=name.strip())
        wanted[tag.pk] = tag
    current = {tag.pk: tag for tag in business.tags.all()}
    added = [wanted[pk] for pk in wanted.keys() - current.keys()]
    removed = [current[pk] for pk in current.keys() - wanted.keys()]
    if not added and not removed:
        return False
    business.tags.remove(*removed)
    business.tags.add(*added)
    log_activity(
        business,
        actor=by,
        action="businesses.tags_set",
        data={
            "added": sorted(tag.name for tag in added),
            "removed": sorted(tag.name for tag in removed),
            "created": created,
        },
    )
    return True
