"""Django's database sessions, read by a query compiled once per process (bench finding C1).

Every request reads its session row first; compiling that one-table query cost more CPU than
running it. Storage, expiry and the cookie are Django's own (`SESSION_ENGINE`).
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from gasdesk.core.prepared import Prepared

_BY_KEY: Prepared[Session] = Prepared(lambda key: Session.objects.filter(session_key=key), str)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Session | None:
        """The live row of this key, or None (then, as Django does, the key is dropped)."""
        session = _BY_KEY.first(self.session_key) if self.session_key else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
