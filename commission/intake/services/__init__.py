"""Writes of the letter intake: register what arrives (once per letter, a copy per source),
propose what it says, and carry out what a clerk accepts.

Reading is done by `commission.intake.reading` and stores nothing; everything here owns its
transaction and records its audit event inside it. One module per step: `ingest`, `proposing`,
`accepting`."""

from commission.intake.services.accepting import (
    REVIEW,
    accept_all,
    accept_proposal,
    owner_of_contact,
    reject_proposal,
)
from commission.intake.services.ingest import (
    REGISTER,
    IngestReport,
    expand,
    ingest_paths,
    ingest_upload,
)
from commission.intake.services.uploads import READ_UPLOAD, read_upload, receive_upload

__all__ = [
    "READ_UPLOAD",
    "REGISTER",
    "REVIEW",
    "IngestReport",
    "accept_all",
    "accept_proposal",
    "expand",
    "ingest_paths",
    "ingest_upload",
    "owner_of_contact",
    "read_upload",
    "receive_upload",
    "reject_proposal",
]
