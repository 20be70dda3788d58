"""Exceptions raised by the SDK.

None of them renders request headers in ``str()`` or ``repr()``, so the access token cannot leak into
logs or tracebacks through an error message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx


class APIError(Exception):
    """Base class of every error raised by the SDK."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingCredentialsError(APIError):
    """An operation needs credentials and the client has none: raised before the request is sent (no request
    without them reaches the server). The message names both ways to give them: the client's argument and the
    environment variable. A configuration error of the client, not a wrong argument of the call, so an
    ``APIError`` (not ``ValueError``): ``except APIError`` still catches every failure of a call.
    """


class APIConnectionError(APIError):
    """The request could not be completed (connection failure, protocol error, ...)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIResponseValidationError(APIError):
    """A success response whose body is not valid JSON or does not fit the declared type (with
    ``strict_responses=True``: any mismatch; by default only a body of which nothing fits, see the README).

    The validation error (``pydantic.ValidationError``) is the ``__cause__``.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = response_text(response)
        """The body as text, as received."""


class APIStatusError(APIError):
    """The API answered with a non-success status code."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        """The error body: parsed with the declared model, else the raw JSON, else the text."""


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class PreconditionFailedError(APIStatusError):
    """412 Precondition Failed (e.g. an ``if-event-reached`` event that did not arrive in time)."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests: after the retries were used up, or at once when the server asks for a wait longer
    than the client's ``max_wait``.

    Also raised before a request is sent when the current rate-limit window is used up for longer than
    ``max_wait``; ``response`` is then the answer that reported the window (its ``status_code`` is that answer's).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = retry_after
        """Seconds the server asked to wait (``X-RateLimit-Reset`` or ``Retry-After``), None if it did not say."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an error status code."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def response_text(response: httpx.Response) -> str:
    """``response.text``; never raises (a ``charset`` that lies, e.g. ``utf-32`` on a UTF-8 body, makes httpx
    raise ``UnicodeError``): then the body decoded as UTF-8 with replacement characters.
    """
    try:
        return response.text
    except Exception:  # noqa: BLE001 - any codec error
        return response.content.decode("utf-8", "replace")
