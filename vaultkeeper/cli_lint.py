"""The `lint` command's command line: parse, one call into `lint.check`, and its text and
JSON layouts.

The text layout is `path:line:col: CODE message`, one finding a line, the format editors,
`grep -n` and pre-commit understand; then one summary line. Exit codes: 0 clean, 1 findings,
2 a mistake in the command line (an unknown rule code included).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .app import App, pass_app

if TYPE_CHECKING:
    from .lint.check import LintReport


def _codes(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    from .lint.rules import UnknownRuleError, expand

    try:
        return expand([value])
    except UnknownRuleError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--select", metavar="RULES", callback=_codes, help="Only these rules (P1,S or T3).")
@click.option("--ignore", metavar="RULES", callback=_codes, help="Not these rules.")
@pass_app
def lint(
    app: App,
    paths: tuple[str, ...],
    as_json: bool,
    select: frozenset[str] | None,
    ignore: frozenset[str] | None,
) -> None:
    """Check contact notes: private details, guesses about people, contact details in the
    text, tags, and stale or misspelt values.

    PATH... are notes, relative to the vault or absolute (default: every contact); a file that
    is not a contact note is skipped. A line ending in `%% vaultkeeper: allow P1 %%` is not
    reported for that rule. A note that could not be read is named on stderr, with why. Exits
    1 when there are findings or such a note.

    \b
    Examples:
      vaultkeeper lint
      vaultkeeper lint people/Jordan\\ Lee.md --select P,S
      vaultkeeper lint --ignore T --json
    """
    from .lint.check import lint_vault
    from .views import LINT_THEN

    wanted = vault_paths(app.root, paths) if paths else None
    report = lint_vault(
        app.vault(), app.today, paths=wanted, select=select, ignore=ignore or frozenset()
    )
    click.echo(
        json.dumps(lint_json(report), indent=2, ensure_ascii=False)
        if as_json
        else lint_text(report)
    )
    unread = app.say_unread(LINT_THEN, only=wanted)
    if report.findings or unread:
        raise click.exceptions.Exit(1)


COMMANDS: list[click.Command] = [lint]


def vault_paths(root: Path, given: tuple[str, ...]) -> list[str]:
    """Each given path as a vault-relative POSIX path; one outside the vault is left out, and
    one that does not exist is a usage error (a typo must not read as "no findings")."""
    base = root.resolve()
    found = []
    for raw in given:
        path = Path(raw)
        if not path.is_absolute():
            path = root / path if (root / path).exists() else Path.cwd() / path
        if not path.exists():
            raise click.BadParameter(f"{raw}: no such file", param_hint="PATH")
        try:
            found.append(path.resolve().relative_to(base).as_posix())
        except ValueError:
            continue
    return found


# --- the views ---------------------------------------------------------------------------------


def lint_text(report: LintReport) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings]
    count = len(report.findings)
    if count:
        notes = "note" if report.noted == 1 else "notes"
        lines.append(f"{count} finding{'' if count == 1 else 's'} in {report.noted} {notes}")
    else:
        lines.append(f"No findings in {report.notes} note{'' if report.notes == 1 else 's'}.")
    return "\n".join(lines)


def lint_json(report: LintReport) -> list[dict[str, Any]]:
    return [
        {
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "code": f.code,
            "rule": f.rule,
            "message": f.message,
            "text": f.text,
        }
        for f in report.findings
    ]
