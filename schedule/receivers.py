"""What schedule does when someone joins or leaves a team (teams/signals.py), connected in
ScheduleConfig.ready(). Each returns counts that teams records on the membership's audit row."""

from django.dispatch import receiver

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
