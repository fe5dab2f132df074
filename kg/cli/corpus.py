"""``kg corpus``: the corpus tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table
from rich.text import Text

from kg.atomic import write_atomically
from kg.cli.common import InputFileError, err_console, fail, out_console

if TYPE_CHECKING:
    from kg.corpus.mentions import Gazetteer
    from kg.facts.records import FactBase

__all__ = [
    "CORPUS_OPTION",
    "FACTS_OPTION",
    "MAX_ANNOTATE_BYTES",
    "corpus",
    "corpus_annotate",
    "corpus_cite",
    "corpus_coverage",
    "corpus_mentions",
    "corpus_normalise",
    "corpus_worklist",
]

# --------------------------------------------------------------------------- corpus tools
# Imported inside the commands: the corpus tools are not needed by the other commands.

FACTS_OPTION = click.option(
    "--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("corpus/facts")
)
CORPUS_OPTION = click.option(
    "--corpus", "corpus_dir", type=click.Path(path_type=Path), default=Path("corpus")
)


def _load_facts_or_fail(facts_dir: Path, corpus_dir: Path) -> FactBase:
    from kg.corpus.texts import CorpusError
    from kg.facts.loader import load_facts
    from kg.facts.records import FactErrors

    try:
        return load_facts(facts_dir, corpus_dir)
    except FactErrors as err:
        fail([str(e) for e in err.errors], f"{len(err.errors)} problem(s) in {facts_dir}")
    except CorpusError as err:
        fail(str(err), "Cannot read the corpus")


def _gazetteer(facts: FactBase) -> Gazetteer:
    """The names of the facts' entities; a name given to two entities is reported."""
    from kg.corpus.mentions import Gazetteer

    gazetteer = Gazetteer.from_facts(facts)
    for conflict in gazetteer.conflicts:
        click.echo(
            f"note: {conflict.name!r} is the label of {', '.join(conflict.owners)} and also an "
            f"alternative label of {', '.join(conflict.dropped)} (kept for the first only)",
            err=True,
        )
    return gazetteer


@click.group()
def corpus() -> None:
    """The corpus texts: normalisation, mentions and dates, and what curation has missed."""


@corpus.command("normalise")
@CORPUS_OPTION
@FACTS_OPTION
@click.option(
    "--deep/--first-pass",
    default=True,
    show_default=True,
    help="The deep normal form, which corpus/texts/ is in (kg.corpus.normalise_deep), or the "
    "first pass, its one-for-one former form (kg.corpus.normalise).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a text would change.")
def corpus_normalise(corpus_dir: Path, facts_dir: Path, deep: bool, check: bool) -> None:
    """Rewrite corpus/texts/ from corpus/original/ in the deep normal form (or --first-pass).

    The report says, per text, how many edits of each kind the normal form makes, and, for every
    evidence quote of the facts, whether it still anchors at the same place of the original in
    the new texts (and, where the normalisation changed the text inside it, what it must be
    rewritten to). No text is written while any quote would break; a quote already rewritten
    for the new texts counts as anchored.
    """
    from kg.corpus.normalise import plan_normalisation
    from kg.corpus.texts import CorpusError

    form = "deep" if deep else "first-pass"
    planned = plan_normalisation(corpus_dir, deep=deep)
    if not planned:
        fail(f"{corpus_dir / 'original'}: no original texts here", "Nothing to normalise")
    for item in planned:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(item.edit_counts.items()))
        err_console.print(f"{item.original.name}: {counts or 'no edits'}", highlight=False)
    changed = [item for item in planned if item.changed]
    broken = []
    if facts_dir.is_dir():
        import yaml

        from kg.worklist import quotes_against

        try:
            checks = quotes_against(facts_dir, corpus_dir, deep=deep)
        except (CorpusError, yaml.YAMLError) as err:
            fail(str(err), "Cannot check the evidence quotes")
        broken = [c for c in checks if c.breaks]
        new = sum(c.status == "new" for c in checks)
        err_console.print(
            f"Evidence quotes: {len(checks)}, anchoring at the same place in the {form} texts: "
            f"{len(checks) - len(broken)}"
            + (f" ({new} found in the {form} texts only)" if new else ""),
            highlight=False,
        )
        for c in broken:
            click.echo(
                f"{c.location}: {c.status} in the {form} text of {c.doc}: {c.quote}", err=True
            )
            if c.rewritten:
                click.echo(f"    the {form} text reads: {c.rewritten}", err=True)
        if broken and not check:
            fail(f"{len(broken)} quote(s) would break", "Texts not written")
    if check:
        for item in changed:
            click.echo(f"would change: {item.target}")
        if changed or broken:
            sys.exit(1)
        err_console.print("The texts are up to date.")
        return
    for item in changed:
        write_atomically(item.target, item.text.encode("utf-8"))
        err_console.print(f"Wrote {item.target}", highlight=False)
    if not changed:
        err_console.print("The texts are up to date.")


