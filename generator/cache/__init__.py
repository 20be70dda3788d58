"""The caching layer: every cache of the generator, wrapped around stages that know nothing of it.

- :mod:`.store`: the content-hash stores every cache uses (where they live, keys, atomic entries, pruning).
- :mod:`.build`: the incremental build, which replays the operations :func:`generator.build.build` made last run.
"""
