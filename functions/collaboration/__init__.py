"""Team collaboration: reviewers assigned to interviews, threaded comments with @mentions, and
structured scorecards beside the AI's analysis."""
