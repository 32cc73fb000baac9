"""The word lists of every stage, in one place, each saying why it differs from the others.

* ``ENGLISH``: function words that carry no evidence that one sentence rewrites another
  (alignment, the pair judge).
* ``FINGERPRINT``: the words the index's fingerprints skip. **Frozen**: it is part of the index
  format; changing a word changes the fingerprints of every stored document, so a change needs
  ``FINGERPRINT_VERSION`` raised in ``unspin.index.fingerprints`` and every index rebuilt
  (``tests/test_architecture.py`` holds it to its checksum).
* ``WEB_FUNCTION_WORDS``: function words of the languages most often met on the web; a prose
  sentence is full of them (the flat-page extractor's prose signal).
"""

from __future__ import annotations

_CORE = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just may me might more most must my myself no nor not now of off on once one
    only or other our ours ourselves out over own said same says shall she should so some such
    than that the their theirs them themselves then there these they this those through thus to
    too under until up upon us very was we were what when where which while who whom why will
    with would you your yours yourself yourselves
"""

ENGLISH = frozenset(
    _CORE.split()
    + """
    aren't can't couldn't didn't doesn't don't he's however i'm isn't it's she's shouldn't
    that's there's they're wasn't we're weren't won't wouldn't you're
""".split()
)

#: Frozen with the index format (see the module doc); its checksum:
FINGERPRINT_CHECKSUM = 4265008512
FINGERPRINT = frozenset(
    _CORE.split()
    + """
    even first get got last like made make many mr mrs ms much new per say still three two use
    used via well yet
""".split()
)

WEB_FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours said says one two new like after
    el la los las de del y en que un una por con para es al lo se su sus como más pero fue
    le les des et à un une du est dans pour pas qui sur au avec ce il elle sont
    der die das und ist nicht mit von den zu im ein eine sich auf für dem des auch es
    o os as da do dos das em um uma para com não por mais foi ao pelo pela
    il lo gli di che è per non una sono della nel
    yang dan di ini itu dengan untuk dari dalam tidak akan pada adalah
    и в не на что с как а то все она так его но да к у же вы за бы по только от еще нет о из
    когда уже или до для мы чем без будет кто этот при это можно они он их был была""".split()
)
