"""The fixed vocabularies of people: roles, stakeholder groups, UN regional groups, gender."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNITY = "community", _("Community member")
    PAST_MAG = "past_mag", _("Past MAG member")
    MAG = "mag", _("Current MAG member")
    SECRETARIAT = "secretariat", _("Secretariat")


# The roles a person may claim for themselves; the secretariat confirms the claim.
CLAIMABLE_ROLES = (Role.PAST_MAG, Role.MAG)


class StakeholderGroup(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    TECHNICAL = "technical", _("Technical community")
    IGO = "igo", _("Intergovernmental organisation")


class UNRegion(models.TextChoices):
    AFRICAN = "african", _("African Group")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific Group")
    EASTERN_EUROPEAN = "eastern_european", _("Eastern European Group")
    GRULAC = "grulac", _("Latin American and Caribbean Group")
    WEOG = "weog", _("Western European and Others Group")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "other", _("Another gender")
    UNDISCLOSED = "", _("Prefer not to say")


class AuditAction(models.TextChoices):
    ROLE_CLAIMED = "role_claimed", _("Role claimed")
    ROLE_CONFIRMED = "role_confirmed", _("Role confirmed")
    ROLE_DECLINED = "role_declined", _("Role claim declined")
    ROLE_CHANGED = "role_changed", _("Role changed")
    PROFILE_UPDATED = "profile_updated", _("Profile updated")
    ROSTER_IMPORTED = "roster_imported", _("MAG roster imported")
    MEMBERSHIP_JOINED = "membership_joined", _("Joined a team")
    MEMBERSHIP_CHANGED = "membership_changed", _("Changed capacity in a team")
    MEMBERSHIP_LEFT = "membership_left", _("Left a team")
    FACILITATOR_VOLUNTEERED = "facilitator_volunteered", _("Volunteered as facilitator")
    FACILITATOR_CONFIRMED = "facilitator_confirmed", _("Facilitator confirmed")
    FACILITATOR_DECLINED = "facilitator_declined", _("Facilitator declined")
    FACILITATOR_WITHDRAWN = "facilitator_withdrawn", _("Facilitator volunteering withdrawn")
    FACILITATOR_HANDED_OVER = "facilitator_handed_over", _("Facilitator role handed over")
    MILESTONE_CREATED = "milestone_created", _("Milestone created")
    MILESTONE_UPDATED = "milestone_updated", _("Milestone changed")
    MILESTONE_PUBLISHED = "milestone_published", _("Milestone published")
    DELIVERABLE_UPDATED = "deliverable_updated", _("Deliverable updated")
    DELIVERABLE_ACCEPTED = "deliverable_accepted", _("Deliverable accepted")
    ANNOUNCEMENT_SENT = "announcement_sent", _("Announcement sent")
    OUTBOX_RETRIED = "outbox_retried", _("Failed emails retried")
    POLL_CREATED = "poll_created", _("Availability poll created")
    POLL_GUEST_REVOKED = "poll_guest_revoked", _("Poll guest's link withdrawn")
    POLL_CHANGED = "poll_changed", _("Availability poll changed")
    MEETING_SCHEDULED = "meeting_scheduled", _("Meeting scheduled")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    REGISTRY_ENTRY_CREATED = "registry_entry_created", _("Registry entry added")
    REGISTRY_ENTRY_CHANGED = "registry_entry_changed", _("Registry entry changed")
    REGISTRY_CHECK_RECORDED = "registry_check_recorded", _("Registry check recorded")
    MEETING_ANSWERED = "meeting_answered", _("Meeting invitation answered")
    ATTENDANCE_MARKED = "attendance_marked", _("Meeting attendance marked")
    QUORUM_RULE_SET = "quorum_rule_set", _("Group's quorum rule set")
    GROUP_CREATED = "group_created", _("Group created")
    OUTSIDE_CALENDAR_ADDED = "outside_calendar_added", _("Outside calendar added")
    OUTSIDE_CALENDAR_FETCHED = "outside_calendar_fetched", _("Outside calendar fetched")
    OUTSIDE_CALENDAR_DELETED = "outside_calendar_deleted", _("Outside calendar deleted")
    OUTSIDE_CALENDAR_SWITCHED = "outside_calendar_switched", _("Outside calendar put in or out of use")
    PROGRAMME_SESSION_ADDED = "programme_session_added", _("Programme session added")
    PROGRAMME_SESSION_CHANGED = "programme_session_changed", _("Programme session changed")
    PROGRAMME_SESSION_CANCELLED = "programme_session_cancelled", _("Programme session cancelled")
    PROGRAMME_SESSION_RESTORED = "programme_session_restored", _("Programme session restored")
    PROGRAMME_RESOURCE_ADDED = "programme_resource_added", _("Room or channel added")
    PROGRAMME_RESOURCE_CHANGED = "programme_resource_changed", _("Room or channel changed")
    PROGRAMME_RESOURCE_BOOKED = "programme_resource_booked", _("Room or channel booked")
    PROGRAMME_RESOURCE_RELEASED = "programme_resource_released", _("Room or channel booking given up")
    PROGRAMME_RELEASED = "programme_released", _("Programme version released")
    CYCLE_DRAFTED = "cycle_drafted", _("Next year drafted")
    CYCLE_SWITCHED = "cycle_switched", _("Current year switched")
    PROGRAMME_APPROVED = "programme_approved", _("Programme version marked approved by the MAG")
    # Closing an account (issue 17): the row keeps no personal data, only that an account was closed.
    ACCOUNT_CLOSED = "account_closed", _("Account closed")
    GUEST_FORGOTTEN = "guest_forgotten", _("Guest's details forgotten at their request")
