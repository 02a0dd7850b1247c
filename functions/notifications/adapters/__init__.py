"""Mailers: SES in the cloud (and against moto), a folder of JSON files locally."""
