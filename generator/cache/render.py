"""The render caches: each group and models module file by the content of what it renders, and the compiled
templates.

:class:`Units` is the ``units`` argument of :func:`generator.render.render`: it keeps a file's text under the sha256
of its template's name and its unit's pickle (a :class:`~generator.model.Group` or
:class:`~generator.model.ModelsModule`), so a spec that changed in one operation renders one group file again. A
template may read the Api beside its unit; what it read is kept with the entry and must be unchanged for a hit.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .store import Store, cache_root, content_key, digest

if TYPE_CHECKING:
    import jinja2

    from ..model import Api


class _Watched:
    """The Api as a group or models module template sees it: which attributes it reads is recorded."""

    def __init__(self, api: Api) -> None:
        self._api = api
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._api, name)


class Units:
    """Rendered group and models module files, by content (see the module's docstring). ``pickles`` keeps each
    unit's pickle, made for its key, for the run cache to reuse."""

    def __init__(self, api: Api, generator: str) -> None:
        import jinja2

        self.api = api
        version = digest([generator, f"jinja2-{jinja2.__version__}"])
        self.store = Store("render", version)
        self.hits = 0
        self.pickles: list[tuple[object, bytes]] = []  # (unit, its pickle)

    def __call__(self, template: str, unit: Any, make: Callable[[Any], str]) -> str:
        key = None
        try:
            data = pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL)
            self.pickles.append((unit, data))
            key = hashlib.sha256(f"{template}\0".encode() + data).hexdigest()
        except Exception:  # noqa: BLE001 - not plain data: rendered, not cached
            pass
        entry = self.store.get(key)
        try:
            reads, text = entry
            if isinstance(text, str) and all(
                content_key(getattr(self.api, n)) == h for n, h in reads.items()
            ):
                self.hits += 1
                return text
        # MISSING, or an entry of another shape: render
        except Exception:  # noqa: BLE001
            pass
        view = _Watched(self.api)
        text = make(view)
        reads = {
            name: content_key(getattr(self.api, name)) for name in sorted(view.read)
        }
        self.store.put(key, (reads, text))
        return text

    def pickle_of(self, unit: object) -> bytes | None:
        """The pickle made of ``unit`` (the very object) for its key, if any."""
        return next((data for made, data in self.pickles if made is unit), None)


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept in the generator's cache folder (keyed by each template's source): compiling them
    is a large part of a warm run. None with ``SDKGEN_NO_CACHE=1``."""
    import jinja2

    root = cache_root()
    if root is None:
        return None
    folder = root / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
