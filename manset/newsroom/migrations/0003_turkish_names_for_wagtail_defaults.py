"""Wagtail's migrations make English rows an editor sees: the "Moderators approval"
workflow and task (the home page's "Submit to …" button) and the "Moderators" and
"Editors" groups. They get Turkish names; a name already taken is left alone."""

from django.db import migrations

RENAMES = {
    # (app_label, model): {English name: Turkish name}
    ("wagtailcore", "Workflow"): {"Moderators approval": "Denetçi onayı"},
    ("wagtailcore", "Task"): {"Moderators approval": "Denetçi onayı"},
    ("auth", "Group"): {"Moderators": "Denetçiler", "Editors": "Editörler"},
}


def _rename(apps, *, backwards: bool) -> None:
    for (app_label, model_name), names in RENAMES.items():
        model = apps.get_model(app_label, model_name)
        for english, turkish in names.items():
            old, new = (turkish, english) if backwards else (english, turkish)
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    _rename(apps, backwards=False)


def backwards(apps, schema_editor):
    _rename(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_article_comments_premoderated"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
