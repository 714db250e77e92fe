"""``python -m textfix``: the same command as ``textfix``."""

from .cli import main_exit

main_exit()
