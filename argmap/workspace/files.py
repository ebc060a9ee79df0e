"""Bytes in and bytes out for the workspace: decoding a file to import, writing an export atomically.

Both shells read and write files through these two functions, so a file the CLI accepts the TUI accepts,
and an export is written the same way from either.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..errors import ArgmapError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(raw: bytes, path: str) -> str:
    """The text of a file to import: UTF-8, or UTF-8/16/32 with a byte-order mark (which is dropped).

    Anything else (Latin-1, UTF-16 without a mark...) is refused with the file, line and column of the
    first byte that is not UTF-8, and what to do about it; guessing an encoding would import wrong text.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(codec)
            except UnicodeDecodeError as err:
                raise ArgmapError(f"{path}: starts with a {name} byte-order mark but is not {name} text "
                                  f"(byte {err.start + len(bom)})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        hint = ("it looks like UTF-16 without a byte-order mark" if raw[:2].count(0) == 1
                else f"byte 0x{raw[err.start]:02X} is not UTF-8 (Latin-1 or Windows-1252?)")
        raise ArgmapError(f"{path}:{line}:{column}: not UTF-8 text: {hint}; save the file as UTF-8") from None


def read_file(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise ArgmapError(f"cannot read {path}: it is a folder") from None
    except OSError as err:
        raise ArgmapError(f"cannot read {path}: {err.strerror or err}") from None


def write_atomically(target: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``target`` so that a reader sees the old file or the new one, never half.

    Only regular files are written. A new file or an existing regular one is replaced by renaming a
    temporary file from the same folder over it (so the old content stays whole until the new one is
    complete); a symlink is followed (its target is replaced, the link stays). Anything else — a folder, a
    device such as ``/dev/null``, a FIFO, a socket — is refused and left exactly as it was (stream output
    goes through ``-o -`` instead). The temporary file is removed whatever happens.
    """
    try:
        real = target.resolve() if target.is_symlink() else target
        info = real.stat() if real.exists() else None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise ArgmapError(f"cannot write {target}: it is a folder")
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise ArgmapError(f"cannot write {target}: not a regular file (a device, FIFO or socket); "
                              "write to a file, or to stdout with '-o -'")
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if info is not None:
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, real)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        raise ArgmapError(f"cannot write {target}: {err.strerror or err}") from None
    return target
