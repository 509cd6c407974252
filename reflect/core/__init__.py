"""Reflect's domain core: vault, storage, capabilities and the journal service. Never imports Qt."""
