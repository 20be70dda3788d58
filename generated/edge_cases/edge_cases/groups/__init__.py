"""One module per API group; each holds a sync and an async class. `Client` loads them on first use."""
