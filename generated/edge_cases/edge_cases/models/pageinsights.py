"""Models of the API's `pageinsights` namespace."""

import datetime as _dt

from .._runtime import BaseModel, OpenEnum, field_aliases


class MetricName(OpenEnum):
    TTFB = "ttfb"
    FCP = "fcp"
    LCP = "lcp"
    CLS = "cls"


class Metric(BaseModel):
    name: MetricName
    value: float


class Report(BaseModel):
    model_config = field_aliases({"measured_on": "measuredOn"})

    domain: str
    measured_on: _dt.date | None = None
    score: float | None = None
    screenshot: str | None = None
    metrics: dict[str, Metric]
