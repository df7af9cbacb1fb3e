"""Text out of an uploaded CV (PDF or Word), read in memory and never stored."""

import io
import zipfile

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_CHARACTERS = 20_000


class CVReadError(ValueError):
    """A file whose text cannot be read; the message says what the learner can do."""


def cv_text(upload: UploadedFile) -> str:
    """The text of a PDF or DOCX file of at most 2 MB, judged by its bytes, not its name."""
    if upload.size > MAX_BYTES:
        raise CVReadError(_("The file is larger than 2 MB. Paste the text instead."))
    data = upload.read()
    try:
        if data.startswith(b"%PDF"):
            text = _pdf_text(data)
        elif data.startswith(b"PK\x03\x04"):
            text = _docx_text(data)
        else:
            raise CVReadError(_("Upload a PDF or a Word (.docx) file, or paste the text."))
    except CVReadError:
        raise
    except Exception as exc:  # a damaged file can fail inside either library in many ways
        raise CVReadError(
            _("This file could not be read. Paste the text of your CV instead.")
        ) from exc
    if not text.strip():
        raise CVReadError(
            _("No text was found in this file (a scanned CV is a picture). Paste the text.")
        )
    return text[:MAX_CHARACTERS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages[:10])


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CVReadError(_("Upload a PDF or a Word (.docx) file, or paste the text.")) from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
