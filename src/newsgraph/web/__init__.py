"""The web UI and JSON API (`newsgraph serve`): see :mod:`newsgraph.web.app`."""

from .app import create_app, store_opener

__all__ = ["create_app", "store_opener"]