def _visible(text: str) -> str:
    """``text`` as a JSON string, with spaces other than the plain one (no-break, thin …) and
    invisible format characters escaped, so that the original's exact characters show."""
    import unicodedata

    return "".join(
        f"\\u{ord(char):04x}"
        if char != " " and unicodedata.category(char) in ("Zs", "Cf")
        else char
        for char in json.dumps(text, ensure_ascii=False)
    )


@corpus.command("cite")
@click.argument("references", nargs=-1, required=True, metavar="EVIDENCE_ID_OR_DOC:START-END...")
@click.option(
    "--original",
    "original_offsets",
    is_flag=True,
    help="DOC:START-END are offsets in the original (corpus/original/), not the normalised text.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@CORPUS_OPTION
def corpus_cite(
    references: tuple[str, ...], original_offsets: bool, output_format: str, corpus_dir: Path
) -> None:
    """Where a quote stands in the normalised text and in the original, to cite it in either.

    A reference is an evidence id of the graph (evidence/000-1012-1110, or its full IRI) or a
    document (its id or number) with a span: 000:1012-1110. Offsets count characters from 0,
    end excluded, lines from 1.

    \b
    kg corpus cite evidence/000-1012-1110
    kg corpus cite 002:5000-5100 --format json
    kg corpus cite 002:6000-6100 --original       # what is left of an original span
    """
    from kg.corpus.cite import cite_reference
    from kg.corpus.texts import CorpusError, load_manifest

    try:
        documents = load_manifest(corpus_dir)
    except CorpusError as err:
        fail(str(err), "Cannot read the corpus")
    citations = []
    for reference in references:
        try:
            citations.append(
                cite_reference(reference, documents, original_offsets=original_offsets)
            )
        except CorpusError as err:
            fail(str(err), "Cannot cite")
    if output_format == "json":
        records = []
        for c in citations:
            edits = [
                {"kind": e.kind, "original": e.original, "replacement": e.replacement}
                for e in c.edits
            ]
            records.append(
                {"doc": c.doc, "quote": c.exact, "start": c.start, "end": c.end, "line": c.line,
                 "original_start": c.original_start, "original_end": c.original_end,
                 "original_line": c.original_line, "original_exact": c.original_exact,
                 "edits": edits}
            )  # fmt: skip
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for c in citations:
        number = c.doc.split("_", 1)[0]
        kinds: dict[str, int] = {}
        for edit in c.edits:
            kinds[edit.kind] = kinds.get(edit.kind, 0) + 1
        changes = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        click.echo(f"evidence/{number}-{c.start}-{c.end}  {c.doc}")
        click.echo(f"  quote:     {c.exact}")
        click.echo(f"  texts/:    {c.start}-{c.end}, line {c.line}")
        click.echo(f"  original/: {c.original_start}-{c.original_end}, line {c.original_line}")
        click.echo(f"  original:  {_visible(c.original_exact)}")
        click.echo(f"  changed:   {changes or 'nothing'}")


@corpus.command("annotate")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_annotate(path: Path, output_format: str, facts_dir: Path, corpus_dir: Path) -> None:
    """Every mention of a known entity and every date in PATH (one sentence or paragraph per
    line, lines numbered from 1, offsets within the line).

    PATH is one text: a file over 5 MiB (5,242,880 bytes; the corpus's largest text is 280 KB)
    is refused before it is read, as is one that is not UTF-8.
    """
    from kg.corpus.mentions import annotate

    text = _text_to_annotate(path)  # before the facts: a wrong file costs nothing
    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    records = annotate(text, _gazetteer(facts))
    if output_format == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"Mentions and dates in {path}", title_justify="left")
    for column in ("line", "start", "end", "text", "entity or date", "precision"):
        table.add_column(column, overflow="fold")
    for record in records:
        what = record.get("entity") or record["date"] + (
            f" … {record['end_date']}" if "end_date" in record else ""
        )
        table.add_row(
            str(record["line"]), str(record["start"]), str(record["end"]),
            Text(record["text"]), Text(what), record.get("precision", ""),
        )  # fmt: skip
    out_console.print(table)
    err_console.print(f"{len(records)} mention(s) and date(s)")


