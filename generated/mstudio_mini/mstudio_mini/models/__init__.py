"""Models, one module per API namespace: commons, file, project.

Import them from their module, e.g. `from mstudio_mini.models.commons import ...`; nothing is loaded until then.
"""
