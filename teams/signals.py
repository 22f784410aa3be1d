"""Signals teams sends when someone joins or leaves a team, so that apps above it (schedule) act
on it without teams importing them. Both are sent inside the transaction of the change: a receiver
that fails undoes the join or the leave.

Keyword arguments: `team`, `user` (who joins or leaves), `actor` (who makes the change) and, for
`membership_started`, the new `membership`. A receiver may return a dict of what it did, counts
for the audit log; the service records them on the membership's audit row.
"""

from django.dispatch import Signal

membership_started = Signal()
membership_ended = Signal()
