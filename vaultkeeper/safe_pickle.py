"""Reading the index's pickles back without trusting them.

The cache sits inside the vault, which may be synced from elsewhere: a crafted pickle must not
be able to run code, so only vaultkeeper's own dataclasses and enums and `datetime` values may
be rebuilt. Anything else makes the cache unreadable, and so rebuilt.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import io
import pickle
import sys
from typing import Any, ClassVar

from .contact import NoteRecord
from .store import CacheError

_DATETIME = {"date", "datetime", "time", "timedelta", "timezone"}


class SafeUnpickler(pickle.Unpickler):
    """Only vaultkeeper's own dataclasses and enums and `datetime` values may be rebuilt.

    The cache sits inside the vault, which may be synced from elsewhere; a crafted pickle must
    not be able to run code. Anything else makes the cache unreadable, and so rebuilt.
    """

    _allowed: ClassVar[dict[tuple[str, str], type]] = {}

    def find_class(self, module: str, name: str) -> Any:
        key = (module, name)
        found = self._allowed.get(key)
        if found is None:
            found = _allowed_class(module, name)
            self._allowed[key] = found
        return found

    @classmethod
    def loads(cls, data: bytes) -> Any:
        try:
            return cls(io.BytesIO(data)).load()
        except Exception as exc:
            raise CacheError(f"an entry could not be unpacked: {exc}") from None


def _allowed_class(module: str, name: str) -> type:
    if module == "datetime" and name in _DATETIME:
        found: object = getattr(datetime, name)
    elif module.startswith("vaultkeeper.") and module in sys.modules:
        found = getattr(sys.modules[module], name, None)
        if not (
            isinstance(found, type)
            and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum))
        ):
            found = None
    else:
        found = None
    if not isinstance(found, type):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the index")
    return found


def unpack_record(path: str, blob: Any) -> NoteRecord:
    """A cached record, unpacked without trusting it; CacheError when it is not one of `path`."""
    record = SafeUnpickler.loads(blob)
    if not isinstance(record, NoteRecord) or record.path != path:
        raise CacheError(f"the entry for {path} is not a record of it")
    return record
