"""Reading an image-only application (a phone photo, a scan) by OCR in the upload worker (issue 10).

The text pass takes milliseconds and finds no text layer: the case opens at
once in `received` with the flag `reading` (in the upload step for a presigned
upload, whose page polls `GET /uploads/{upload_id}`; in `POST /applications` for a
direct one, which hands the file to this worker), so the party sees the case and
that it is being read. The same
worker then recognises the pages (seconds a page; the OCR function is a
container image, see infra/README.md), fills the case from what it read, queues
it as any application (the applicant confirms the phone read from the file: the
SMS code tells the party the application was read). The case keeps the flag
`scanned_application` it opened with (every value read so is marked `ocr` in the
extraction: a person confirms them). A file OCR cannot read as an application keeps its case
with the flag `unreadable_scan`: the organization reads it itself.

A redelivered message finds the case still `reading` and reads it again; one
already read is only resent.
"""
from __future__ import annotations

from chalicelib.domain.case import READING, UNREADABLE_SCAN, Case
from chalicelib.errors import SutiaoError
from chalicelib.observability import logger
from chalicelib.services import party_access
from chalicelib.services.case_input import case_fields, merge_extracted
from chalicelib.services.dependencies import Deps
from chalicelib.services.intake import check_application
from chalicelib.services.unit_of_work import commit


def read_case(deps: Deps, case: Case, data: bytes) -> None:
    """OCR the case's application and fill the case, or flag it for a person; one commit either way."""
    extraction = deps.read_images(data)
    try:
        fields = case_fields(merge_extracted({}, check_application(extraction)))
    except SutiaoError as err:
        logger().warning("image-only upload not read as an application", extra={"case_id": case.case_id,
                                                                                "code": err.code})
        case.unflag(READING)
        case.flag(UNREADABLE_SCAN)
        commit(deps, case, must_send=True)
        return
    case.record_reading(fields, deps.clock())
    if extraction.get("issues"):
        case.note_extraction_issues(extraction["issues"])
    case.request_assignment(deps.clock())
    commit(deps, case, must_send=True)
    party_access.verification_for(deps, case)
