"""Before the call: the read-ahead papers a meeting's facilitators ask of someone (a link or an
uploaded file, due some days before it), and the written input members give on its agenda items
when they cannot take the floor (bad audio, a phone line, little bandwidth)."""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import MaxCharsValidator
from teams.rules import is_secretariat

from ..enums import PaperStatus
from ..rules import leads_team_of_meeting, owns_paper
from .meetings import AGENDA_ITEM_MAX

PAPER_TITLE_MAX = 200
PAPER_NAME_MAX = 200
PAPERS_PER_MEETING = 100
# Papers are due this many days before the meeting: 1 to 30, 3 unless the facilitator says.
DUE_DAYS_MIN, DUE_DAYS_MAX, DUE_DAYS_DEFAULT = 1, 30, 3
PAPER_FILE_MAX_BYTES = 10 * 1024 * 1024
PAPER_EXTENSIONS = ("pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "txt", "md")

# Written input is for the few who cannot take the floor: a meeting holds at most 20 pieces, five
# a person, so that the chair's meeting page stays light (20 x 2,000 characters at most, about
# 50 KB with the rest of the page).
INPUT_TEXT_MAX = 2_000
INPUTS_PER_AUTHOR = 5
INPUTS_PER_MEETING = 20


def paper_file_path(paper: "MeetingPaper", filename: str) -> str:
    """A random name under papers/, with the file's (allowed, lower-case) extension: never the
    name the uploader gave, which is kept apart for display."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    extension = f".{suffix}" if suffix in PAPER_EXTENSIONS else ""
    return f"papers/{uuid.uuid4().hex}{extension}"


class MeetingPaper(RulesModel):
    """A paper the meeting's facilitators asked one member of the team to provide, due
    `due_days_before` days before the meeting: requested until its owner (or a facilitator) gives
    it as a link or as a file, exactly one of them."""

    meeting = models.ForeignKey("schedule.Meeting", on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("title"), max_length=PAPER_TITLE_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    # Due this many days before the meeting: `due_at` follows the meeting when it moves.
    due_days_before = models.PositiveSmallIntegerField(_("due (days before)"), default=DUE_DAYS_DEFAULT)
    status = models.CharField(max_length=10, choices=PaperStatus.choices, default=PaperStatus.REQUESTED)
    link = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), blank=True, upload_to=paper_file_path, max_length=100)
    original_name = models.CharField(max_length=PAPER_NAME_MAX, blank=True)
    size = models.PositiveIntegerField(default=0)
    provided_at = models.DateTimeField(null=True, blank=True)
    provided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_days_before", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PaperStatus.REQUESTED, link="", file="")
                | Q(status=PaperStatus.PROVIDED, link="", file__gt="")
                | Q(status=PaperStatus.PROVIDED, link__gt="", file=""),
                name="meeting_paper_link_or_file",
            ),
            models.CheckConstraint(
                condition=Q(due_days_before__gte=DUE_DAYS_MIN, due_days_before__lte=DUE_DAYS_MAX),
                name="meeting_paper_due_days",
            ),
        ]
        rules_permissions = {
            # Giving the paper (a link or a file): its owner, the meeting's facilitators, the
            # secretariat.
            "provide": is_secretariat | leads_team_of_meeting | owns_paper,
        }

    def __str__(self):
        return self.title

    @property
    def due_at(self):
        return self.meeting.start - timedelta(days=self.due_days_before)

    @property
    def is_provided(self) -> bool:
        return self.status == PaperStatus.PROVIDED


class AgendaInput(models.Model):
    """What one member would have said on one agenda item ("" for the meeting in general), for
    the chair to read out: seen by the meeting's facilitators, the secretariat and its author."""

    meeting = models.ForeignKey("schedule.Meeting", on_delete=models.CASCADE, related_name="agenda_input")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(_("agenda item"), max_length=AGENDA_ITEM_MAX, blank=True)
    text = models.TextField(_("input"), validators=[MaxCharsValidator(INPUT_TEXT_MAX)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["meeting", "author"], name="agenda_input_author_idx")]

    def __str__(self):
        return self.text[:60]
