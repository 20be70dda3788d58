"""mstudio-sdkgen: turn the mStudio v2 OpenAPI spec into a typed Python SDK."""

__version__ = "0.1.0"
