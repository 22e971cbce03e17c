"""Documents in S3: uploaded PDFs and rendered HTML, under `cases/<case_id>/`."""
from __future__ import annotations

from urllib.parse import quote

from chalicelib import aws
from chalicelib.settings import get_settings

PRESIGNED_SECONDS = 900
# The longest a SigV4 link may live. Signed with a Lambda role's temporary credentials it stops working
# when they expire (hours), whichever comes first: the SHA-256 beside it lets a court check any copy.
LONGEST_LINK_SECONDS = 7 * 24 * 3600


class DocumentStore:
    def __init__(self, s3=None):
        self._s3 = s3

    @property
    def s3(self):
        return self._s3 or aws.client("s3")

    @property
    def bucket(self) -> str:
        return get_settings().documents_bucket

    def put(self, key: str, data: bytes, content_type: str) -> str:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type,
                           ServerSideEncryption="AES256")
        return key

    def get(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def copy(self, source: str, target: str) -> str:
        self.s3.copy_object(Bucket=self.bucket, Key=target, CopySource={"Bucket": self.bucket, "Key": source},
                            ServerSideEncryption="AES256", MetadataDirective="COPY")
        return target

    def get_with_metadata(self, key: str) -> tuple[bytes, dict]:
        response = self.s3.get_object(Bucket=self.bucket, Key=key)
        return response["Body"].read(), response.get("Metadata") or {}

    def presigned_pdf_post(self, key: str, metadata: dict | None = None) -> dict:
        """A browser form target for one PDF within the extraction's size limit; S3 enforces the policy."""
        fields = {"Content-Type": "application/pdf", "x-amz-server-side-encryption": "AES256", **(metadata or {})}
        limit = get_settings().extraction.max_bytes
        conditions = [{k: v} for k, v in fields.items()] + [["content-length-range", 1, limit]]
        return self.s3.generate_presigned_post(Bucket=self.bucket, Key=key, Fields=fields,
                                               Conditions=conditions, ExpiresIn=PRESIGNED_SECONDS)

    def presigned_get(self, key: str, seconds: int = LONGEST_LINK_SECONDS, filename: str | None = None) -> str:
        """A link that downloads one stored object without credentials, for `seconds` at most; with a
        `filename`, the browser shows it in place (inline) and saves it under that name (RFC 6266)."""
        params = {"Bucket": self.bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
        return self.s3.generate_presigned_url("get_object", Params=params, ExpiresIn=seconds)
