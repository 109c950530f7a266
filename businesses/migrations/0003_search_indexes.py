"""Search indexes on PostgreSQL: Norwegian full text over name, address and place, trigrams on the folded name.

They are PostgreSQL-only (GIN, pg_trgm), so this migration does nothing on SQLite, where search
falls back to substring matching. The full-text expression must stay the one that
``businesses.queries.search_businesses`` builds with SearchVector, or PostgreSQL will not use it.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS businesses_business_fulltext ON businesses_business USING gin (
        to_tsvector('norwegian'::regconfig, COALESCE(name, '') || ' ' || COALESCE(address, '') || ' ' || COALESCE(postal_place, ''))
    )""",
    "CREATE INDEX IF NOT EXISTS businesses_business_name_trgm ON businesses_business USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS businesses_business_orgnr_prefix ON businesses_business (orgnr varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS businesses_business_municipality_name ON businesses_business (municipality_id, name)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS businesses_business_fulltext",
    "DROP INDEX IF EXISTS businesses_business_name_trgm",
    "DROP INDEX IF EXISTS businesses_business_orgnr_prefix",
    "DROP INDEX IF EXISTS businesses_business_municipality_name",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("businesses", "0002_initial")]

    operations = [migrations.RunPython(forward, backward)]
