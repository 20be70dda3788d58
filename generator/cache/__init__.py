"""The caching layer: every cache of the generator, wrapped around stages that know nothing of it.

Every key is a content hash (never a file time); each cache lives in a folder named after the code that fills it.

- :mod:`.store`: the stores every cache uses (where they live, keys, atomic entries, pruning).
- :mod:`.run`: a finished run, by the spec as resolved, the package, the options, the generator and the formatter.
- :mod:`.validate`: what the validator's slow python checks found, by what they checked.
- :mod:`.build`: the incremental build, which replays the operations :func:`generator.build.build` made last run.
- :mod:`.render`: each group and models module file by the content of its unit; the compiled templates.
- :mod:`.format`: each formatted file by its unformatted text.
"""
