"""Who may do what with the programme. The secretariat builds, releases and exports it and keeps
the resources; everyone, signed in or not, reads what was released; a signed-in person keeps their
own choice of sessions."""

import rules

from accounts.rules import is_secretariat  # noqa: F401 - the predicates below build on it

may_keep_own_schedule = rules.is_authenticated
