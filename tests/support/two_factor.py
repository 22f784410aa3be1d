"""A secretariat account's authenticator app in tests: its secret, and the code it shows now."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# The password every factory-made account has (tests/factories.py).
PASSWORD = "correct-horse-battery"


def totp_now(secret=SECRET):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
