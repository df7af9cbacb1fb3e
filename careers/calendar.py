"""The week-by-week plan as an iCalendar file (RFC 5545), one all-day event per step."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careers.learning_path import LearningPathView


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def calendar_for_path(*, view: LearningPathView, host: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    today = timezone.localdate()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Raasta//Learning path//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _escape(_("Raasta: path to %(role)s") % {"role": view.role_name}),
    ]
    for item in view.steps:
        if not item.in_plan:
            continue  # a degree program: years long, not in the weekly plan
        start = today + timedelta(weeks=item.start_week - 1)
        end = today + timedelta(weeks=item.end_week)
        weeks = item.end_week - item.start_week + 1
        length = (
            _("estimated length")
            if item.estimated
            else ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
        )
        description = "\n".join(
            [f"{item.skill_name}: {item.offering.local_title} ({length})", *item.step.reasons]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{view.profile.pk}-{item.step.skill}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(f'{item.skill_name}: {item.offering.local_title}')}",
            f"DESCRIPTION:{_escape(description)}",
        ]
        if item.offering.url:
            lines.append(f"URL:{item.offering.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
