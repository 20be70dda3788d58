"""Models of the API's `pageinsights` namespace."""

import datetime as _dt

from .._runtime import BaseModel, OpenEnum
from . import _aliases


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

    model_config = _aliases({"measured_on": "measuredOn"})

    domain: str
    measured_on: _dt.date | None = None
    score: float | None = None
    screenshot: str | None = None
    metrics: dict[str, Metric]
