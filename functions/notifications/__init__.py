"""Email notifications: Jinja2 templates in four languages, SES or the local outbox, the bus
consumer that sends them, and the scheduled reminder and expiry job."""
