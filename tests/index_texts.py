"""Short articles on unrelated subjects, shared by the index tests as a small library."""

TEXTS = {
    "mars.txt": (
        "The small helicopter completed its seventy-second flight over the Martian crater on "
        "Thursday. Engineers at the laboratory in California confirmed that the rotor blade had "
        "been damaged during the landing. The aircraft had been designed for only five test "
        "flights but kept flying for almost three years. Its mission ended after images showed "
        "a broken blade resting on the sand dunes of the crater floor."
    ),
    "bread.txt": (
        "Sourdough bread rises slowly because wild yeast ferments the dough overnight. Bakers "
        "feed their starter with flour and water every morning to keep the culture active. A "
        "long fermentation gives the loaf its sour flavour and its open, chewy crumb. Many home "
        "bakers bake in a heavy cast iron pot to trap steam during the first minutes."
    ),
    "chess.txt": (
        "The grandmaster sacrificed her queen on the twenty-third move to open the king's file. "
        "Commentators doubted the combination until the rook arrived with a decisive check. "
        "Her opponent resigned four moves later, unable to escape the mating net. The victory "
        "secured first place in the tournament with one round still to play."
    ),
}

#: A fourth subject, for tests that need one more source.
TIDES = (
    "Ocean tides follow the pull of the moon and, more weakly, of the sun on the seas. "
    "Twice a month the two pulls line up and the spring tides run highest along the coast. "
    "Harbour pilots read the tide tables before guiding large ships through shallow "
    "channels. Fishermen on the estuary time their departures to the ebbing water."
)
