"""Models of the API's `mail` namespace."""

import typing as _t

from .._runtime import BaseModel


class VerifyMailAddressBody(BaseModel):
    code: str
    remember: bool = False


if _t.TYPE_CHECKING:
    # A dict given in place of a model is checked against these (type checkers only).

    class VerifyMailAddressBodyDict(_t.TypedDict, total=False):
        code: _t.Required[str]
        remember: bool
