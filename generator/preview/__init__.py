"""The live preview of ``opex serve``: incremental builds (:mod:`.engine`), the session that
keeps the last good site (:mod:`.session`) and the web server (:mod:`.server`)."""
