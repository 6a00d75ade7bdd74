"""Find and render templates: the ones shipped inside the package, or a vault's own.

The shipped templates are package data (`vaultkeeper/templates/`), read through
`importlib.resources`, so an editable install, a wheel and a zip import all find them the same
way. They are rendered by `builtin_render.py`, which gives their text without Jinja; a vault's
own template is rendered by Jinja, in its sandbox.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TemplateError

if TYPE_CHECKING:
    from importlib.abc import Traversable

    import jinja2

_HERE = Path(__file__).parent / "templates"


def builtin_dir() -> Traversable:
    """The shipped templates: a plain folder in any unpacked install (importing
    `importlib.resources` and its zip readers costs every agenda 10 ms), else as package data."""
    if _HERE.is_dir():
        return _HERE
    from importlib import resources

    return resources.files(__package__) / "templates"


def builtin_text(name: str) -> str:
    try:
        return (builtin_dir() / name).read_text(encoding="utf-8")
    except OSError:
        raise TemplateError(
            f"vaultkeeper's own template {name} is missing; reinstall vaultkeeper"
        ) from None


class Renders:
    """A vault's own templates rendered earlier, by a digest of the template and of all it
    was given (its only inputs), and those asked for again: `agenda_file` keeps them with the
    agenda, so that after a save that changes nothing the agenda shows, neither the agenda
    nor its drafts are rendered again, and Jinja is not loaded."""

    def __init__(self, known: Mapping[str, str]) -> None:
        self.known = known
        self.used: dict[str, str] = {}


_REMEMBERED: list[Renders] = []


@contextlib.contextmanager
def remembering(known: Mapping[str, str]) -> Iterator[Renders]:
    """Within this block, `render` answers from `known` what it rendered before."""
    renders = Renders(known)
    _REMEMBERED.append(renders)
    try:
        yield renders
    finally:
        _REMEMBERED.remove(renders)


def render(name: str, context: Mapping[str, Any], vault: Path, override: str | None) -> str:
    """Render a shipped template (as plain Python, `builtin_render.py`), or the vault's
    `override` in Jinja's sandbox.

    The sandbox checks every attribute a template reads; that is for a vault's own template,
    which may come from anywhere. Jinja loads only for one.
    """
    if not override:
        return _builtin(name, context)
    path = vault / override
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read the agenda template {override}: {exc}") from None
    renders = _REMEMBERED[-1] if _REMEMBERED else None
    key = _render_key(source, context) if renders is not None else ""
    if renders is not None and key:
        if (text := renders.known.get(key)) is None:
            text = _rendered(source, override, context)
        renders.used[key] = text
        return text
    return _rendered(source, override, context)


def _builtin(name: str, context: Mapping[str, Any]) -> str:
    from .builtin_render import RENDERERS

    renderer = RENDERERS.get(name)
    if renderer is None:
        raise TemplateError(f"vaultkeeper has no template {name}; reinstall vaultkeeper")
    try:
        return renderer(context)
    except Exception as exc:  # as from Jinja: a value it cannot render is that render's error
        raise TemplateError(f"{name}: {type(exc).__name__}: {exc}") from None


def _render_key(source: str, context: Mapping[str, Any]) -> str:
    """What a render is a function of: the template's text and the values it is given
    (plain data: dataclasses, text, dates, numbers, lists). Equal values pickle to equal
    bytes; "" for a context that cannot be pickled."""
    import pickle

    from .own_code import blake2b

    try:
        data = pickle.dumps((source, dict(context)), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return ""
    return blake2b(data, digest_size=32).hexdigest()


def _rendered(source: str, origin: str, context: Mapping[str, Any]) -> str:
    import jinja2

    try:
        return sandboxed(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{origin}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{origin}: {exc}") from None
    except Exception as exc:  # a user template can fail in any way; report, never crash
        raise TemplateError(f"{origin}: {type(exc).__name__}: {exc}") from None


@functools.lru_cache(maxsize=16)
def sandboxed(source: str) -> jinja2.Template:
    """A vault's template, compiled once per process (the watcher renders the agenda after
    every save, and compiling costs more than rendering a week's agenda), with the options
    the shipped templates were written for."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    ).from_string(source)
