"""Models, one module per API namespace: activity, ai_hosting, aihosting, commons, customer, dns, edge, file, mail, mailbox, mailmove, pageinsights, project, ssh_sftp_user, sshuser.

Import them from their module, e.g. `from edge_cases.models.activity import ...`; nothing is loaded until then. Inside the SDK, `from ..models import x` yields a stand-in that imports `x` when one of its names is first read, so a group or models module loads only the models it uses.
"""

import typing as _t
from importlib import import_module as _import_module
from importlib.util import find_spec as _find_spec

_stand_ins: dict[str, "_Lazy"] = {}


class _Lazy:
    """A models module, imported when one of its names is first read."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: _t.Any = None

    def __getattr__(self, attr: str) -> _t.Any:
        module = self._module
        if module is None:
            module = self._module = _import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def __getattr__(name: str) -> _t.Any:
    # Called only for a name the package does not have yet: a submodule not imported so far, or no such thing.
    stand_in = _stand_ins.get(name)
    if stand_in is None:
        if name.startswith("_") or _find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        stand_in = _stand_ins[name] = _Lazy(f"{__name__}.{name}")
    return stand_in
