"""Read PAN text-alignment XML (truth files and detector output alike).

PAN truth files name their features ``plagiarism``; detector output names them
``detected-plagiarism``. The official evaluator accepts any feature whose name ends in
``plagiarism``; so do we, so that truth can be scored against truth as a sanity check.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

_INT_FIELDS = ("this_offset", "this_length", "source_offset", "source_length")
_PAIR_NAME = re.compile(r"^(?P<susp>.+?document\d+)-(?P<src>.+?document\d+)\.xml$")


def read_pan_xml(path: str | os.PathLike) -> list[dict]:
    """Return the plagiarism features of one PAN XML file as dicts.

    Each dict has ``this_reference``, ``this_offset``, ``this_length``, ``source_reference``,
    ``source_offset``, ``source_length`` (ints for offsets and lengths) and ``name``, plus any
    other attributes of the feature (``obfuscation``, ``type`` ...) as strings.
    Features without suspicious offsets, or without a source span (intrinsic detection), are
    skipped: this project does text alignment only. A missing document or source reference is
    taken from the ``suspicious-documentX-source-documentY.xml`` file name when possible.
    An empty file (a detector that found nothing and wrote nothing) yields ``[]``.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    if not data.strip():
        return []
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise ValueError(f"{os.fspath(path)}: not valid PAN XML ({err})") from err

    susp_guess, src_guess = _references_from_filename(os.path.basename(os.fspath(path)))
    this_ref = root.get("reference") or susp_guess
    out: list[dict] = []
    for node in root.iter("feature"):
        name = node.get("name", "")
        if not name.endswith("plagiarism"):
            continue
        attrs = dict(node.attrib)
        if "this_offset" not in attrs or "this_length" not in attrs:
            continue
        if "source_offset" not in attrs or "source_length" not in attrs:
            continue
        try:
            feature = {key: int(attrs.pop(key)) for key in _INT_FIELDS}
        except ValueError as err:
            raise ValueError(f"{os.fspath(path)}: non-integer offset in feature ({err})") from err
        feature["this_reference"] = this_ref
        feature["source_reference"] = attrs.pop("source_reference", None) or src_guess
        feature["name"] = attrs.pop("name", name)
        feature.update(attrs)
        out.append(feature)
    return out


def _references_from_filename(filename: str) -> tuple[str | None, str | None]:
    """``suspicious-document1-source-document2.xml`` -> the two ``.txt`` names, else Nones."""
    m = _PAIR_NAME.match(filename)
    if not m:
        return None, None
    return m.group("susp") + ".txt", m.group("src") + ".txt"
