"""Meetings, agreements, dependence, analogies. Initial version: finds none."""


def extract_between_lines(sdoc, actors, events, timexes, anchor=None):
    return (), (), (), ()
