"""The two roles: Editors correct quotes, claims, speakers and entities and rate claims; Viewers browse.

A frozen copy of ``claims.roles.GROUP_PERMISSIONS`` as it was when this migration was written;
``roles_ensure()`` brings an existing database up to the current list.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITING = ["quote", "claim", "speaker", "speakeralias", "entity", "entityalias"]
GROUPS = {
    "Editors": [
        *[f"claims.{verb}_{model}" for model in EDITING for verb in ("view", "add", "change")],
        "claims.delete_speakeralias",
        "claims.delete_entityalias",
        "claims.view_tension",
        "claims.change_tension",
        "claims.rate_claim",
        "articles.view_article",
        "articles.change_article",
        "articles.view_outlet",
    ],
    "Viewers": [
        *[f"claims.view_{model}" for model in [*EDITING, "tension"]],
        "articles.view_article",
        "articles.view_outlet",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [code.split(".") for code in codes]
        perms = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_unaccent_extension_for_search"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
