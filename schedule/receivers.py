"""What schedule does when someone joins or leaves a team (teams/signals.py), connected in
ScheduleConfig.ready(). Each returns counts that teams records on the membership's audit row.
And when someone closes their account (accounts/signals.py)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.signals import account_closing
from schedule.models import MeetingPaper
from schedule.services.forgetting import schedule_forget_closed_account
from schedule.services.meetings import meeting_attendance_join, meeting_attendance_withdraw
from schedule.services.polls import poll_invitations_join, poll_invitations_withdraw
from teams.signals import membership_ended, membership_started


@receiver(membership_started, dispatch_uid="schedule.invite_to_team_polls_and_meetings")
def invite_to_team_polls_and_meetings(sender, membership, team, user, **kwargs) -> dict:
    polls = poll_invitations_join(user=user, team=team, membership=membership)
    meetings = meeting_attendance_join(user=user, team=team)
    return {"polls_invited": polls, "meeting_invitations": len(meetings)}


@receiver(membership_ended, dispatch_uid="schedule.withdraw_from_team_polls_and_meetings")
def withdraw_from_team_polls_and_meetings(sender, team, user, **kwargs) -> dict:
    polls = poll_invitations_withdraw(user=user, team=team)
    meetings = meeting_attendance_withdraw(user=user, team=team)
    return {"polls_withdrawn": polls, "calendar_cancellations": len(meetings)}


@receiver(post_delete, sender=MeetingPaper, dispatch_uid="schedule.paper_file_removed")
def paper_file_removed(sender, instance, **kwargs) -> None:
    """A deleted paper's file (with its meeting, say) leaves the disk once the deletion is in."""
    if instance.file.name:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


# --- Closing an account (issue 17) ---


@receiver(account_closing, dispatch_uid="schedule.forget_closed_account")
def forget_closed_account(sender, user, **kwargs) -> dict:
    return schedule_forget_closed_account(user=user)


# --- end of closing an account ---
