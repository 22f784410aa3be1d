import rules

from teams.rules import is_secretariat, is_team_facilitator


@rules.predicate
def facilitates_deliverable_team(user, deliverable):
    return deliverable is not None and is_team_facilitator(user, deliverable.team)


rules.add_perm("schedule.view_timeline", rules.is_authenticated)
rules.add_perm("schedule.manage_milestones", is_secretariat)
rules.add_perm("schedule.view_matrix", is_secretariat)
rules.add_perm("schedule.view_deliverable", rules.is_authenticated)
rules.add_perm("schedule.update_deliverable", is_secretariat | facilitates_deliverable_team)
rules.add_perm("schedule.accept_deliverable", is_secretariat)
rules.add_perm("schedule.use_private_feed", rules.is_authenticated)
