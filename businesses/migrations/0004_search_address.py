from django.db import migrations, models


def trigram_index(apps, schema_editor):
    # PostgreSQL only, like 0003: substring matches on the folded address use this index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS businesses_business_address_trgm ON businesses_business USING gin (search_address gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS businesses_business_address_trgm")


class Migration(migrations.Migration):
    dependencies = [("businesses", "0003_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="business",
            name="search_address",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name="establishment",
            name="search_address",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