MAX_ANNOTATE_BYTES = 5 << 20
"""The largest file ``kg corpus annotate`` reads (5 MiB): a text, not a dump of many."""


def _text_to_annotate(path: Path) -> str:
    """The UTF-8 text of ``path``, read no further than ``MAX_ANNOTATE_BYTES`` (so neither a
    huge file nor an endless one, such as a device, is read whole); one line on PATH if not."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ANNOTATE_BYTES + 1)
    except OSError as err:
        message = f"{path}: cannot be read ({err.strerror or err})"
        raise InputFileError(message, param_hint="'PATH'") from None
    if len(data) > MAX_ANNOTATE_BYTES:
        size = path.stat().st_size if path.is_file() else 0  # a device has no size
        held = f"is {size:,} bytes" if size > MAX_ANNOTATE_BYTES else "holds more than"
        raise InputFileError(
            f"{path} {held}, over the {MAX_ANNOTATE_BYTES:,} bytes (5 MiB) a text to annotate "
            "may have; annotate it in parts",
            param_hint="'PATH'",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputFileError(
            f"{path}:{line}: not UTF-8 text (byte {data[err.start]:#04x})", param_hint="'PATH'"
        ) from None


@corpus.command("worklist")
@click.option("--limit", type=int, default=30, show_default=True, help="How many to show (0: all).")
@click.option("--doc", "doc_prefix", default=None, help="Only this document (id or its number).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_worklist(
    limit: int, doc_prefix: str | None, output_format: str, facts_dir: Path, corpus_dir: Path
) -> None:
    """Sentences that name two or more known entities near a relation word or a date but
    support no curated claim (no evidence quote overlaps them), best first."""
    from kg.worklist import worklist

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    found = worklist(facts, _gazetteer(facts))
    found = [c for c in found if not doc_prefix or c.doc.startswith(doc_prefix)]
    shown = found[:limit] if limit else found
    for candidate in shown:
        record: dict[str, Any] = {
            "doc": candidate.doc,
            "line": candidate.sentence.line,
            "start": candidate.sentence.start,
            "end": candidate.sentence.end,
            "score": candidate.score,
            "entities": list(candidate.entities),
            "relation_words": list(candidate.relation_words),
            "dates": [str(d.date) for d in candidate.dates],
            "sentence": candidate.sentence.text,
        }
        if output_format == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.echo(
            f"{candidate.doc}:{candidate.sentence.line} score {candidate.score:g}  "
            f"{', '.join(candidate.entities)}  [{', '.join(candidate.relation_words) or 'date'}]"
            + (f"  {', '.join(record['dates'])}" if record["dates"] else "")
        )
        click.echo(f"  {' '.join(candidate.sentence.text.split())}\n")
    err_console.print(f"{len(shown)} of {len(found)} uncovered candidate sentence(s)")


@corpus.command("coverage")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_coverage(output_format: str, facts_dir: Path, corpus_dir: Path) -> None:
    """Per document: how many candidate sentences the curated facts cover."""
    from kg.worklist import coverage

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    rows = coverage(facts, _gazetteer(facts))
    if output_format == "json":
        records = [
            {"doc": r.doc, "sentences": r.sentences, "candidates": r.candidates,
             "covered": r.covered, "share": round(r.share, 3), "quotes": r.quotes}
            for r in rows
        ]  # fmt: skip
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    table = Table(title="Candidate sentences covered by evidence quotes", title_justify="left")
    for column in ("document", "sentences", "candidates", "covered", "share", "quotes"):
        table.add_column(column, justify="left" if column == "document" else "right")
    for r in rows:
        table.add_row(
            r.doc, str(r.sentences), str(r.candidates), str(r.covered), f"{r.share:.0%}",
            str(r.quotes),
        )  # fmt: skip
    out_console.print(table)


@corpus.command("mentions")
@click.argument("entity")
@click.option("--context", "width", type=int, default=60, show_default=True)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_mentions(entity: str, width: int, facts_dir: Path, corpus_dir: Path) -> None:
    """Where ENTITY (an id such as state/KAZ) is mentioned in the corpus, with context."""
    from kg.worklist import mentions_of

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    if entity not in facts.entities:
        fail(
            f"{entity!r} is no entity id of {facts_dir} (e.g. state/KAZ, org/cis)", "Unknown entity"
        )
    found = mentions_of(entity, facts, _gazetteer(facts), width=width)
    for item in found:
        click.echo(f"{item.doc}:{item.line}\t{item.mention.text}\t{item.context}")
    err_console.print(f"{len(found)} mention(s) of {entity}")
