"""One-off, kept as the provenance of mentions-gold.tsv: the hand-checked gold annotations were
made on the first-pass texts (corpus/texts before the switch to the deep normal form, commit
e92cb3f); this carries every row and the sampled line ranges over to the deep texts through
kg.corpus.OffsetMap. Nothing is re-annotated (running the mention finder would make the gold
circular): each gold span is moved, not found again.

    git show e92cb3f:tests/data/mentions-gold.tsv \\
        | .venv/bin/python tests/data/mentions_gold_to_deep.py > tests/data/mentions-gold.tsv

The first pass replaced characters one for one, so a first-pass offset is an offset in the
original; ``OffsetMap.to_normalised`` gives the deep span of what is left of it. Every row is
checked: its text is the first-pass text at its place, its deep span stays on one line, and the
deep text there equals the old text up to what the deep form changes (folded spaces, rejoined
words); the changed rows are listed on stderr. A sampled range maps to the deep lines of its
first and last line, and must keep its number of lines.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.corpus import normalise, normalise_deep  # noqa: E402

RANGES = re.compile(r"(Sampled ranges: )(.*)$")
WHERE = "corpus/texts, in the deep normal form"
PROVENANCE = (
    "# Made on the first-pass texts and carried over to the deep ones through kg.corpus.OffsetMap"
    " (not re-annotated): tests/data/mentions_gold_to_deep.py."
)


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def main() -> None:
    lines = sys.stdin.read().splitlines()
    texts = {}
    for path in sorted((ROOT / "corpus/original").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        first = normalise(raw)
        assert len(first) == len(raw), "the first pass is one for one"
        deep, offsets = normalise_deep(raw)
        texts[path.name[:3]] = (first, deep, offsets)

    def to_deep_line(number: str, line: int, last: bool) -> int:
        """The deep line holding the start (or, ``last``, the end) of a first-pass line."""
        first, deep, offsets = texts[number]
        starts = line_starts(first)
        line_end = starts[line] - 1 if line < len(starts) else len(first)
        start, end = offsets.to_normalised(starts[line - 1], line_end)
        position = (end - 1 if end > start else start) if last else start
        return deep.count("\n", 0, position) + 1

    out = []
    changed = 0
    for text_line in lines:
        ranges = RANGES.search(text_line)
        if ranges:
            converted = []
            for part in ranges.group(2).split("; "):
                number, spans = part.split(":")
                new_spans = []
                for span in spans.split(","):
                    first_line, last_line = map(int, span.split("-"))
                    new_first = to_deep_line(number, first_line, last=False)
                    new_last = to_deep_line(number, last_line, last=True)
                    assert new_last - new_first == last_line - first_line, (number, span)
                    new_spans.append(f"{new_first}-{new_last}")
                converted.append(f"{number}:{','.join(new_spans)}")
            text_line = text_line[: ranges.start(2)] + "; ".join(converted)
            out.append(text_line)
            continue
        if text_line.startswith("#") or text_line.startswith("doc\t") or not text_line:
            out.append(text_line.replace("five texts (corpus/texts).", f"five texts ({WHERE})."))
            if text_line.startswith("# Columns:"):
                out.append(PROVENANCE)
            continue
        number, line, start, end, old, entity = text_line.split("\t")
        first, deep, offsets = texts[number]
        base = line_starts(first)[int(line) - 1]
        a, b = base + int(start), base + int(end)
        assert first[a:b] == old, (number, line, start, old)
        new_start, new_end = offsets.to_normalised(a, b)
        new = deep[new_start:new_end]
        new_line = deep.count("\n", 0, new_start) + 1
        assert "\n" not in new, (number, line, old)
        if new != old:
            changed += 1
            assert " ".join(new.split()) == " ".join(old.split()).replace("- ", ""), (old, new)
            print(f"changed: {number}:{line} {old!r} -> {new!r}", file=sys.stderr)
        new_base = line_starts(deep)[new_line - 1]
        row = [
            number,
            str(new_line),
            str(new_start - new_base),
            str(new_end - new_base),
            new,
            entity,
        ]
        out.append("\t".join(row))
    print(f"{changed} row(s) with changed text", file=sys.stderr)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
