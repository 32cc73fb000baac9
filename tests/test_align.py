"""The alignment engine on real text with the real packaged model."""

import pytest

from unspin import Document, compare
from unspin.align.judge import lexical_features, load_models
from unspin.align.verbatim import verbatim_runs
from unspin.represent.lexical import tokenize

SOURCE = (
    "Skip to main content * Space * News * Forums "
    "NASA's Ingenuity Mars helicopter has gone incommunicado. Ingenuity's handlers lost contact "
    "with the 4-pound (1.8 kilograms) chopper on Thursday (Jan. 18), toward the end of its 72nd "
    "flight on Mars. Perseverance is hunting for evidence of past Mars life and collecting "
    "samples for future return to Earth. The stock market closed higher on Friday after a "
    "volatile week of trading in technology shares. Subscribe to our newsletter today."
)
SUSPICIOUS = (
    "NASA's Ingenuity Mars helicopter has remained isolated from the outside world. Ingenuity's "
    "operators lost contact with the 4-pound (1.8 kg) helicopter on Thursday (Jan. 18), near the "
    "end of its 72nd Mars mission. Perseverance searches for evidence of past life on Mars and "
    "collects samples for future return to Earth. My grandmother grew tomatoes in her garden "
    "every summer and gave them to the neighbours."
)


@pytest.fixture(scope="module")
def result():
    return compare(Document(SOURCE, id="src"), Document(SUSPICIOUS, id="susp"))


def span(text: str, offset: int, length: int) -> str:
    return text[offset : offset + length]


def test_rewritten_sentences_are_traced_to_their_source(result):
    assert result.passages, "the round-trip translated sentences must be found"
    susp_covered = "".join(
        span(SUSPICIOUS, p.suspicious_offset, p.suspicious_length) for p in result.passages
    )
    src_covered = "".join(span(SOURCE, p.source_offset, p.source_length) for p in result.passages)
    assert "operators lost contact" in susp_covered
    assert "handlers lost contact" in src_covered
    assert "collecting samples" in src_covered


def test_unrelated_text_and_furniture_are_not_reported(result):
    for p in result.passages:
        src = span(SOURCE, p.source_offset, p.source_length)
        susp = span(SUSPICIOUS, p.suspicious_offset, p.suspicious_length)
        assert "stock market" not in src and "Subscribe" not in src and "Skip to" not in src
        assert "grandmother" not in susp


def test_edits_name_the_swapped_words(result):
    pairs = {(e.source_text, e.suspicious_text) for p in result.passages for e in p.edits}
    assert ("handlers", "operators") in pairs
    for p in result.passages:
        assert 0 <= p.similarity <= 1 and p.kind in ("verbatim", "edited", "paraphrase")
        for e in p.edits:
            assert SOURCE[e.source_offset : e.source_offset + e.source_length] == e.source_text
            assert (
                SUSPICIOUS[e.suspicious_offset : e.suspicious_offset + e.suspicious_length]
                == e.suspicious_text
            )


def test_coverage_and_json_shape(result):
    d = result.to_dict()
    assert set(d["coverage"]) == {"source", "suspicious"}
    assert 0.5 < d["coverage"]["suspicious"] <= 1.0
    assert {
        "suspicious_offset",
        "suspicious_length",
        "source_offset",
        "source_length",
        "similarity",
        "kind",
        "edits",
    } <= set(d["passages"][0])


def test_verbatim_copy_inside_other_text_has_exact_bounds():
    copied = (
        "the committee met on a cold morning in March and agreed after a long debate that "
        "the bridge would be rebuilt in stone rather than in timber"
    )
    src = "Preface words of no interest at all. " + copied + " And then more unrelated words."
    susp = "Completely different opening sentence here, " + copied + ", she wrote later."
    r = compare(src, susp, lexical_only=True)
    assert len(r.passages) == 1
    p = r.passages[0]
    assert copied in span(susp, p.suspicious_offset, p.suspicious_length)
    assert span(src, p.source_offset, p.source_length).startswith("the committee")
    assert p.kind == "verbatim"


def test_independent_texts_on_one_topic_are_not_flagged():
    a = (
        "The Eiffel Tower was built for the 1889 World's Fair in Paris. It was designed by the "
        "engineering company of Gustave Eiffel. At 330 metres it was the tallest structure of its "
        "time."
    )
    b = (
        "Visitors to Paris often queue for hours to ride the lifts of the tower. Tickets are "
        "cheaper if you climb the stairs to the second floor. The view at night is spectacular."
    )
    assert compare(a, b).passages == []


