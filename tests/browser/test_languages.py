"""The six languages in a real browser: the language menu, Arabic right to left with axe-core on the
main pages (screenshots kept), and Chinese and Russian drawn with real glyphs, not boxes."""

import pytest
from django.utils import translation

from accounts.models import User
from igfmag.demo import load_demo_data
from schedule.models import AvailabilityPoll, Meeting
from teams.models import IssueTeam
from tests.browser.conftest import assert_accessible, secretariat_signs_in, signs_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each character of the element's text drawn alone on a canvas in the element's own font, compared
# with a character no font has (a private-use code point, drawn as the font's "missing glyph"
# box): the characters drawn the same as that box, or not drawn at all, are the ones the machine
# has no font for.
MISSING_GLYPHS = """(selector) => {
  const element = document.querySelector(selector);
  const family = getComputedStyle(element).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = `32px ${family}`;
    context.fillText(character, 4, 36);
    return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
  };
  const box = draw('\\u{10FFFD}');
  const blank = draw(' ');
  const characters = [...element.textContent.replace(/\\s+/g, '')];
  return {text: element.textContent.trim(),
          missing: characters.filter(c => [box, blank].includes(draw(c)))};
}"""


def _choose_language(page, language_name):
    """The menu at the foot of every page, as a person uses it."""
    page.locator("#language-select").select_option(label=language_name)
    page.locator(".site-footer button[type=submit]").click()
    page.wait_for_load_state()


def test_a_member_switches_to_arabic_and_the_main_pages_read_right_to_left(now, live_server, new_page):
    load_demo_data()
    page = new_page(timezone_id="Africa/Cairo")
    signs_in(page, live_server.url, "amina@example.org", password="igf-demo-2021")
    page.wait_for_url(f"{live_server.url}/dashboard/")

    _choose_language(page, "العربيّة")

    # The choice is the profile's too: her emails come in Arabic from now on.
    assert User.objects.get(email="amina@example.org").language == "ar"
    with translation.override("ar"):
        dashboard, teams = translation.gettext("Dashboard"), translation.gettext("Groups")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("link", name=dashboard).is_visible()

    team = IssueTeam.objects.select_related("cycle", "area").order_by("area__name").first()
    for path in [
        "/dashboard/",
        "/",
        "/teams/",
        team.get_absolute_url(),
        "/milestones/",
        f"/polls/{AvailabilityPoll.objects.filter(status='open').first().pk}/",
        f"/meetings/{Meeting.objects.get(title='First call').pk}/",
        "/announcements/",
        "/profile/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert page.get_by_role("link", name=teams).first.is_visible(), path
        assert_accessible(page, "arabic-member" + path.replace("/", "_"))
        if path.startswith("/meetings/"):
            # Cairo is not UTC: the UTC beside each time is there, and reads left to right.
            assert page.locator(".utc").first.evaluate("e => getComputedStyle(e).direction") == "ltr"


def test_the_secretariat_pages_pass_axe_in_arabic(now, live_server, new_page):
    load_demo_data()
    page = new_page(timezone_id="Asia/Riyadh")
    secretariat_signs_in(page, live_server.url, "secretariat@example.org", password="igf-demo-2021")
    _choose_language(page, "العربيّة")
    for path in [
        "/milestones/matrix/",
        "/secretariat/outbox/",
        "/secretariat/audit-log/",
        "/milestones/new/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert_accessible(page, "arabic-secretariat" + path.replace("/", "_"))


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "简体中文"), ("ru", "Русский")])
def test_chinese_and_russian_are_drawn_with_real_glyphs(now, live_server, new_page, language, name):
    load_demo_data()
    page = new_page()
    page.goto(live_server.url + "/")
    _choose_language(page, name)
    assert page.locator("html").get_attribute("lang") == language

    with translation.override(language):
        expected = translation.gettext("Groups")
    for selector in ["nav a[href='/teams/']", "h1"]:
        drawn = page.evaluate(MISSING_GLYPHS, selector)
        assert drawn["missing"] == [], f"{language}: no font for {drawn['missing']} in {drawn['text']!r}"
    assert page.locator("nav a[href='/teams/']").inner_text() == expected
