"""An attempt's paper: which questions a child was asked, in which order, from when.

Shared by the form and JSON readers, the services that store attempts and the
demo data; it knows nothing of HTTP.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime


class SubmissionError(Exception):
    """A submission that cannot be accepted, with the message and status to answer it with."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Paper:
    """One attempt's identity: the device's client id, its questions in order, its start."""

    client_id: uuid.UUID
    question_ids: list
    started_at: datetime

    def as_fields(self):
        return {
            "client_id": str(self.client_id),
            "questions": ",".join(self.question_ids),
            "started": self.started_at.isoformat(),
        }
