"""API tokens move from DRF's table, which kept them in clear, to knox's, which keeps their
SHA-512 digests with an expiry. Each existing token keeps working (its digest is computed here)
until API_TOKEN_DAYS from now; the old table is then dropped, so no token is left in clear."""

import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
# knox looks a token up by its first characters (knox.settings.CONSTANTS.TOKEN_KEY_LENGTH).
KEY_LENGTH = 15


def move_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    auth_token = apps.get_model("knox", "AuthToken")
    expiry = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {OLD_TABLE}")  # noqa: S608 (a constant)
        rows = cursor.fetchall()
    auth_token.objects.bulk_create(
        auth_token(
            digest=hashlib.sha512(key.encode()).hexdigest(),
            token_key=key[:KEY_LENGTH],
            user_id=user_id,
            expiry=expiry,
        )
        for key, user_id in rows
    )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("knox", "0009_extend_authtoken_field"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(move_tokens, migrations.RunPython.noop)]
