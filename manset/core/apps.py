from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "manset.core"
    label = "core"
    verbose_name = "Manşet"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django_tasks.signals import task_finished

        from manset.core import scheduler
        from manset.core.logins import login_attempts_expire_job, remember_login
        from manset.core.metrics import count_task
        from manset.core.taskqueue import tasks_prune_job, tasks_requeue_abandoned_job

        task_finished.connect(count_task, dispatch_uid="manset-metrics-tasks")
        user_logged_in.connect(remember_login, dispatch_uid="manset-trusted-browser")
        if login_attempts_expire_job not in scheduler.JOBS:
            scheduler.JOBS.append(login_attempts_expire_job)
        for job in (tasks_requeue_abandoned_job, tasks_prune_job):
            if job not in scheduler.JOBS:
                scheduler.JOBS.append(job)
