"""Attribution: who said what, through which cue and channel, as a spaCy component."""
