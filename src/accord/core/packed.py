"""JSON kept compressed: a value too big to hold twice in memory or to store
as it is (an edition's records as imported are ~30 MB of JSON at 100,000
agreements, ~2 MB compressed).

Written a piece at a time, so that the whole JSON text never exists at once:

    >>> data = pack([b"[", b'{"a": 1}', b", ", b'{"b": 2}', b"]"])
    >>> unpack(data)
    [{'a': 1}, {'b': 2}]
    >>> unpack(pack_value({"x": [1, 2]})), unpack(b"")
    ({'x': [1, 2]}, None)
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from typing import Any

# zlib's fastest level: JSON of repeated keys and names still shrinks ~7 times,
# at ~200 MB/s, so an import spends a tenth of a second on it.
LEVEL = 1


def pack(pieces: Iterable[bytes]) -> bytes:
    """The compressed JSON text (UTF-8) that `pieces` make end to end."""
    packer = zlib.compressobj(LEVEL)
    parts = [packer.compress(piece) for piece in pieces]
    parts.append(packer.flush())
    return b"".join(parts)


def pack_value(value: Any) -> bytes:
    """`value` as compressed JSON."""
    return pack([json.dumps(value).encode()])


def unpack(data: bytes | memoryview | None) -> Any:
    """The value `pack` stored; None for no data (b"" or NULL)."""
    if not data:
        return None
    return json.loads(zlib.decompress(data))
