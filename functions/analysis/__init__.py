"""AI analysis of answers and interviews behind one port (`ports.Analyzer`).

Adapters: `offline.OfflineAnalyzer` (deterministic, no network; the default without a key) and
`groq.GroqAnalyzer` (an LLM with strict JSON-schema output, validated again on our side).
Scores advise; people decide.
"""
