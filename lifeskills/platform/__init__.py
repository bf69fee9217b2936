"""Platform plumbing under every app: pages kept for visitors (``page_cache``), the
installable app and what devices download (``pwa``, ``downloads``, ``views``), and
languages Django does not know (``languages``). It imports no project app."""
