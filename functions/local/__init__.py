"""The embedded local AWS platform: moto's server in this process, wired like the cloud.

`EmbeddedAws` starts moto with Step Functions execution on, teaches moto's Lambda to run our
handlers in-process and EventBridge to deliver to Lambda and Step Functions targets;
`provision` creates the catalog's resources in it; `state` keeps them across restarts.
"""
