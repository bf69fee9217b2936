"""Parts of signed-in pages kept in the cache for as long as the content they show.

A signed-in child's page cannot be kept whole: it carries their name, their
progress and the token of their sign-out form. Most of it is the same for
every child reading in a language, though: the titles and addresses of the
modules, the site's header, navigation, language switcher and footer. Those
parts are kept here, each under the content generation it was built in (the
one kept pages use, see ``page_cache``), so an editor's publish retires them
exactly when it retires visitors' pages.

A kept frame is HTML rendered once with a marker in place of everything that
belongs to one person (``slot()``), then cut at the markers. Serving it joins
the pieces around that person's own values. The frame is rendered from a
context with nobody in it: a marker where the person's values go, and a
blank request, so nothing of the person who happened to ask first can be kept.

The cache is a help, never a need: when it cannot be read or written every
part is built again, as if nothing were kept.
"""

import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .page_cache import GENERATION_KEY, RELEASE, _fresh_generation

logger = logging.getLogger(__name__)

# Kept parts last no longer than this even if nothing is published: the cache
# is not filled with parts of pages nobody asks for any more.
KEPT_SECONDS = 24 * 60 * 60

# Different in every process, so a marker can never be typed into a page by
# anyone (an editor's title, a child's name) and be taken for a slot.
_MARKER = f"kept-slot-{secrets.token_hex(8)}"
_MARKERS = re.compile(rf"{_MARKER}:([a-z_]+);")


def _key(name: str) -> str:
    return f"lifeskills:kept:{RELEASE}:{name}"


def kept(
    names: Iterable[str],
    build: Callable[[list[str]], Mapping[str, Any]],
    fresh: Callable[[Any], bool] | None = None,
) -> dict[str, Any]:
    """The values kept under ``names`` in this content generation, building the missing ones.

    ``build`` is given the names not kept (or kept in an older generation)
    and returns a value for each; those are kept for the next request. One
    cache read whatever the number of names. A value built while an editor
    publishes is kept under the generation read before building, so it is
    never served after the publish. ``fresh``, if given, says whether a kept
    value still holds for reasons of its own; one that does not is built again.
    """
    names = list(names)
    keys = {name: _key(name) for name in names}
    try:
        found = cache.get_many([GENERATION_KEY, *keys.values()])
    except Exception as error:  # any cache failure means: build
        logger.warning("Kept parts cannot be read (%r): building them.", error)
        return dict(build(names))
    generation = found.get(GENERATION_KEY)
    values, missing = {}, []
    for name in names:
        entry = found.get(keys[name])
        if (
            generation is not None
            and entry is not None
            and entry[0] == generation
            and (fresh is None or fresh(entry[1]))
        ):
            values[name] = entry[1]
        else:
            missing.append(name)
    if not missing:
        return values
    built = dict(build(missing))
    values.update(built)
    try:
        if generation is None:
            cache.add(GENERATION_KEY, _fresh_generation(), None)
            generation = cache.get(GENERATION_KEY)
        if generation is not None:
            cache.set_many(
                {keys[name]: (generation, value) for name, value in built.items()},
                KEPT_SECONDS,
            )
    except Exception as error:  # served, just not kept
        logger.warning("Parts cannot be kept (%r).", error)
    return values


def slot(name: str) -> SafeString:
    """The marker for one person's value in a frame: given to the template in its place."""
    return mark_safe(f"{_MARKER}:{name};")  # noqa: S308 - letters, digits and punctuation only


class Frame:
    """HTML cut at its slots: the same for everyone, filled in for one person."""

    def __init__(self, html: str):
        parts = _MARKERS.split(html)
        # Text, slot name, text, slot name, ..., text.
        self.texts = tuple(parts[0::2])
        self.slots = tuple(parts[1::2])

    def has_slots(self, names: Iterable[str]) -> bool:
        """Whether each of ``names`` is there exactly once (and nothing else is)."""
        return sorted(self.slots) == sorted(names)

    def fill(self, values: Mapping[str, Any]) -> SafeString:
        """The page for one person: each value escaped unless it is already safe HTML."""
        out = [self.texts[0]]
        for name, text in zip(self.slots, self.texts[1:], strict=True):
            out.append(conditional_escape(values[name]))
            out.append(text)
        return mark_safe("".join(out))  # noqa: S308 - escaped above, the texts rendered safely
