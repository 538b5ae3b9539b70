"""The security headers answers carry: declared once, for the middleware and the 500 handler."""

from __future__ import annotations

DEFAULT_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin"}
# Every workspace answer, whatever its type: a page, a JSON error, a photo.
WORKSPACE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
_WORKSPACE_LOWER = {name.lower(): value for name, value in WORKSPACE_HEADERS.items()}


def for_path(path: str) -> dict[str, str]:
    """The headers an answer at ``path`` must carry (lower-case names)."""
    return _WORKSPACE_LOWER if path == "/admin" or path.startswith("/admin/") else DEFAULT_HEADERS
