"""British and American spellings of a word, so that search finds either.

The handbook writes British English; readers type both. The build adds the
other spelling of every word that has one to the question's search record.
"""

from __future__ import annotations

import re

# -ise / -ize and -yse / -yze, with their inflections.
_ISE = re.compile(r"^(?P<stem>\w{3,}?)(?P<s>is|iz)(?P<end>e|es|ed|ing|ation|ations|ational|er|ers|able)$")
_YSE = re.compile(r"^(?P<stem>\w{2,}?)(?P<s>ys|yz)(?P<end>e|ed|ing|er|ers)$")
# Words where "ise" or "yse" is not the suffix that the two spellings disagree on.
_NOT_ISE = frozenset(
    [
        "advise",
        "arise",
        "chastise",
        "circumcise",
        "comprise",
        "compromise",
        "concise",
        "demise",
        "despise",
        "devise",
        "disguise",
        "enterprise",
        "excise",
        "exercise",
        "expertise",
        "franchise",
        "improvise",
        "incise",
        "merchandise",
        "noise",
        "otherwise",
        "paradise",
        "poise",
        "praise",
        "precise",
        "premise",
        "promise",
        "raise",
        "revise",
        "rise",
        "advertise",
        "supervise",
        "surmise",
        "surprise",
        "televise",
        "treatise",
        "likewise",
        "wise",
        "clockwise",
        "cruise",
        "bruise",
        "guise",
        "tortoise",
        "porpoise",
    ]
)
# Other pairs, matched at the start of a word: behaviour -> behavioural, behaviours.
_PAIRS = (
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("favour", "favor"),
    ("flavour", "flavor"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("rumour", "rumor"),
    ("modelling", "modeling"),
    ("modelled", "modeled"),
    ("modeller", "modeler"),
    ("labelling", "labeling"),
    ("labelled", "labeled"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("travelling", "traveling"),
    ("signalling", "signaling"),
    ("fuelled", "fueled"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("analogue", "analog"),
    ("centre", "center"),
    ("metre", "meter"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("programme", "program"),
    ("ageing", "aging"),
    ("artefact", "artifact"),
    ("judgement", "judgment"),
    ("sceptic", "skeptic"),
    ("grey", "gray"),
    ("aluminium", "aluminum"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("instalment", "installment"),
    ("practise", "practice"),
)


# What may follow a pair's word: "behaviour" + "al"; not "program" + "ming".
_ENDINGS = frozenset(["", "s", "al", "ally", "ed", "ing", "er", "ers", "ist", "ists", "ism", "able", "ful", "less"])


def variants(word: str) -> set[str]:
    """The other spellings of `word` (lower-case), or an empty set."""
    word = word.lower()
    out: set[str] = set()
    m = _ISE.match(word)
    if m and word not in _NOT_ISE and m.group("stem") + "ise" not in _NOT_ISE:
        other = "iz" if m.group("s") == "is" else "is"
        out.add(m.group("stem") + other + m.group("end"))
    m = _YSE.match(word)
    if m:
        other = "yz" if m.group("s") == "ys" else "ys"
        out.add(m.group("stem") + other + m.group("end"))
    for uk, us in _PAIRS:
        for a, b in ((uk, us), (us, uk)):
            if word.startswith(a) and not word.startswith(b) and word[len(a) :] in _ENDINGS:
                out.add(b + word[len(a) :])
    out.discard(word)
    return out
