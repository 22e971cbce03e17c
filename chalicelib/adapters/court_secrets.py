"""Court webhook secrets sealed with KMS, so the roster table never holds them in plain text (issue 8).

Why KMS `Encrypt` on the secret itself, and not a data key (envelope) or a Secrets Manager secret per
court: a webhook secret is 64 characters, far under KMS's 4 KB plaintext limit, so a data key would add
a layer and nothing else; one Secrets Manager secret per court would cost a secret a month per court and
give the API a create/update right over a whole name prefix, where one key in the template and
`kms:Encrypt`/`kms:Decrypt` on that key alone do. The ciphertext sits on the court's roster item, so one
read (cached a minute) still gives a court. The encryption context names the court: a sealed secret
copied onto another court does not open. KMS exists in cn-north-1 and cn-northwest-1 like everywhere.

Only the functions whose environment names the key (`COURT_SECRETS_KEY`: the API, which verifies
webhooks and registers courts, and the notification step, which signs) may open secrets; the template
grants `kms:Decrypt` to those alone.
"""
from __future__ import annotations

import base64

from chalicelib import aws
from chalicelib.settings import get_settings

CONTEXT_KEY = "sutiao:court_id"


class CourtSecretSealer:
    def __init__(self, kms=None):
        self._kms = kms

    @property
    def available(self) -> bool:
        """Whether this function may seal and open secrets (its environment names the key)."""
        return bool(get_settings().court_secrets_key)

    def seal(self, court_id: str, secret: str) -> str:
        sealed = self._client().encrypt(KeyId=get_settings().court_secrets_key, Plaintext=secret.encode("utf-8"),
                                        EncryptionContext={CONTEXT_KEY: court_id})["CiphertextBlob"]
        return base64.b64encode(sealed).decode("ascii")

    def open(self, court_id: str, sealed: str) -> str:
        return self._client().decrypt(KeyId=get_settings().court_secrets_key, CiphertextBlob=base64.b64decode(sealed),
                                      EncryptionContext={CONTEXT_KEY: court_id})["Plaintext"].decode("utf-8")

    def _client(self):
        return self._kms or aws.client("kms")
