"""An invented local story, a trimmed copy of it and an unrelated piece that shares one
paragraph with it: the near-duplicate tests' texts (no real article text)."""

from __future__ import annotations

PARAS = [
    "The river authority in Eastholm opened all nine sluice gates on Tuesday night after three days "
    "of rain pushed the water to its highest mark since the dam was built.",
    "Engineers spent the evening walking the northern embankment with lamps, looking for seepage where "
    "a culvert was relined last spring with a cheaper grade of concrete.",
    "Families in the low streets behind the tannery were told to move cars, pets and papers upstairs, and "
    "a school gymnasium on Orchard Hill was opened for anyone who wanted a dry bed.",
    "The ferry to Westholm stopped running at noon because the landing stage sat under a foot of brown "
    "water, and the timetable will not resume before Friday at the earliest.",
    "Farmers upstream said the barley they had not yet brought in was lost, and several asked why the "
    "reservoir had been kept so full through a wet month.",
    "A spokeswoman for the authority said the level had followed the rules agreed with the county in 2019 "
    "and that releasing water earlier would have flooded the village of Marrow instead.",
    "Volunteers from the rowing club carried sandbags to the old mill, whose owners fear the wooden floor "
    "of the ground storey will not survive another night of this.",
    "Forecasters expect the rain to ease by Thursday morning, though the river usually keeps rising for a "
    "day after the last shower as water drains from the moors above the valley.",
    "The mayor asked residents not to drive through standing water, pointing out that two vans had "
    "already stalled on the causeway and had to be towed by a tractor.",
    "Insurance brokers in the town said they had taken more calls on Wednesday than in the whole of last "
    "winter, most from shops along the quay with cellars below the waterline.",
]
#: What a trimming outlet adds of its own.
OWN = [
    "Our reporter on the quay counted eleven shops with boards across their doors by lunchtime, and the "
    "bakery had moved its ovens trays onto the counters.",
    "Readers can send photographs of the flooding to the newsroom, and we will publish a selection in the "
    "weekend edition together with advice on claims.",
]
OTHER = [
    "The chess club of Marrow won the regional league on Saturday for the first time in its eighty years, "
    "beating the holders by a single game in the final round.",
    "Its youngest player, a girl of eleven, drew against a former county champion after four hours, and "
    "the hall stood to applaud when the arbiter stopped the clocks.",
    "The club meets on Thursday evenings above the post office and has doubled its members since a "
    "teacher began bringing pupils along after school two winters ago.",
    "Next season it will play in the national second division, which means long journeys by coach and, "
    "the treasurer said, a great many raffles to pay for them.",
    "The league's organisers thanked the hosts for the soup and sandwiches and said the trophy would be "
    "engraved in time for the spring dinner in April.",
    "Asked about her plans, the young player said she wanted to study the endgame more, because she had "
    "nearly thrown the draw away in the last ten minutes.",
]

ORIGINAL = "\n\n".join(PARAS)
#: The first six paragraphs and two of its own: about 75% of it is in ORIGINAL, but the two
#: are only about 0.5 similar (ORIGINAL is 1.3 times its size).
TRIMMED = "\n\n".join(PARAS[:6] + OWN)
#: Six paragraphs of another story and one of ORIGINAL's.
SHARING = "\n\n".join([*OTHER, PARAS[3]])
