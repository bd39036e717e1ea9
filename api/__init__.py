"""tiegraph's outer layer: the HTTP service (`api.app.create_app`) and the command line (`api.cli`), built on `graph`.

Nothing is imported here, so that a command that serves nothing does not load the web stack.
"""
