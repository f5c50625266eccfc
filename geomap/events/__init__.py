"""Events: from a document's place mentions to coded incidents and actors.

This stage reads the sentences, triggers, casualty counts, dates and actors
of a text and codes each incident in ACLED's taxonomy (event type and
sub-type, date with its precision, place with ACLED's geo-precision,
fatalities), keeping the evidence sentences and the reasons for each
decision. :mod:`geomap.events.evaluate` scores the result against any
ACLED-format export.
"""
