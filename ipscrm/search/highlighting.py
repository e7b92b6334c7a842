"""Marking the words of a query in the stored text of a hit.

Whoosh finds the words to mark by expanding the query's prefix and typo terms against
the whole index (``results.query_terms(expand=True)``), which cost as much as a small
search again. Here each hit's own words are checked against the query instead: a word is
marked when a term of the query is that word, a prefix of it, or within its typo
distance, the same words the search matched on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup
from whoosh import highlight
from whoosh import query as Q

# stored field shown → fields whose analysis finds the words to highlight in it
HIGHLIGHT_FIELDS = {
    "name": ("name", "name_stem"),
    "contacts": ("contacts",),
    "notes": ("notes_plain", "notes"),
}
PLAIN_CHARS = 160  # shown from a text in which no word is marked


@dataclass(frozen=True)
class QueryWords:
    """What a query looks for in one field: exact words, prefixes and words with typos
    (``(word, maxdist, prefixlength)``)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    fuzzy: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, query: Q.Query, fieldname: str) -> QueryWords:
        exact: set[str] = set()
        prefixes: list[str] = []
        fuzzy: list[tuple[str, int, int]] = []
        for leaf in _leaves(query):
            if getattr(leaf, "fieldname", None) != fieldname:
                continue
            if isinstance(leaf, Q.FuzzyTerm):
                fuzzy.append((leaf.text, leaf.maxdist, leaf.prefixlength))
            elif isinstance(leaf, Q.Prefix):
                prefixes.append(leaf.text)
            elif isinstance(leaf, Q.Term):
                exact.add(leaf.text)
            elif isinstance(leaf, Q.Phrase):
                exact.update(leaf.words)
        return cls(frozenset(exact), tuple(prefixes), tuple(fuzzy))

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.fuzzy)

    def matches(self, word: str) -> bool:
        if word in self.exact or word.startswith(self.prefixes):
            return True
        return any(
            word[:keep] == text[:keep] and within_distance(word, text, maxdist)
            for text, maxdist, keep in self.fuzzy
        )


def _leaves(query: Q.Query) -> Iterator[Q.Query]:
    if isinstance(query, Q.Phrase | Q.Term | Q.MultiTerm):
        yield query
        return
    for child in query.children():
        yield from _leaves(child)


def within_distance(a: str, b: str, maxdist: int) -> bool:
    """Whether ``a`` becomes ``b`` with at most ``maxdist`` insertions, deletions and
    substitutions (Levenshtein distance, as Whoosh's typo terms use)."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > maxdist:
            return False
        previous = current
    return previous[-1] <= maxdist


class Highlighter:
    """Marks the words of ``query`` in the stored fields of its hits."""

    def __init__(self, query: Q.Query, schema, fragmenter) -> None:
        self.query = query
        self.schema = schema
        self.fragmenter = fragmenter
        self.formatter = highlight.HtmlFormatter(tagname="mark", classname="hl", termclass="t")
        self._words: dict[str, QueryWords] = {}

    def query_words(self, fieldname: str) -> QueryWords:
        if fieldname not in self._words:
            self._words[fieldname] = QueryWords.of(self.query, fieldname)
        return self._words[fieldname]

    def snippet(self, hit, field_name: str, top: int = 2) -> Markup:
        """The text of ``field_name`` with the matching words in ``<mark>``, escaped."""
        text = hit.get(field_name) or ""
        for analysed in HIGHLIGHT_FIELDS[field_name]:
            wanted = self.query_words(analysed)
            if not wanted or not text:
                continue
            analyzer = self.schema[analysed].analyzer
            words = {t.text for t in analyzer(text, mode="query") if wanted.matches(t.text)}
            if not words:
                continue
            fragment = highlight.highlight(
                text, words, analyzer, self.fragmenter, self.formatter, top=top
            )
            if fragment:
                # Whoosh's HtmlFormatter escapes the text; only our <mark> tags are markup.
                return Markup(fragment)
        return Markup.escape(text[:PLAIN_CHARS])
