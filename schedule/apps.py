from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    # Milestones, availability polls and meetings arrive here with the next issues.
    name = "schedule"
    verbose_name = "Schedule"
