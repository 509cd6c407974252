"""Exports: a registry of formats, and the one path every export takes to disk.

Each format is an :class:`Exporter` in :data:`EXPORTERS`: its name, a description, a file
extension, which document it writes (the appraisal summary of :mod:`reflect.core.appraisal`, or
the whole vault for ``json``) and the module here whose ``render(document) -> bytes`` draws it.
The command line's ``--format`` choices and the app's menu come from :func:`exporters`; the
declarations live in this one table so building them imports no format module (the command line
builds its parser on every run).

Every export is prepared (document built, then the identifiable-information check of
:mod:`reflect.core.privacy` run over every text it will write) before anything is written. Each
finding must then be redacted (in the export only; the journal is never changed) or deliberately
kept; otherwise :class:`IdentifiableInformationFound` (exit 4) lists them by kind and location,
never by their text. The file is written through a temporary file in the destination folder and
renamed, readable by the owner only, so there is never a partial export and no copy elsewhere.

Format modules import their heavy libraries (fpdf2, python-docx) only when they render. No Qt
here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from reflect.errors import ExportRefused, UserError
from reflect.i18n import _

if TYPE_CHECKING:
    from reflect.core.appraisal import Selection
    from reflect.core.journal import Journal
    from reflect.core.privacy import LocatedFinding, TextField

Content = Literal["appraisal", "vault"]


class ExportDocument(Protocol):
    """What an exporter writes: it lists its texts for the check and can replace them."""

    def text_fields(self) -> list[TextField]: ...

    def with_texts(self, texts: Mapping[str, str]) -> Any: ...


@dataclass(frozen=True)
class Exporter:
    """One export format.

    Attributes:
        name: What the user picks (``--format pdf``).
        description: One line for menus and ``--help``.
        extension: The file name extension, without the dot.
        content: ``"appraisal"`` for the appraisal summary, ``"vault"`` for everything.
        module: The module of this package that renders it.
    """

    name: str
    description: str
    extension: str
    content: Content
    module: str

    def render(self, document: Any) -> bytes:
        """The document as the file's bytes."""
        renderer: Callable[[Any], bytes] = importlib.import_module(
            f"{__name__}.{self.module}"
        ).render
        return renderer(document)

    def write(self, document: Any, path: Path) -> None:
        """Render ``document`` and write it to ``path`` atomically, readable by the owner only."""
        write_private_file(Path(path), self.render(document))


#: Every export format, in menu order.
EXPORTERS: tuple[Exporter, ...] = (
    Exporter("pdf", "Appraisal summary as a PDF to print or send", "pdf", "appraisal", "pdf"),
    Exporter("docx", "Appraisal summary as a Word document", "docx", "appraisal", "docx"),
    Exporter(
        "html", "Appraisal summary as one self-contained web page", "html", "appraisal", "html"
    ),
    Exporter("md", "Appraisal summary as Markdown text", "md", "appraisal", "md"),
    Exporter(
        "json",
        "Everything in the journal as JSON, to move it to another machine",
        "json",
        "vault",
        "json",
    ),
)


def exporters() -> tuple[Exporter, ...]:
    """Every export format, in menu order."""
    return EXPORTERS


def names() -> tuple[str, ...]:
    return tuple(e.name for e in exporters())


def get_exporter(name: str) -> Exporter:
    """The format called ``name``.

    Raises:
        UserError: There is no such format.
    """
    for exporter in exporters():
        if exporter.name == name:
            return exporter
    raise UserError(
        _('unknown export format "{name}": choose one of {value}').format(
            name=name, value=", ".join(names())
        )
    )


def write_private_file(path: Path, data: bytes) -> None:
    """Write through a temp file in ``path``'s folder and rename, mode 0600; a user-facing error
    for a missing folder or a path that is a folder."""
    from reflect.core.fsutil import atomic_write_bytes

    if path.is_dir():
        raise UserError(_("{path} is a folder; give a file name to export to").format(path=path))
    if not path.parent.is_dir():
        raise UserError(
            _("cannot export to {path}: the folder {parent} does not exist").format(
                path=path, parent=path.parent
            )
        )
    if not os.access(path.parent, os.W_OK):
        raise UserError(_("cannot export to {path}: the folder is not writable").format(path=path))
    atomic_write_bytes(path, data)


# --- the check and the decisions -----------------------------------------------------------------