def test_two_parts_copied_in_swapped_order_are_two_passages():
    first = (
        "Product placement has moved from cinema into video games this year. "
        "You cannot help but notice the brands placed in every science fiction movie. "
        "One viewer even felt an urge to buy a pair of running shoes after the credits. "
    )
    second = (
        "Well, there is still popcorn and a long talk at the coffee shop afterwards. "
        "A professional league now pays its best players a six digit salary in Korea. "
        "Some of you may have heard of the channel that shows tournaments all day long. "
    )
    src = first + second
    susp = "An opening line of my own. " + second + first + "A closing line of my own."
    r = compare(src, susp, lexical_only=True)
    got = sorted(
        (
            span(susp, p.suspicious_offset, p.suspicious_length).strip(),
            span(src, p.source_offset, p.source_length).strip(),
        )
        for p in r.passages
    )
    assert got == sorted([(second.strip(), second.strip()), (first.strip(), first.strip())])


def test_same_topic_lookalike_sentences_are_not_flagged():
    # Sentences sharing a subject and a word or two ("know", "cholesterol") are not rewrites.
    source = (
        "There are three kinds of lipoproteins in the blood. Each type contains a mixture of "
        "cholesterol, protein and triglyceride, but in varying amounts. VLDL contains the highest "
        "amount of triglyceride, a blood fat. It is important to know your VLDL cholesterol "
        "level. By lowering your triglyceride levels, you also lower your VLDL cholesterol levels."
    )
    page = (
        "Want to know about lowering cholesterol? What are triglycerides and triglyceride levels? "
        "Looking for a cholesterol meal planner or a cholesterol chart? Our guides answer the "
        "common questions readers send us every week."
    )
    assert compare(source, page).passages == []


def test_one_template_filled_with_other_figures_is_not_reuse():
    town = (
        "As of the census of 2000, there were 1,204 people, 478 households, and 331 families "
        "residing in the town. The population density was 1,196.3 people per square mile. There "
        "were 948 housing units at an average density of 584.3 per square mile."
    )
    village = (
        "As of the census of 2000, there were 2,311 people, 902 households, and 615 families "
        "residing in the village. The population density was 1,312.8 people per square mile. "
        "There were 141 housing units at an average density of 617.0 per square mile."
    )
    assert compare(town, village).passages == []
    # A spun copy keeps its figures: it is reuse.
    spun = village.replace("2,311", "1,204").replace("902", "478").replace("615", "331")
    spun = spun.replace("1,312.8", "1,196.3").replace("141", "948").replace("617.0", "584.3")
    spun = spun.replace("residing in", "living in").replace("average density", "mean density")
    assert compare(town, spun).passages


def test_word_salad_copy_keeps_a_high_similarity():
    # Neighbouring words swapped throughout: the diff finds few words in order, yet every word
    # of the source is there, and the passage must say so (check ranks sources by it).
    words = (
        "The harbour pilot guided the tanker through the narrow channel at dawn while the crew "
        "watched the tide. Two tugs waited near the breakwater and the captain radioed the port "
        "authority twice before the ship reached the inner basin safely that morning."
    ).split()
    salad = " ".join(w for k in range(0, len(words) - 1, 2) for w in (words[k + 1], words[k]))
    r = compare(" ".join(words), salad, lexical_only=True)
    assert r.passages and max(p.similarity for p in r.passages) > 0.7  # in order: 0.3


def test_lexical_only_runs_without_model_and_empty_inputs_are_fine():
    r = compare(SOURCE, SUSPICIOUS, lexical_only=True)
    assert r.model is None and r.passages
    assert compare("", SUSPICIOUS, lexical_only=True).passages == []


def test_verbatim_runs_bridge_a_small_edit():
    a = tokenize("one two three four five six seven eight nine ten eleven twelve thirteen")
    b = tokenize("one two three four five six SEVEN eight nine ten eleven twelve thirteen")
    runs = verbatim_runs(a, b, min_words=10)
    assert len(runs) == 1 and runs[0].words == 13


def test_judge_separates_rewrite_from_unrelated():
    lex = load_models()["lexical"]
    src = "Hare lays great stress on the necessity of circumcision wherever there is irritation."
    rewrite = (
        "Hare lays great stress onto the necessity of circumcision wherever there is irritation."
    )
    other = "The land of Maine forms a single ecclesiastical diocese."
    p_rw, p_other = lex.proba(
        [
            lexical_features(src, rewrite, tokenize(src), tokenize(rewrite)),
            lexical_features(src, other, tokenize(src), tokenize(other)),
        ]
    )
    assert p_rw > lex.threshold > p_other


