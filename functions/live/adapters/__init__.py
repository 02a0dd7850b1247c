"""Connection gateways: API Gateway's Management API (cloud), in-process sockets (local)."""
