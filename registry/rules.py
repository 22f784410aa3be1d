"""Predicates of the intersessional registry. The registry is public; only the secretariat keeps it
(adds and edits entries, records its checks) and sees who checked and their notes."""

from accounts.rules import is_secretariat

# Add and change entries; record a check; read the checks' notes and who made them.
keeps_registry = is_secretariat
