"""Checks on uploaded files, shared by every app that takes attachments (meeting documents, enquiries)."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension → (MIME type, how the content must start). Office files are ZIP packages, checked below.
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK\x03\x04"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", b"PK\x03\x04"),
}


def check_document(upload, *, max_size: int) -> str:
    """The MIME type of an uploaded file, checked by its content, not its name. Raises ValidationError."""
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached. Use PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG."),
            code="file_type",
        )
    if upload.size > max_size:
        raise ValidationError(_("The file is larger than %(size)s.") % {"size": filesizeformat(max_size)}, code="file_size")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    mime_type, magic = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic or (magic.startswith(b"PK") and not _is_office_package(upload, extension)):
        message = _("The file's content does not match its type (%(ext)s).") % {"ext": extension}
        raise ValidationError(message, code="file_content")
    return mime_type


def _is_office_package(upload, extension: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names if extension in (".docx", ".xlsx", ".pptx") else "mimetype" in names
