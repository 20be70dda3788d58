"""Every naming rule of the generated SDK, and nothing else.

The public surface of an SDK is its names, so they are decided here, in one place, by pure functions:

- words: a string splits at every run of non-alphanumerics and at case changes (``friendlyURL`` -> friendly, URL;
  ``maxSizeInKB`` -> max, Size, In, KB); digits stay with the letters before them (``ipv4``, ``int32``,
  ``sha256Sum`` -> sha256, Sum); non-ASCII letters are folded to ASCII (``größe`` -> grosse).
- groups: ``snake_case(tag)`` (``SSH/SFTP User`` -> ``ssh_sftp_user``).
- methods: ``snake_case(operationId)`` minus a leading kebab-cased tag and ``-`` (``project-get-project`` under
  ``Project`` -> ``get_project``). Without an operationId: the HTTP method, then the path's literal segments after
  the version, then ``by_<param>`` when the path ends in a parameter
  (``GET /v2/appinstallations/{appInstallationId}`` -> ``get_appinstallations_by_app_installation_id``).
- parameters: ``snake_case``; keywords and builtins get a trailing ``_``; names the method itself uses
  (``self``, ``body``, ``request_options``) too; a clash between two parameters is settled by location (path, query,
  header, cookie: the earlier keeps the name, the later gets ``_<location>``), then by a number.
- model fields: ``snake_case``; keywords, the builtins our annotations use, pydantic's own attributes and names
  starting with ``model_dump``/``model_validate`` get a trailing ``_``; a leading digit gets ``field_``; clashes after
  snake-casing are numbered in spec order (``friendly_url``, ``friendly_url_2``).
- classes: a component ``de.mittwald.v1.app.AppInstallation`` is class ``AppInstallation`` in ``models/app.py``;
  inline schemas are named after their parent plus property (``ProjectStatus``), or operation plus role
  (``CreateProjectBody``, ``GetProjectResponse``); a response, request body or parameter defined under
  ``components`` like a component schema. Clashes are numbered in the order schemas.py claims names: component
  schemas by name, then operations by path, never in spec order.
- components from other files (:func:`external_name`): a whole file after its name (``pet.yaml`` -> ``Pet``), a
  part of a file after its pointer's last segment; bundle.py numbers clashes (``Tag``, ``Tag2``) by relative path.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence

_WORD = re.compile(
    r"[A-Z]+[0-9]*(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*|[0-9]+"
)
_FOLD = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
)

KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) - {"_"}
BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
# Builtins that generated annotations use unqualified: a field of that name would shadow them in a class body.
ANNOTATION_BUILTINS = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict"}
)
PYDANTIC_ATTRS = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_dump",
        "model_dump_json",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    }
)
MAX_MODULE_NAME = 120  # characters of a module (file) name
METHOD_RESERVED = frozenset({"self", "body", "request_options"})
# Aliases generated modules import under (``import typing as _t``, ``_aliases`` once) and runtime names
# they use.
# A models module becomes an attribute of ``models/__init__.py`` once imported: it must not replace a builtin that
# module calls (``getattr``).
MODULE_RESERVED = frozenset(
    {"t", "dt", "pd", "aliases", "runtime", "groups", "models", "client", "getattr"}
)
# Attributes of the runtime's client classes that a group attribute must not replace.
CLIENT_RESERVED = frozenset(
    {
        "request",
        "request_page",
        "close",
        "rate_limit",
        "last_event_id",
        "capture_response",
        "base_url",
        "token",
    }
)


# pure, and called for the same names over and over
@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Fold non-ASCII letters to their closest ASCII spelling."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# pure, and called for the same names over and over
@functools.lru_cache(maxsize=1 << 16)
def snake_case(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


# pure, and called for the same names over and over
@functools.lru_cache(maxsize=1 << 16)
def kebab_case(text: str) -> str:
    return "-".join(w.lower() for w in words(text))


# pure, and called for the same names over and over
@functools.lru_cache(maxsize=1 << 16)
def pascal_case(text: str) -> str:
    """``AppInstallation`` stays, ``ai hosting`` -> ``AiHosting``, ``status`` -> ``Status``."""
    return "".join(w[:1].upper() + w[1:] for w in words(text))


# pure, and called for the same names over and over
@functools.lru_cache(maxsize=1 << 16)
def upper_snake(text: str) -> str:
    return "_".join(w.upper() for w in words(text))


def _not_digit_first(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def identifier(name: str, reserved: Iterable[str] = ()) -> str:
    """A valid identifier: keywords and ``reserved`` names get a trailing underscore."""
    name = _not_digit_first(name or "value", "n")
    return name + "_" if name in KEYWORDS or name in reserved else name


def module_name(name: str) -> str:
    """A module name short enough for a file name (255 bytes): a longer one is cut, with a hash of the whole."""
    if len(name) <= MAX_MODULE_NAME:
        return name
    return (
        f"{name[: MAX_MODULE_NAME - 9]}_{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    )


_VERSION_SEGMENT = re.compile(
    r"v?\d+(?:[._-]\d+)*(?:-?(?:alpha|beta|preview)\d*)?", re.IGNORECASE
)


def path_group(path: str) -> str:
    """The group of an operation of a spec without tags: its path's first literal segment that is not a
    version nor ``api`` (``/v1/customers/{id}`` -> ``customers``, ``/api/2020-08-27/charges`` -> ``charges``); ``Default`` for a
    path without one (``/``, ``/{id}``)."""
    for segment in path.split("/"):
        if (
            segment
            and "{" not in segment
            and not _VERSION_SEGMENT.fullmatch(segment)
            and segment.lower() != "api"
        ):
            return segment
    return "Default"


def env_prefix(package: str) -> str:
    """The prefix of a generic client's environment variables: ``petstore`` -> ``PETSTORE`` (``PETSTORE_API_TOKEN``)."""
    return package.upper()


