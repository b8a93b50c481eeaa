"""The rule model: what every rule file says, whatever its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from declutter.kinds.base import Spec


@dataclass(frozen=True)
class Scope:
    """Which sites a rule applies to, in ad-block list grammar.

    ``example.com`` includes the domain and its subdomains, ``~sub.example.com`` excludes one.
    A rule with included domains is off when the document has no URL.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def parse(cls, domains: list[str]) -> Scope:
        include = tuple(d.lower().strip(".") for d in domains if not d.startswith("~"))
        exclude = tuple(d[1:].lower().strip(".") for d in domains if d.startswith("~"))
        return cls(include, exclude)

    @property
    def is_site_specific(self) -> bool:
        return bool(self.include)

    def applies(self, host: str | None) -> bool:
        if host is None:
            return not self.include
        if self.include and not any(_within(host, d) for d in self.include):
            return False
        return not any(_within(host, d) for d in self.exclude)

    def to_list(self) -> list[str]:
        return [*self.include, *(f"~{d}" for d in self.exclude)]


_DOMAIN = re.compile(r"~?\.?[^\s/:@~.,]+(?:\.[^\s/:@~.,]+)*\.?")


def valid_domain(domain: str) -> bool:
    """Whether `domain` is a host name as rules write it (``example.com``, ``~sub.example.com``)."""
    return _DOMAIN.fullmatch(domain) is not None


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def host_of(url: str | None) -> str | None:
    """The lower-cased host name of `url`, tolerating a URL given without a scheme.

    Scraped records carry broken URLs ("http://[bad"); such a URL names no host, so the
    document is cleaned as one without a URL rather than failed.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
    except ValueError:
        return None
    return (parts.hostname or "").rstrip(".") or None


@dataclass(frozen=True)
class Rule:
    """One rule: its identity and documentation, where it applies, and its kind's parameters."""

    id: str
    kind: str
    summary: str
    why: str
    spec: Spec
    seen: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    scope: Scope = field(default_factory=Scope)
    languages: tuple[str, ...] = ()
    default: bool = True
    source: str = ""

    def applies(self, host: str | None, language: str | None) -> bool:
        """Whether the rule is in force for a document from `host` in `language`.

        Language scoping only narrows when the caller says the document's language.
        """
        if not self.scope.applies(host):
            return False
        if language and self.languages:
            return language.split("-")[0].lower() in self.languages
        return True
