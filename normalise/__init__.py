"""The logic side of toponorm: keys, transliteration, matching, quotes and entities."""
