"""The layers of the pipeline, one module each. Every layer is usable on its own."""
