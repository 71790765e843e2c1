"""Moderation per desk: a reporter's draft goes live when the desk's editor approves it.

Each desk gets a Wagtail workflow "<Desk> onayı" with one group-approval task
("<Desk> editör onayı") that the desk's Editör group and Yazı İşleri may
approve; approving the last (only) task publishes the page. The workflow is
assigned to the desk page, so it covers every article under it.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "{desk} onayı"
TASK_NAME = "{desk} editör onayı"


@transaction.atomic
def desk_workflow_ensure(*, desk, approvers: list[Group]) -> Workflow:
    """The desk's approval workflow, its task and its assignment, created when missing.

    Approver groups are added to the task, never removed; a desk already given
    another workflow in the admin keeps it.
    """
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME.format(desk=desk.title)).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME.format(desk=desk.title))
    task_name = TASK_NAME.format(desk=desk.title)
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(*approvers)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )
    if not WorkflowPage.objects.filter(page_id=desk.pk).exists():
        WorkflowPage.objects.create(page_id=desk.pk, workflow=workflow)
    return workflow