def test_mostly_verbatim_copy_drops_weak_paraphrase_lookalikes_only():
    from unspin.align.candidates import _adapt, _Cand

    copy = _Cand(0, 300, 0, 300, evidence=36.0, verbatim=290)  # 290 of 380 words verbatim
    lookalike = _Cand(300, 320, 200, 220, evidence=1.8)
    strong_rewrite = _Cand(400, 460, 300, 360, evidence=4.5)
    kept = _adapt([copy, lookalike, strong_rewrite])
    assert copy in kept and strong_rewrite in kept and lookalike not in kept
    # Weak look-alikes do not get a say in the verbatim share, however long they are.
    long_lookalike = _Cand(500, 800, 400, 700, evidence=2.8)
    kept = _adapt([copy, long_lookalike, strong_rewrite])
    assert long_lookalike not in kept and copy in kept
    # A pair reused mostly by paraphrase keeps every passage.
    assert _adapt([lookalike, strong_rewrite]) == [lookalike, strong_rewrite]


def test_long_passage_edits_are_found_chunk_by_chunk():
    import random

    from unspin.align.edits import CHUNK, word_edits

    rng = random.Random(7)
    words = [f"w{rng.randrange(5000)}" for _ in range(3 * CHUNK + 500)]
    changed = list(words)
    for k in (100, 2500, 4100, 6200):
        changed[k] = "SWAPPED"
    a, b = " ".join(words), " ".join(changed)
    edits, matched = word_edits(a, tokenize(a), b, tokenize(b))
    assert [(e.op, e.suspicious_text) for e in edits] == [("replace", "SWAPPED")] * 4
    assert matched == len(words) - 4


def test_trim_stops_where_the_copy_stops_despite_chance_matches():
    from unspin.align.edits import trim

    copied = "to minimize the loss of life personal injury and property damage on the roads"
    src = (
        copied
        + " to promote the safe and efficient movement of people and goods throughout the state"
    )
    susp = (
        copied
        + " counties troop albany fulton hamilton and washington troop headquarters and offices"
    )
    a, b = trim(tokenize(src), tokenize(susp))
    assert src[a[0].start : a[-1].end] == copied
    assert susp[b[0].start : b[-1].end] == copied
    # A one-word synonym swap at the edge is kept: that is how spun text ends.
    a, b = trim(tokenize(copied + " highways"), tokenize(copied + " streets"))
    assert b[-1].lower == "streets"


ARTICLE_1 = (
    "The city council voted on Tuesday to close the old harbour bridge to heavy traffic. "
    "Engineers found deep cracks in two of its supporting piers during an inspection last month. "
)
ARTICLE_2 = (
    "Lorries will be sent along the ring road while repairs are planned, which officials expect "
    "to take at least eighteen months. Local shop owners worry that fewer visitors will reach "
    "the old town during the works. "
)
MENU = "Home News Sport Weather Business Opinion Culture Travel Sign in Subscribe Newsletter "


def test_reuse_in_text_extraction_left_out_is_still_traced():
    # The extractor kept only the first paragraph of the article (main spans set by hand).
    text = MENU + ARTICLE_1 + ARTICLE_2 + MENU
    a1 = text.index(ARTICLE_1)
    a2 = text.index(ARTICLE_2)
    src = Document(text, id="page", main=[(a1, a1 + len(ARTICLE_1))])
    copy = (ARTICLE_1 + ARTICLE_2).replace("worry", "are concerned").replace("plans", "schemes")
    res = compare(src, Document(copy, id="copy"), lexical_only=True)
    assert any(p.source_offset < a2 + len(ARTICLE_2) and p.source_end > a2 for p in res.passages)
    assert res.coverage["suspicious"] > 0.95
    # nothing is traced into the menus
    assert all(p.source_offset >= a1 and p.source_end <= a2 + len(ARTICLE_2) for p in res.passages)


def test_furniture_both_pages_left_out_is_not_reuse():
    # Two articles of one site: same menus, which extraction leaves out on both sides.
    other = (
        "A new bakery opened on the high street this weekend, selling bread made with flour from "
        "a mill two villages away. The owners say they will open every day except Monday. "
    )
    page_a = MENU * 3 + ARTICLE_1 + MENU * 3
    page_b = MENU * 3 + other + MENU * 3
    main_a = [(page_a.index(ARTICLE_1), page_a.index(ARTICLE_1) + len(ARTICLE_1))]
    main_b = [(page_b.index(other), page_b.index(other) + len(other))]
    res = compare(
        Document(page_a, id="a", main=main_a),
        Document(page_b, id="b", main=main_b),
        lexical_only=True,
    )
    assert res.passages == []


def test_copy_whose_own_extraction_dropped_a_part_is_traced_and_covered_whole():
    page = ARTICLE_1 + ARTICLE_2
    copy = page.replace("worry", "are concerned")
    # the copy's extraction kept only its first paragraph
    susp = Document(copy, id="copy", main=[(0, len(ARTICLE_1))])
    res = compare(Document(page, id="src"), susp, lexical_only=True)
    assert res.coverage["suspicious"] > 0.95
    assert sum(p.suspicious_length for p in res.passages) > 0.95 * len(copy)
