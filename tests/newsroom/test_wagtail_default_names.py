"""Wagtail's migration-made workflow, task and groups get Turkish names (newsroom 0003)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "manset.newsroom.migrations.0003_turkish_names_for_wagtail_defaults"
)


@pytest.fixture
def english_defaults():
    """The rows as Wagtail's own migrations leave them, before ours."""
    Workflow.objects.filter(name="Denetçi onayı").delete()
    GroupApprovalTask.objects.filter(name="Denetçi onayı").delete()
    Group.objects.filter(name__in=["Denetçiler", "Editörler"]).delete()
    Workflow.objects.create(name="Moderators approval")
    GroupApprovalTask.objects.create(name="Moderators approval")
    Group.objects.create(name="Moderators")
    Group.objects.create(name="Editors")


def test_the_moderators_workflow_task_and_groups_are_renamed_in_turkish(english_defaults):
    migration.forwards(apps, None)
    assert Workflow.objects.filter(name="Denetçi onayı").exists()
    assert GroupApprovalTask.objects.filter(name="Denetçi onayı").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Denetçiler", "Editörler"}
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_a_turkish_name_already_taken_is_left_alone(english_defaults):
    Group.objects.create(name="Denetçiler")
    migration.forwards(apps, None)
    assert Group.objects.filter(name="Moderators").exists()


def test_a_new_site_migrates_to_turkish_names():
    # pytest-django built this database with every migration, as a new site does.
    names = set(Workflow.objects.values_list("name", flat=True))
    assert "Moderators approval" not in names
