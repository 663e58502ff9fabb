from __future__ import annotations


class ConflictError(Exception):
    """Someone else changed the object since the user loaded it; their change must not be lost."""
