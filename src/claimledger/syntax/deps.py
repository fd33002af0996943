"""Named sets of dependency labels (spaCy's English ClearNLP labels) that several rules share.

Labels are grammar, not vocabulary, so they stay in code; but a rule that asks "has
this clause a subject?" should say which subjects it means. Each set is named for what
it means, and each keeps the exact labels its readers were written against: the rules
were tuned on these sets, so merging two of them would change what the pipeline finds.
Tuples are ordered (the reader takes the first label that matches); frozensets are not.
"""

from __future__ import annotations

#: A clause's own subject: nominal (active or passive) or clausal. The clausal passive
#: ("that it happened was denied") is left out; the attribution rules never needed it.
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})

#: Every subject label, in the order the hedges' subject scope takes them: nominal before
#: clausal, and passive before active, since what a passive marker is about is its
#: passive subject ("the video is believed to be ...").
SUBJECTS_WITH_PASSIVE_CLAUSAL = ("nsubjpass", "nsubj", "csubjpass", "csubj")

#: Noun-phrase subjects, active or passive: the thing a number or verb is said of
#: ("the toll rose to 17", "two were reported").
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})

#: Subjects of an active verb, nominal or clausal: who acts, so the speaker of a cue
#: ("Zelensky said", not the passive "was told").
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})

#: Passive subjects, nominal first: what a passive verb is about ("the claims were denied").
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
