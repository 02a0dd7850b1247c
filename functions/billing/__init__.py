"""Plans, quotas and payment: what a company may use this month, and Stripe (or its local
stand-in) for upgrading, paying and managing the subscription."""
