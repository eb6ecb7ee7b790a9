from indico.util.enum import IndicoIntEnum


class ContributionFieldVisibility(IndicoIntEnum):
    public = 1
    managers_and_submitters = 2
    managers_only = 3
