"""Short answers against an encyclopedia paragraph: rewrites flagged, independent answers not.

Modelled on the short-answer plagiarism corpora (near copy, light and heavy revision, original
answer on the same question); the texts here are written for this test.
"""

import pytest

from unspin import compare

WIKI = (
    "Photosynthesis is the process by which green plants and some other organisms use sunlight to "
    "synthesize foods from carbon dioxide and water. Photosynthesis in plants generally involves "
    "the green pigment chlorophyll and generates oxygen as a by-product. The process takes place "
    "mainly in the leaves, inside organelles called chloroplasts. The light-dependent reactions "
    "capture energy from sunlight and store it in ATP and NADPH, which the Calvin cycle then uses "
    "to turn carbon dioxide into sugars."
)

LIGHT = (
    "Photosynthesis is the process in which green plants and some other organisms use sunlight to "
    "make food from carbon dioxide and water. In plants it usually involves the green pigment "
    "chlorophyll and produces oxygen as a by-product. It happens mostly in the leaves, inside "
    "organelles known as chloroplasts."
)

HEAVY = (
    "Plants, along with a few other living things, can build their own food out of water and "
    "carbon dioxide by harnessing the energy of light; this is called photosynthesis. Chlorophyll, "
    "a green pigment, is normally involved, and oxygen is released as a side product. Most of it "
    "happens in the chloroplasts of leaf cells."
)

INDEPENDENT = (
    "When I grew beans for a school project, the pots on the windowsill grew much taller than the "
    "ones in the cupboard. Our teacher said plants need light to grow, and that is why farmers "
    "plant crops in open fields. Without enough water the leaves went yellow after a week."
)


@pytest.mark.parametrize(
    "answer, min_coverage", [(LIGHT, 0.9), (HEAVY, 0.9)], ids=["light", "heavy"]
)
def test_rewrites_are_flagged(answer, min_coverage):
    r = compare(WIKI, answer)
    assert r.passages, "a rewrite of the paragraph must be flagged"
    assert r.coverage["suspicious"] > min_coverage


def test_independent_answer_on_same_topic_is_not_flagged():
    assert compare(WIKI, INDEPENDENT).passages == []


# An independent answer that opens with its own definition of the notion: the model calls that
# one sentence a sure paraphrase of the paragraph's first (p ~ .98), but a lone sentence needs
# lexical certainty to count as reuse, and the rest of the answer is its own.
OWN_DEFINITION = (
    "Photosynthesis is a basic process of biology where plants build sugars out of carbon "
    "dioxide and water with the help of light. Most of what I know about it comes from a biology "
    "lecture on the carbon cycle. The lecturer compared a leaf to a solar panel that also builds "
    "sugar, although real panels only make electricity. She added that most of the oxygen we "
    "breathe was released by ocean algae over billions of years."
)


def test_independent_answer_opening_with_its_own_definition_is_not_flagged():
    assert compare(WIKI, OWN_DEFINITION).passages == []


def test_a_one_sentence_text_is_traced_by_paraphrase_alone():
    # The same definition on its own asks exactly where that sentence came from.
    sentence = OWN_DEFINITION.split(". ")[0] + "."
    r = compare(WIKI, sentence)
    assert len(r.passages) == 1 and r.passages[0].source_offset == 0
