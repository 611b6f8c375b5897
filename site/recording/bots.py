"""Whether a request was made by a person looking at the site: bots and prefetches.

Matching one user agent against crawlerdetect's list takes ~0.4 ms; browsers
send few distinct strings, so the verdicts are kept, in memory only, keyed by
Python's string hash (SipHash with a random key per process), which cannot be
turned back into the string.
"""

from __future__ import annotations

from crawlerdetect import CrawlerDetect

# Headers browsers send when they load a page the visitor may never see
# (Sec-Purpose, Purpose, X-Purpose, X-Moz), as the WSGI environ names them.
PREFETCH_KEYS = frozenset(("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ"))
# Sec-Fetch-Site and Sec-Fetch-Dest reduced to what the counts need before a load is queued, so
# a header of any size or content leaves only one of these constants (Fetch Metadata, W3C).
FETCH_SITES = {v: v for v in ("same-origin", "same-site", "cross-site", "none")}
# A navigation ("document"), or anything else a browser loads: an image, a frame, a fetch.
DOCUMENT, EMBEDDED = "document", "embedded"
# crawlerdetect's patterns are super-linear on long strings: 8,000 characters took 7 s.
# Browsers send under 512; a bot's name never needs more to be recognised.
MAX_AGENT_LENGTH = 512


class BotCheck:
    """crawlerdetect's verdict per user agent, remembered by a keyed hash, never by the string.

    Python's string hash is SipHash with a random key per process: a number that cannot
    be turned back into the user agent, and computed in C, so a known browser costs
    about a microsecond.
    """

    def __init__(self, size: int = 4096):
        self.size = size
        # A plain dict, emptied when full: browsers send few distinct strings, and a lookup
        # on the page path then costs one C call instead of an LRU's bookkeeping.
        self.verdicts: dict[int, bool] = {}

    def knows(self, agent: str) -> bool:
        """Whether this user agent's verdict is remembered (is_bot then costs a lookup)."""
        return hash(agent[:MAX_AGENT_LENGTH]) in self.verdicts

    def is_bot(self, agent: str) -> bool:
        agent = agent[:MAX_AGENT_LENGTH]
        key = hash(agent)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = CrawlerDetect().is_crawler(agent)
            if len(self.verdicts) >= self.size:
                self.verdicts.clear()
            self.verdicts[key] = verdict
        return verdict


BOTS = BotCheck()


def prefetch(environ: dict) -> str | None:
    """Returns "prefetch" when the browser asked for this page without the visitor opening it."""
    if not PREFETCH_KEYS.isdisjoint(environ) and any(environ.get(key) for key in PREFETCH_KEYS):
        return "prefetch"
    return None


def fetch_site(environ: dict) -> str | None:
    """Sec-Fetch-Site as one of its four legal values, or None (absent or not a legal value)."""
    return FETCH_SITES.get(environ.get("HTTP_SEC_FETCH_SITE"))  # type: ignore[arg-type]


def fetch_dest(environ: dict) -> str | None:
    """DOCUMENT, EMBEDDED, or None when the browser did not say (older browsers: a navigation)."""
    dest = environ.get("HTTP_SEC_FETCH_DEST")
    if dest is None:
        return None
    return DOCUMENT if dest == DOCUMENT else EMBEDDED


def verdict_known(agent: str) -> bool:
    """Whether agent_verdict(agent) is a lookup rather than a match against crawlerdetect's list."""
    agent = agent.strip()
    return not agent or BOTS.knows(agent)


def agent_verdict(agent: str) -> str | None:
    """Why this user agent is not a person's browser ("no-user-agent", "bot"), or None."""
    agent = agent.strip()
    if not agent:
        return "no-user-agent"
    if BOTS.is_bot(agent):
        return "bot"
    return None
