"""Predicates about a person's role. Every app asks these; the permissions that use them are
declared beside the models (`Meta.rules_permissions`). Each answers False for nobody: an
AnonymousUser or `None`."""

import rules


@rules.predicate
def is_secretariat(user):
    return rules.is_authenticated(user) and user.is_secretariat


@rules.predicate
def is_current_mag(user):
    return rules.is_authenticated(user) and user.is_current_mag
