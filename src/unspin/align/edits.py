"""Word-level alignment inside a passage: trimmed boundaries and the edits a person reads.

difflib's matcher over folded words gives the copied runs; what lies between them becomes
replace / insert / delete edits, and a deleted run that reappears as an inserted run elsewhere
becomes a move. Leading and trailing words that have no counterpart anywhere on the other side
(a caption glued to the sentence by a flattened page) are trimmed from the passage.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from unspin.align.result import Edit
from unspin.represent.lexical import Token

#: Longer word sequences are diffed in chunks cut at shared anchors: difflib is quadratic, and a
#: book copied whole would otherwise take minutes and gigabytes.
CHUNK = 2000
_ANCHOR = 5  # words in an anchor n-gram


def _opcodes(a: list[Token], b: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes of the folded words, chunk by chunk for long inputs."""
    wa, wb = [t.lower for t in a], [t.lower for t in b]
    if max(len(wa), len(wb)) <= CHUNK:
        return SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    ops: list[tuple[str, int, int, int, int]] = []
    cuts = _anchors(wa, wb)
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:]):
        sub = SequenceMatcher(None, wa[i0:i1], wb[j0:j1], autojunk=False).get_opcodes()
        ops += [(tag, x0 + i0, x1 + i0, y0 + j0, y1 + j0) for tag, x0, x1, y0, y1 in sub]
    return ops