def group_attr(tag: str) -> str:
    return identifier(
        module_name(snake_case(tag) or "default"), CLIENT_RESERVED | MODULE_RESERVED
    )


# Names a models module imports: a class of that name would replace the base class of the classes after it.
CLASS_RESERVED = frozenset({"BaseModel", "OpenEnum", "FileTypes", "UnknownVariant"})


def class_name(text: str) -> str:
    """A class name from a schema or synthesized name; an already valid PascalCase name is kept as it is."""
    if (
        text.isidentifier()
        and text.isascii()
        and text[:1].isupper()
        and "_" not in text
        and not keyword.iskeyword(text)
    ):
        name = text
    else:
        name = _not_digit_first(pascal_case(text) or "Model", "M")
    # None, True, BaseModel
    return name + "_" if keyword.iskeyword(name) or name in CLASS_RESERVED else name


def external_name(path: str, parts: Sequence[str]) -> str:
    """The component name of a schema (response, parameter, ...) that another file holds: the last segment of its
    JSON pointer (``models.yaml#/components/schemas/Pet`` -> ``Pet``), or for a whole file the file's name without
    its extension, its last dotted part in PascalCase (``pet.yaml`` -> ``Pet``, ``models/load_balancer_create.yml``
    -> ``LoadBalancerCreate``, ``de.mittwald.v1.pet.Pet.yaml`` -> ``de.mittwald.v1.pet.Pet``). The name then makes
    the class like any component's (:func:`schema_module_and_class`)."""
    if parts and parts[-1]:
        return parts[-1]
    stem = path.rstrip("/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    namespace, _, last = stem.rpartition(".")
    last = pascal_case(last) or "Model"
    return f"{namespace}.{last}" if namespace else last


def schema_module_and_class(schema_name: str) -> tuple[str, str]:
    """``de.mittwald.v1.app.AppInstallation`` -> (``app``, ``AppInstallation``); no namespace -> ``common``."""
    parts = schema_name.split(".")
    namespace = parts[-2] if len(parts) > 1 else "common"
    return identifier(
        module_name(snake_case(namespace) or "common"), MODULE_RESERVED
    ), class_name(parts[-1])


def method_name(operation_id: str, tag: str) -> str:
    kebab_id = kebab_case(operation_id)
    prefix = kebab_case(tag) + "-"
    if kebab_id.startswith(prefix) and len(kebab_id) > len(prefix):
        kebab_id = kebab_id[len(prefix) :]
    return identifier(kebab_id.replace("-", "_"), BUILTINS)


def fallback_method_name(http_method: str, path: str) -> str:
    segments = [s for s in path.strip("/").split("/") if s]
    if segments and re.fullmatch(r"v\d+", segments[0]):
        segments = segments[1:]
    literal = [snake_case(s) for s in segments if not s.startswith("{")]
    name = "_".join([http_method.lower(), *filter(None, literal)])
    if segments and segments[-1].startswith("{"):
        name += "_by_" + snake_case(segments[-1])
    return identifier(name)


def param_name(json_name: str) -> str:
    return identifier(snake_case(json_name), BUILTINS | METHOD_RESERVED)


def field_name(json_name: str) -> str:
    name = snake_case(json_name) or "value"
    name = _not_digit_first(name, "field_")
    if name.startswith(("model_dump", "model_validate")):
        return name + "_"
    return identifier(name, ANNOTATION_BUILTINS | PYDANTIC_ATTRS)


def enum_member_name(value: object) -> str:
    name = upper_snake(str(value)) or "EMPTY"
    return identifier(_not_digit_first(name, "V_"), {"MRO", "NAME", "VALUE"})


def dedupe(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Number repeats in order: the first keeps its name, later ones get ``_2``, ``_3``, ..."""
    used = set(taken)
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name}_{n}"
        used.add(candidate)
        out.append(candidate)
    return out


def unique_class(name: str, used: set[str]) -> str:
    """Claim ``name`` in a module's class namespace, numbering it on a clash (``Foo`` -> ``Foo2``)."""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{name}{n}"
    used.add(candidate.lower())
    return candidate


_PEP440 = re.compile(
    r"v?(?:\d+!)?\d+(?:\.\d+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?"
    r"(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.IGNORECASE,
)


def is_pep440(version: str) -> bool:
    """Whether ``version`` is a PEP 440 version (the form pip installs)."""
    return _PEP440.fullmatch(version) is not None


def package_version(spec_version: str) -> str:
    """The generated package's version: the spec's ``info.version`` where it is a PEP 440 version (pip would refuse
    to install anything else), otherwise its leading release number with the rest as a local version label
    (``0.0.1-edge`` -> ``0.0.1+edge``, ``v2 beta`` -> ``2+beta``, ``latest`` -> ``0+latest``, empty -> ``0``); a
    date's parts are the release number, so that versions sort by date (``2020-08-27`` -> ``2020.8.27``).
    """
    text = spec_version.strip()
    if _PEP440.fullmatch(text):
        return text
    dated = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(.*)", text)
    # a date: a release number that sorts by it (2020-08-27 -> 2020.8.27); the rest as a local label
    if dated:
        label = ".".join(re.findall(r"[a-z0-9]+", dated.group(4).lower()))
        day = ".".join(str(int(part)) for part in dated.groups()[:3])
        return f"{day}+{label}" if label else day
    release = re.match(r"v?(\d+(?:\.\d+)*)", text, re.IGNORECASE)
    rest = text[release.end() :] if release else text
    local = ".".join(re.findall(r"[a-z0-9]+", rest.lower()))
    base = release.group(1) if release else "0"
    return f"{base}+{local}" if local else base


# Top-level modules a generated package must not shadow: the standard library and the SDK's own dependencies.
_TAKEN_MODULES = frozenset(sys.stdlib_module_names) | {
    *("httpx", "httpcore", "pydantic", "pydantic_core", "typing_extensions"),
    *("annotated_types", "anyio", "sniffio", "certifi", "idna", "h11"),
}


def default_package(title: str) -> str:
    """The package name of a spec titled ``title`` (``--package`` not given)."""
    name = identifier(module_name(snake_case(title) or "sdk"))
    return f"{name}_sdk" if name in _TAKEN_MODULES else name
