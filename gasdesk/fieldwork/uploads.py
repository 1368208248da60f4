"""Checks on what a technician's phone sends: site photos and the signature PNG (WO-7).

Pure functions over bytes: only small images pass, recognised by their first bytes rather than
by the name or the content type the browser claims.
"""

from __future__ import annotations

import base64
import binascii

from gasdesk.core.errors import RuleViolation

# Platform limits (not handbook rules): a phone photo after the page's resize, and a signature.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_SIGNATURE_BYTES = 512 * 1024
SIGNATURE_PREFIX = "data:image/png;base64,"
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"RIFF": "webp",
}


def image_kind(head: bytes) -> str | None:
    """'png', 'jpg' or 'webp' from the file's first bytes; None for anything else."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            if kind == "webp" and head[8:12] != b"WEBP":
                return None
            return kind
    return None


def check_photo(head: bytes, size: int) -> str:
    """The photo's extension, or RuleViolation for a non-image or an oversized file."""
    if size > MAX_PHOTO_BYTES:
        raise RuleViolation("photo", f"照片不能超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    kind = image_kind(head)
    if kind is None:
        raise RuleViolation("photo", "只能上传 JPG、PNG 或 WebP 图片")
    return kind


def decode_signature(data_url: str) -> bytes:
    """The PNG bytes of a canvas `toDataURL()`; RuleViolation when it is not a small PNG."""
    if not data_url.startswith(SIGNATURE_PREFIX):
        raise RuleViolation("signature", "请客户在屏幕上签字确认")
    encoded = data_url[len(SIGNATURE_PREFIX) :]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise RuleViolation("signature", "签字图片过大")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise RuleViolation("signature", "签字数据无效") from None
    if image_kind(raw[:16]) != "png":
        raise RuleViolation("signature", "签字数据无效")
    return raw
