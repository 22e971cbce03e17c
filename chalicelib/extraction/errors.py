"""Stable error codes of a rejected file (CONTRACT section 2, `error.code`)."""
from __future__ import annotations

NOT_PDF = "not_pdf"
EMPTY = "empty"
ENCRYPTED = "encrypted"
CORRUPT = "corrupt"
TOO_LARGE = "too_large"
TOO_MANY_PAGES = "too_many_pages"
TOO_COMPLEX = "too_complex"  # decompression bomb or pathological content stream
TIMEOUT = "timeout"
OUT_OF_MEMORY = "out_of_memory"

UNREADABLE = "unreadable"  # extract_file only: the path cannot be read (missing, a directory, no permission)

ERROR_CODES = (
    NOT_PDF, EMPTY, ENCRYPTED, CORRUPT, TOO_LARGE, TOO_MANY_PAGES, TOO_COMPLEX, TIMEOUT, OUT_OF_MEMORY,
)

_MESSAGES = {
    NOT_PDF: "The file is not a PDF. 文件不是PDF。",
    EMPTY: "The file is empty. 文件为空。",
    ENCRYPTED: "The PDF is password-protected. PDF已加密，无法读取。",
    CORRUPT: "The PDF is damaged or truncated. PDF文件已损坏或不完整。",
    TOO_LARGE: "The file exceeds the size limit. 文件超过大小限制。",
    TOO_MANY_PAGES: "The PDF has more pages than allowed. PDF页数超过限制。",
    TOO_COMPLEX: "The PDF content is too complex to read safely. PDF内容过于复杂，无法安全读取。",
    TIMEOUT: "Reading the PDF took too long. 读取PDF超时。",
    OUT_OF_MEMORY: "Reading the PDF needed too much memory. 读取PDF所需内存超过限制。",
    UNREADABLE: "The file cannot be read. 无法读取文件。",
}


class ExtractionError(Exception):
    """A file the engine refuses to read; `code` is one of ERROR_CODES."""

    def __init__(self, code: str, detail: str | None = None):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)

    def as_dict(self) -> dict:
        message = _MESSAGES[self.code]
        if self.detail:
            message = f"{message} ({self.detail})"
        return {"code": self.code, "message": message}
