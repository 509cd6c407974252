"""The "Reflection model" menu: every model in the registry, one action each.

Generated from :func:`reflect.core.templates.list_templates`, so a new data file or a model the
user added shows up without code changes. Choosing one emits :attr:`TemplatesMenu.template_chosen`
with its id; the editor lays out the body.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from reflect.core.templates import Template, list_templates


class TemplatesMenu(QMenu):
    """Built-in reflection models, then the user's own (when a journal is given).

    Signals:
        template_chosen: The user picked a model; carries its id (``"gibbs"``).
        manage_requested: The user wants to add or remove their own models (only offered with
            ``manage=True``).
    """

    template_chosen = Signal(str)
    manage_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        journal: Any = None,
        title: str = "",
        manage: bool = False,
    ) -> None:
        super().__init__(title or self.tr("Reflection model"), parent)
        self.setToolTipsVisible(True)
        self._journal = journal
        self._manage = manage
        # One connection for the whole menu: actions come and go with refresh(). (Connecting each
        # action as well would report every choice twice.)
        self.triggered.connect(self._on_triggered)
        self.refresh()

    def set_journal(self, journal: Any) -> None:
        """Include this journal's own models (None: built-ins only, e.g. while locked)."""
        self._journal = journal
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the actions from the registry (after the user adds or removes a model)."""
        self.clear()
        templates = list_templates(self._journal)
        builtin = [t for t in templates if t.builtin]
        custom = [t for t in templates if not t.builtin]
        for template in builtin:
            self._add(template)
        if custom:
            self.addSection(self.tr("Your models"))
            for template in custom:
                self._add(template)
        if self._manage:
            self.addSeparator()
            manage = self.addAction(self.tr("&Manage your own models…"))
            manage.setEnabled(self._journal is not None)
            manage.triggered.connect(self.manage_requested)

    def action_for(self, template_id: str) -> QAction | None:
        """The action that chooses ``template_id``, if listed."""
        for action in self.actions():
            if action.data() == template_id:
                return action
        return None

    @Slot(QAction)
    def _on_triggered(self, action: QAction) -> None:
        template_id = action.data()
        if isinstance(template_id, str):
            self.template_chosen.emit(template_id)

    def _add(self, template: Template) -> None:
        action = self.addAction(template.name)
        action.setData(template.id)
        action.setToolTip(template.description)
        action.setStatusTip(template.description)
