import rules

from teams.rules import is_secretariat

rules.add_perm("accounts.review_role_claims", is_secretariat)
rules.add_perm("accounts.import_mag_roster", is_secretariat)
rules.add_perm("accounts.view_audit_log", is_secretariat)
