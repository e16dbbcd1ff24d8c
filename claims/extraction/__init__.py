"""Plain-Python extraction over spaCy: text in, frozen dataclasses with offsets out. No Django here."""
