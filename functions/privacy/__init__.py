"""Candidates' data-protection rights (GDPR): export of everything held about a candidate,
erasure with an anonymous tombstone, and the requests candidates make from their emails."""
