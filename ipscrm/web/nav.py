"""The main navigation: blueprints (and plugins) add their entries; the layout shows the
entries the current user's role may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_login import current_user

from ipscrm.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str  # msgid, translated when shown
    order: int = 100
    roles: tuple[Role, ...] | None = None  # None: every logged-in user
    prefix: str | None = None  # URL prefix that marks the item as current

    def is_current(self) -> bool:
        if request.endpoint == self.endpoint:
            return True
        return bool(self.prefix and request.path.startswith(self.prefix))


def add_item(app: Flask, item: NavItem) -> None:
    items: list[NavItem] = app.extensions.setdefault("ipscrm_nav", [])
    items.append(item)
    items.sort(key=lambda i: i.order)


def visible_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    return [
        item
        for item in current_app.extensions.get("ipscrm_nav", [])
        if item.roles is None or current_user.role in item.roles
    ]
