from celery import shared_task

from .decisions import conditions_sweep


@shared_task
def sweep_review_conditions() -> int:
    """Every few minutes (beat): the one reminder of each open condition, and its lapse at the deadline."""
    return conditions_sweep()
