"""Writing date inference. Initial version: infers nothing; replaced by the dating work."""


def infer_writing_date(sdoc, claimed, conflict_days):
    return None, False, False
