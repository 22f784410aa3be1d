"""Read-ahead papers and written input on the agenda: a facilitator asks a member of the team for a
paper, its owner (or a facilitator) gives it as a link or a file; a member who cannot take the floor
writes what they would have said on an agenda item. Each write is one transaction with its audit row."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record
from teams.models import Membership

from ..enums import PaperStatus
from ..models import AgendaInput, Meeting, MeetingPaper
from ..models.papers import (
    DUE_DAYS_MAX,
    DUE_DAYS_MIN,
    INPUTS_PER_AUTHOR,
    INPUTS_PER_MEETING,
    PAPER_EXTENSIONS,
    PAPER_FILE_MAX_BYTES,
    PAPER_NAME_MAX,
    PAPERS_PER_MEETING,
)

_UNSAFE = re.compile(r"[^\w .()+,&'-]+")


def display_name(filename: str) -> str:
    """The name an uploaded file is shown (and downloaded) under: its last path part (no folder,
    whatever the slashes), without control characters or characters a file name or a header would
    misread, at most PAPER_NAME_MAX long with its extension kept; "paper" when nothing is left."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if dot and len(name) > PAPER_NAME_MAX:
        name = f"{stem[: PAPER_NAME_MAX - len(extension) - 1]}.{extension}"
    return name[:PAPER_NAME_MAX] or "paper"


def validate_upload(upload: UploadedFile) -> str:
    """The upload's extension if the file may be kept: one of PAPER_EXTENSIONS, at most
    PAPER_FILE_MAX_BYTES. Otherwise a ValidationError that says which rule it broke."""
    extension = PurePosixPath(upload.name.replace("\\", "/")).suffix.lower().lstrip(".")
    if extension not in PAPER_EXTENSIONS:
        raise ValidationError(
            _("A paper is a file of one of these kinds: %(kinds)s.")
            % {"kinds": ", ".join(f".{kind}" for kind in PAPER_EXTENSIONS)}
        )
    if upload.size > PAPER_FILE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB: a paper may be at most %(max)d MB. Share a link to it instead.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": PAPER_FILE_MAX_BYTES // 1024 // 1024}
        )
    return extension


def _open_meeting(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.end <= timezone.now():
        raise ValidationError(_("This meeting is over: its papers and written input are closed."))
    return meeting


@transaction.atomic
def paper_request(
    *, actor: User, meeting: Meeting, title: str, owner_id: int | None, due_days_before: int
) -> MeetingPaper:
    """Ask `owner_id` (a member of the meeting's team, or nobody yet) for a paper, due
    `due_days_before` days before the meeting."""
    meeting = _open_meeting(meeting)
    if (
        owner_id is not None
        and not Membership.objects.filter(team_id=meeting.team_id, user_id=owner_id).exists()
    ):
        raise ValidationError(_("A paper is asked of a member of the group."))
    if not DUE_DAYS_MIN <= due_days_before <= DUE_DAYS_MAX:
        raise ValidationError(
            _("Papers are due between %(min)d and %(max)d days before the meeting.")
            % {"min": DUE_DAYS_MIN, "max": DUE_DAYS_MAX}
        )
    if MeetingPaper.objects.filter(meeting=meeting).count() >= PAPERS_PER_MEETING:
        raise ValidationError(_("A meeting has at most %(n)d papers.") % {"n": PAPERS_PER_MEETING})
    paper = MeetingPaper(
        meeting=meeting,
        title=" ".join(title.split()),
        owner_id=owner_id,
        due_days_before=due_days_before,
        created_by=actor,
    )
    paper.full_clean()
    paper.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        target=meeting.title,
        part="paper requested",
        paper=paper.pk,
        owner=owner_id,
        days=due_days_before,
    )
    return paper


def paper_provide(*, actor: User, paper: MeetingPaper, link: str = "", upload: UploadedFile | None = None):
    """Give the paper as a link or as an uploaded file (exactly one), in place of what it had. The
    file is stored under a random name; the name it came with is kept, cleaned, for display. A file
    stored for a change that then fails is removed; a file replaced is removed once the change is in."""
    if bool(link) == (upload is not None):
        raise ValidationError(_("Give the paper as a link or as a file: one of the two."))
    if upload is not None:
        validate_upload(upload)
    stored = []
    try:
        with transaction.atomic():
            paper, replaced = _provide(actor=actor, paper=paper, link=link, upload=upload, stored=stored)
    except BaseException:
        for name in stored:
            MeetingPaper.file.field.storage.delete(name)
        raise
    if replaced:
        MeetingPaper.file.field.storage.delete(replaced)
    return paper


def _provide(*, actor, paper, link, upload, stored):
    paper = MeetingPaper.objects.select_for_update().get(pk=paper.pk)
    meeting = _open_meeting(paper.meeting)
    replaced = paper.file.name or ""
    paper.meeting = meeting
    paper.link = link
    paper.file = ""
    paper.original_name = ""
    paper.size = 0
    if upload is not None:
        paper.original_name = display_name(upload.name)
        paper.size = upload.size
        paper.file.save(upload.name, upload, save=False)
        stored.append(paper.file.name)
    paper.status = PaperStatus.PROVIDED
    paper.provided_at = timezone.now()
    paper.provided_by = actor
    paper.full_clean()
    paper.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        subject=paper.owner,
        target=meeting.title,
        part="paper provided",
        paper=paper.pk,
        form="file" if upload is not None else "link",
    )
    return paper, replaced


@transaction.atomic
def paper_withdraw(*, actor: User, paper: MeetingPaper) -> None:
    """Take a paper off the meeting (asked for by mistake, or no longer wanted), with its file: the
    file leaves the disk once the deletion is in (receivers.paper_file_removed)."""
    paper = MeetingPaper.objects.select_for_update().select_related("meeting").get(pk=paper.pk)
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        subject=paper.owner,
        target=paper.meeting.title,
        part="paper withdrawn",
        paper=paper.pk,
        title=paper.title,
    )
    paper.delete()


@transaction.atomic
def input_add(*, actor: User, meeting: Meeting, item: str, text: str) -> AgendaInput:
    """Written input on one agenda item ("" for the meeting in general), before or during the
    meeting: at most INPUTS_PER_AUTHOR per person and INPUTS_PER_MEETING in all."""
    meeting = _open_meeting(meeting)
    if item and item not in meeting.agenda_items():
        raise ValidationError(_("Choose an item of the agenda, or the meeting in general."))
    mine = AgendaInput.objects.filter(meeting=meeting, author=actor).count()
    if mine >= INPUTS_PER_AUTHOR:
        raise ValidationError(
            _("You have given %(n)d pieces of input on this meeting: that is the most one person may.")
            % {"n": INPUTS_PER_AUTHOR}
        )
    if AgendaInput.objects.filter(meeting=meeting).count() >= INPUTS_PER_MEETING:
        raise ValidationError(_("This meeting has all the written input it can hold."))
    entry = AgendaInput(meeting=meeting, author=actor, item=item, text=text.strip())
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CHANGED,
        target=meeting.title,
        part="agenda input",
        input=entry.pk,
    )
    return entry
