"""HR analytics (issue 14): read models projected from the bus, the measures computed from
them, comparisons, CSV exports and PDF reports.

facts.py      what is known of one interview, merged from its events in any order
counters.py   an interview's contribution to the aggregate items (integer counters)
histograms.py duration and score bins; medians and percentiles read from them
measures.py   the figures (funnel, times, distributions, agreement, effectiveness, fairness)
projector.py  the consumer: one event -> facts item, aggregate deltas, marker (one transaction)
store.py      the DynamoDB items (only module that touches the table)
"""
