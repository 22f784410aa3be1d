"""Signals accounts sends when a person's role changes, so that apps above it (teams) act on a role
change without accounts importing them. Both are sent inside the transaction of the change.

Keyword arguments of both: `user` (the person), `previous` and `role` (the role before and after),
`actor` (who changes it; None for the system).
"""

from django.dispatch import Signal

# Before the new role is saved. A receiver refuses the change by raising ValidationError with a
# message for the person who made it; nothing of the change is then saved.
role_changing = Signal()

# After the new role is saved, for what follows from it (a membership's capacity).
role_changed = Signal()

# --- A person's data, for them to take away (issue 17, point 5) -------------------------------------
# Sent by accounts.personal_data.personal_data_of; each app above accounts answers with the list of
# `accounts.personal_data.Section`s it holds about the person, read in a fixed number of queries.
# Keyword arguments: `user`, and `own_addresses` (the person's addresses, lower case).
personal_data_requested = Signal()

# --- Closing an account (issue 17) ---
# Sent by accounts.closing.account_close inside its transaction, before the person's row is made
# anonymous: `user` still holds the name and address, so that receivers can find what carries them
# (a panel's address, a queued email). Each receiver removes or ends what its app keeps of the
# person; a receiver that raises undoes the whole closing.
account_closing = Signal()
