"""Integrations with applicant-tracking systems and automation tools: company API keys, the
inbound ATS API (jobs and candidates, idempotent by external id), the company's candidate
directory and Zapier/Make-style REST hook subscriptions."""
