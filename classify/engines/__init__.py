"""Where predictions run: chunk by chunk in this process (:mod:`.local`, the
default) or on a Ray cluster (:mod:`.ray_engine`). Engines know how to run a
function over batches of rows and write the results in resumable chunks, not
what a model is."""

ENGINES = ("local", "ray")
