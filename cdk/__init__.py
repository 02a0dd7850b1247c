"""The CDK app: the platform's AWS resources, built from functions/resources.py (the catalog)."""
