"""The PySide6 desktop app: a thin layer over :mod:`reflect.core` (which never imports Qt)."""
