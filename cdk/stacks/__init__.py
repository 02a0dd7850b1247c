"""One stack per concern: data, identity, events, pipeline, api."""
