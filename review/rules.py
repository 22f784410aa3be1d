"""Who may do what in the review of workshop proposals. The secretariat runs the round (criteria,
entries, reviewers, the overview); current MAG members review what they are assigned; everyone
reads the published criteria."""

import rules

from accounts.rules import is_current_mag, is_secretariat


@rules.predicate
def is_assigned_reviewer(user, assignment):
    if not rules.is_authenticated(user) or assignment is None:
        return False
    return assignment.reviewer_id == user.pk and is_current_mag(user)


reviews_or_runs = is_current_mag | is_secretariat
