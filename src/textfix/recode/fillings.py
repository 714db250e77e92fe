"""Where a repair filled in lost bytes, for its explanation: each character the chain's readings
put where bytes were lost, guessed among several fillings (with the next likeliest) or the only
one that fits. The decisions are ``search``'s (the core's or the reference's); this reads the
repaired units again with the reference, after the fact."""

from __future__ import annotations

from dataclasses import dataclass

from .chain import GAP, Chain, han_to_han, single_byte
from .dropped import first_read, spaces
from .search import _cheapest, _readings, units

# How many of the other fillings of a guessed character its step names, likeliest first.
_ALTERNATIVES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Filling:
    """Characters ``start:start + len(chars)`` of a repair that stand where bytes were lost:
    guessed (the model's choice among several fillings, ``alternatives`` the next likeliest),
    or the only valid filling (``alternatives`` empty)."""

    start: int
    chars: str
    alternatives: tuple[str, ...]


def fillings(before: str, after: str, following: str, chain: Chain, guess: bool, line: str
             ) -> list[Filling]:
    """Where the repair of ``before`` into ``after`` through ``chain`` (a run of units of
    ``line``, followed in it by ``following``) filled in lost bytes, for its explanation: the
    units read again and each one's candidates matched against ``after``. Empty where no byte
    was lost (or the repair is not a run of units)."""
    if chain.true != "utf-8" or han_to_han(chain) or (
            GAP not in before and "?" not in before and not single_byte(chain.wrong)):
        return []
    found: list[Filling] = []
    position = 0
    line_units = units(line, chain)
    nbsps = spaces(unit.data for unit in line_units if unit.data is not None)
    run_units = units(before, chain)
    beyond = units(following[:8], chain)[:1]  # the unit after the run (8: the longest)
    nexts = [first_read(unit.data) for unit in [*run_units[1:], *beyond]]
    for unit, next_read in zip(run_units, [*nexts, ""], strict=False):
        read = None if unit.data is None else _readings(
            unit.data, chain, before[unit.end:unit.end + 1] or following[:1], guess, nbsps,
            next_read)
        if read is None:
            return []
        options, full = read
        chosen = next((option for option in options if after.startswith(option, position)),
                      None)
        if chosen is None:
            return []
        if full and not _strictly_read(unit.data, chain):  # type: ignore[arg-type]
            others = [option for option in _cheapest(options) if option != chosen]
            found.append(Filling(position, chosen, tuple(others[:_ALTERNATIVES_SHOWN])))
        position += len(chosen)
    return found if position == len(after) else []


def _strictly_read(data: bytes, chain: Chain) -> bool:
    try:
        data.decode(chain.true)
    except UnicodeDecodeError:
        return False
    return True