class IdentifiableInformationFound(ExportRefused):
    """The check found identifiable information nobody chose to redact or keep (exit 4).

    The message lists each finding by kind and location, never its text; ``findings`` holds them
    for a front end that shows them in context.
    """

    def __init__(self, findings: Collection[LocatedFinding]) -> None:
        self.findings = tuple(findings)
        lines = [
            f"export refused: {len(self.findings)} possible identifiable detail"
            f"{'' if len(self.findings) == 1 else 's'} found; nothing was written:"
        ]
        lines += [f"  {f.label}: {f.location}" for f in self.findings]
        lines.append(
            "Remove them from the journal, or export again with --redact to replace them in the "
            "export, or --allow-identifiable to keep them."
        )
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class PreparedExport:
    """A document built and checked, not yet written.

    Attributes:
        exporter: The format.
        document: What will be written (an appraisal summary, or the vault for ``json``).
        findings: What the identifiable-information check found in the document's texts.
    """

    exporter: Exporter
    document: Any
    findings: tuple[LocatedFinding, ...]

    def write(
        self,
        path: Path,
        *,
        redact: bool | Iterable[str] = False,
        keep: bool | Iterable[str] = False,
    ) -> int:
        """Write the export, each finding redacted or kept as decided.

        Args:
            path: The file to write (its folder must exist).
            redact: ``True`` to redact every finding, or the ids of the findings to redact.
            keep: ``True`` to keep every finding not redacted, or the ids of those to keep.

        Returns:
            How many findings were redacted.

        Raises:
            IdentifiableInformationFound: Some finding was neither redacted nor kept.
        """
        to_redact = _chosen(self.findings, redact)
        to_keep = _chosen(self.findings, keep)
        undecided = [f for f in self.findings if f.id not in to_redact and f.id not in to_keep]
        if undecided:
            raise IdentifiableInformationFound(undecided)
        redacted = [f for f in self.findings if f.id in to_redact]
        if redacted:
            from reflect.core.privacy import redact_fields

            document = self.document.with_texts(redact_fields(redacted))
        else:
            document = self.document
        self.exporter.write(document, Path(path))
        return len(redacted)


def _chosen(findings: Iterable[LocatedFinding], choice: bool | Iterable[str]) -> set[str]:
    if choice is True:
        return {f.id for f in findings}
    if choice is False:
        return set()
    return set(choice)


def watch_list(journal: Journal) -> list[str]:
    """The user's watch list from the vault (a list of strings; anything else is ignored)."""
    from reflect.core.privacy import WATCH_LIST_SETTING

    value = journal.setting(WATCH_LIST_SETTING, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(word) for word in value if isinstance(word, str | int | float)]


def prepare_export(
    journal: Journal,
    format_name: str,
    selection: Selection | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    include_revisions: bool = False,
) -> PreparedExport:
    """Build the document for ``format_name`` and run the identifiable-information check on it.

    Args:
        journal: The open journal.
        format_name: One of :func:`names`.
        selection: What an appraisal summary shows (default: the review period, every item).
            The ``json`` format ignores it: it always holds everything.
        today: The user's local date (the default period; "more than 16 years ago").
        now: When the export is made (stamped into the ``json`` format).
        include_revisions: ``json`` only: also export every item's earlier versions.
    """
    from reflect.core.privacy import check_fields, check_texts

    exporter = get_exporter(format_name)
    today = today or date.today()
    watch = watch_list(journal)
    document: ExportDocument
    if exporter.content == "vault":
        from reflect.core.exporters.json import build_vault_export

        vault = build_vault_export(
            journal, now=now or datetime.now(UTC), include_revisions=include_revisions
        )
        # Tens of thousands of texts: each is described only if something is found in it.
        texts, field = vault.texts_to_check()
        findings = check_texts(texts, field, watch, today=today)
        document = vault
    else:
        from reflect.core.appraisal import Selection, build_summary
        from reflect.core.coverage import default_period

        selection = selection or Selection(period=default_period(journal, today))
        document = build_summary(journal, selection, today=today)
        findings = check_fields(document.text_fields(), watch, today=today)
    return PreparedExport(exporter, document, tuple(findings))


def export(
    journal: Journal,
    format_name: str,
    path: Path,
    selection: Selection | None = None,
    *,
    redact: bool = False,
    allow_identifiable: bool = False,
    today: date | None = None,
    now: datetime | None = None,
) -> PreparedExport:
    """Prepare, check and write an export in one go (what ``reflect export`` does).

    With ``redact`` every finding is replaced in the export; with ``allow_identifiable`` (and not
    ``redact``) every finding is kept; with neither, any finding refuses the export.

    Raises:
        IdentifiableInformationFound: Findings, and neither ``redact`` nor ``allow_identifiable``.
    """
    prepared = prepare_export(journal, format_name, selection, today=today, now=now)
    prepared.write(Path(path), redact=redact, keep=allow_identifiable and not redact)
    return prepared
