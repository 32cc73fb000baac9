"""Sentence segmentation on prose and on flattened pages: spans point into the original text."""

from unspin.segment import split_sentences


def texts(t: str) -> list[str]:
    return [t[a:b] for a, b in split_sentences(t)]


def test_abbreviations_and_decimals_do_not_split():
    t = (
        "Ingenuity's handlers lost contact with the 4-pound (1.8 kilograms) chopper on Thursday "
        "(Jan. 18), toward the end. Dr. Smith of the U.S. team agreed. It weighs 1.8 kg."
    )
    assert texts(t) == [
        "Ingenuity's handlers lost contact with the 4-pound (1.8 kilograms) chopper on Thursday "
        "(Jan. 18), toward the end.",
        "Dr. Smith of the U.S. team agreed.",
        "It weighs 1.8 kg.",
    ]


def test_quote_after_full_stop_stays_with_its_sentence():
    t = '"We lost it," NASA said. "The team is analyzing data." Then nothing.'
    assert texts(t) == [
        '"We lost it," NASA said.',
        '"The team is analyzing data."',
        "Then nothing.",
    ]


def test_flattened_page_bullets_are_boundaries():
    t = "Open menu * Space Exploration * The Universe * Stargazing NASA lost contact. It flew."
    out = texts(t)
    assert out[:3] == ["Open menu", "Space Exploration", "The Universe"]
    assert out[-1] == "It flew."


def test_spans_are_offsets_into_original_and_respect_given_spans():
    t = "  First one here.  Second one there.   Third!"
    spans = split_sentences(t, [(0, 36)])
    assert [t[a:b] for a, b in spans] == ["First one here.", "Second one there."]
    assert all(not t[a].isspace() and not t[b - 1].isspace() for a, b in spans)


def test_very_long_run_is_cut():
    t = ", ".join(["word"] * 400)
    spans = split_sentences(t)
    assert len(spans) > 1 and max(b - a for a, b in spans) <= 600
