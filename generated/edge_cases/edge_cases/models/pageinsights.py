"""Models of the API's `pageinsights` namespace."""

from __future__ import annotations

import datetime as _dt

import pydantic as _pd

from .._runtime import BaseModel, OpenEnum


class MetricName(OpenEnum):
    """MetricName."""

    TTFB = "ttfb"
    FCP = "fcp"
    LCP = "lcp"
    CLS = "cls"


class Metric(BaseModel):
    """Metric."""

    name: MetricName
    value: float


class Report(BaseModel):
    """Report."""

    domain: str
    measured_on: _dt.date | None = _pd.Field(
        default=None, validation_alias="measuredOn", serialization_alias="measuredOn"
    )
    score: float | None = None
    screenshot: str | None = None
    metrics: dict[str, Metric]