def _anchors(wa: list[str], wb: list[str]) -> list[tuple[int, int]]:
    """Cut points (i, j) about every CHUNK words of ``wb``: the start of an n-gram found once in
    each sequence, moving forward in both; proportional cuts where no anchor is found."""
    once: dict[tuple[str, ...], int] = {}
    seen: set[tuple[str, ...]] = set()
    for i in range(len(wa) - _ANCHOR + 1):
        g = tuple(wa[i : i + _ANCHOR])
        if g in seen:
            once.pop(g, None)
        else:
            seen.add(g)
            once[g] = i
    cuts = [(0, 0)]
    j = CHUNK
    while j < len(wb) - CHUNK // 4:
        pi, pj = cuts[-1]
        found = None
        for k in range(j, min(len(wb) - _ANCHOR + 1, j + CHUNK // 2)):
            i = once.get(tuple(wb[k : k + _ANCHOR]))
            if i is not None and pi < i and i - pi <= 4 * CHUNK:
                found = (i, k)
                break
        if found is None:
            share = (j - pj) / max(1, len(wb) - pj)
            found = (min(len(wa), pi + int(share * (len(wa) - pi))), j)
        cuts.append(found)
        j = found[1] + CHUNK
    cuts.append((len(wa), len(wb)))
    return cuts


#: Unmatched words kept, paired, at either edge of a passage.
MAX_EDGE_REPLACE = 3


def trim(a: list[Token], b: list[Token]) -> tuple[list[Token], list[Token]]:
    """Drop end words of either side that nothing on the other side accounts for.

    Before the first copied run, as many words as the *other* side also has there stay (a 1:1
    replacement such as "Ingenuity" -> "Creativity"); beyond that, a word stays only if it
    reappears, unmatched, on the other side (a moved phrase such as "they added").
    """
    for _ in range(2):  # trimming one side can expose more to trim on the other
        eq = _core(
            [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in _opcodes(a, b) if tag == "equal"], a
        )
        if not eq:
            return a, b
        lo_a, lo_b, hi_a, hi_b = eq[0][0], eq[0][2], eq[-1][1], eq[-1][3]
        in_a = {k for i1, i2, _, _ in eq for k in range(i1, i2)}
        in_b = {k for _, _, j1, j2 in eq for k in range(j1, j2)}
        free_a = {t.stem for k, t in enumerate(a) if k not in in_a and t.stem}
        free_b = {t.stem for k, t in enumerate(b) if k not in in_b and t.stem}
        # A replacement at a passage's very edge is believable only if short and all there is
        # before (after) the match on both sides ("Ingenuity" -> "Creativity" opening the
        # sentence); where either side goes on unmatched, the copy stopped at the match.
        lead = min(lo_a, lo_b) if max(lo_a, lo_b) <= MAX_EDGE_REPLACE else 0
        rest_a, rest_b = len(a) - hi_a, len(b) - hi_b
        tail = min(rest_a, rest_b) if max(rest_a, rest_b) <= MAX_EDGE_REPLACE else 0
        a, b = (
            _cut(a, lo_a - lead, hi_a + tail, free_b),
            _cut(b, lo_b - lead, hi_b + tail, free_a),
        )
    return a, b


#: An edge match of at most this many words, or of no content word, is chance when a longer
#: unmatched stretch separates it from the rest ("and" or "the" in text after the copy stopped).
CHANCE_MATCH = 2


def _core(eq: list[tuple[int, int, int, int]], a: list[Token]) -> list[tuple[int, int, int, int]]:
    """Equal blocks without the chance matches at either end."""

    def chance(block: tuple[int, int, int, int], gap: int) -> bool:
        i1, i2 = block[0], block[1]
        weak = i2 - i1 <= CHANCE_MATCH or not any(t.stem for t in a[i1:i2])
        return weak and gap > MAX_EDGE_REPLACE and i2 - i1 < gap

    while len(eq) > 1 and chance(eq[-1], max(eq[-1][0] - eq[-2][1], eq[-1][2] - eq[-2][3])):
        eq.pop()
    while len(eq) > 1 and chance(eq[0], max(eq[1][0] - eq[0][1], eq[1][2] - eq[0][3])):
        eq.pop(0)
    return eq


def _cut(toks: list[Token], start: int, end: int, other_free: set[str]) -> list[Token]:
    k = start
    while k > 0 and (not toks[k - 1].stem or toks[k - 1].stem in other_free):
        k -= 1
        if toks[k].stem:
            start = k
    k = end
    while k < len(toks) and (not toks[k].stem or toks[k].stem in other_free):
        k += 1
        if toks[k - 1].stem:
            end = k
    return toks[start:end]


def word_edits(text_a: str, a: list[Token], text_b: str, b: list[Token]) -> tuple[list[Edit], int]:
    """Edits turning source words ``a`` into suspicious words ``b``; also the matched word count."""
    edits: list[Edit] = []
    matched = 0
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            matched += i2 - i1
            continue
        sa = (
            (a[i1].start, a[i2 - 1].end)
            if i2 > i1
            else (a[i1].start if i1 < len(a) else (a[-1].end if a else 0),) * 2
        )
        sb = (
            (b[j1].start, b[j2 - 1].end)
            if j2 > j1
            else (b[j1].start if j1 < len(b) else (b[-1].end if b else 0),) * 2
        )
        edits.append(
            Edit(
                tag,
                sa[0],
                sa[1] - sa[0],
                sb[0],
                sb[1] - sb[0],
                text_a[sa[0] : sa[1]],
                text_b[sb[0] : sb[1]],
            )
        )
    return _find_moves(edits), matched


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _find_moves(edits: list[Edit]) -> list[Edit]:
    """A deleted run equal to an inserted run elsewhere is one move, not two edits."""
    inserts = {}
    for k, e in enumerate(edits):
        if e.op == "insert":
            inserts.setdefault(_norm(e.suspicious_text), []).append(k)
    drop = set()
    for e in edits:
        if e.op != "delete":
            continue
        ks = inserts.get(_norm(e.source_text))
        if ks:
            k = ks.pop(0)
            ins = edits[k]
            e.op = "move"
            e.suspicious_offset, e.suspicious_length = ins.suspicious_offset, ins.suspicious_length
            e.suspicious_text = ins.suspicious_text
            drop.add(k)
    return [e for k, e in enumerate(edits) if k not in drop]


_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")
_ONLY_FIGURES = re.compile(r"[\d\s.,%/:$€£+-]*\d[\d\s.,%/:$€£+-]*")


def other_figures(edits: list[Edit], source_text: str, suspicious_text: str) -> bool:
    """True where the passage is one template filled with other facts.

    Reusers keep figures (a spinner swaps words, a translation keeps "1.8"); census lines,
    sports results and price lists share their wording and differ in the numbers. Two or more
    figures replaced by other figures, and more replaced than kept, mean such a template.
    """
    changed = sum(
        1
        for e in edits
        if e.op == "replace"
        and _ONLY_FIGURES.fullmatch(e.source_text.strip())
        and _ONLY_FIGURES.fullmatch(e.suspicious_text.strip())
    )
    if changed < 2:
        return False
    kept = Counter(_FIGURE.findall(source_text)) & Counter(_FIGURE.findall(suspicious_text))
    return changed > sum(kept.values())
