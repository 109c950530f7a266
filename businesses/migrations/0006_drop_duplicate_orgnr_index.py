"""Drop businesses_business_orgnr_prefix (from 0003): it repeats the varchar_pattern_ops index that
Django already makes for the unique orgnr column (``…_orgnr_…_like``), which serves prefix searches.
Every index is one more to build on a national import."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS businesses_business_orgnr_prefix")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS businesses_business_orgnr_prefix ON businesses_business (orgnr varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("businesses", "0005_sort_indexes")]
    operations = [migrations.RunPython(forward, backward)]
