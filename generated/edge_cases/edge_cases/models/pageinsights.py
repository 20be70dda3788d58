"""Models of the API's `pageinsights` namespace."""

from __future__ import annotations

import datetime as _dt
import typing as _t

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
    measured_on: _t.Annotated[_dt.date | None, _pd.Field(alias="measuredOn")] = None
    score: float | None = None
    screenshot: str | None = None
    metrics: dict[str, Metric]
