"""Actors and roles. Initial version: finds none; replaced by the actors work."""


def extract_actors(sdoc, as_of=None, settings=None):
    return ()
