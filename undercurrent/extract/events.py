"""Events. Initial version: finds none; replaced by the events work."""


def extract_events(sdoc, actors, timexes, anchor=None, reported=None, quality=None):
    return ()
