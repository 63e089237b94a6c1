"""Background work of the people database: supporter CSV imports."""

from django.tasks import task

from .imports import run_import
from .models import ImportJob


@task()
def run_supporter_import(job_pk):
    """Run a queued ImportJob; a second run of the same job does nothing."""
    job = ImportJob.objects.filter(pk=job_pk).first()
    if job is not None:
        run_import(job)
