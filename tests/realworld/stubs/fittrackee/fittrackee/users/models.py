SEGMENTS_CREATION_EVENTS = ["all", "none", "only_manual"]  # as fittrackee/users/models.py
