import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.factories import SecretariatFactory
from tests.support.two_factor import SECRET


@pytest.fixture
def staff(cycle):
    """A secretariat member whose authenticator app has the known SECRET."""
    user = SecretariatFactory(email="staff@example.org", totp=False)
    TOTP.activate(user, SECRET)
    return user
