"""Find and render templates: the ones shipped with vaultkeeper, or a vault's own.

Templates live in the top-level `templates/` folder of the source tree and inside the package
(`vaultkeeper/templates`) in a wheel; both places are tried so editable and wheel installs work.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import TemplateError

_HERE = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    for candidate in (_HERE / "templates", _HERE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("vaultkeeper's own templates are missing; reinstall vaultkeeper")


def builtin_text(name: str) -> str:
    return (builtin_dir() / name).read_text(encoding="utf-8")


def render(name: str, context: Mapping[str, Any], vault: Path, override: str | None) -> str:
    """Render a shipped template, or the vault's `override` in Jinja's sandbox."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    if override:
        path = vault / override
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"cannot read the agenda template {override}: {exc}") from None
        origin = override
    else:
        source = builtin_text(name)
        origin = name
    env = SandboxedEnvironment(
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{origin}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{origin}: {exc}") from None
    except Exception as exc:  # a user template can fail in any way; report, never crash
        raise TemplateError(f"{origin}: {type(exc).__name__}: {exc}") from None
