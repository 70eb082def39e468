"""Script and language inference: languages only where the letters prove them."""
from __future__ import annotations

import pytest

from gazetteer.scripts import infer_language, infer_script


@pytest.mark.parametrize("text, script, lang", [
    ("Pokrovsk", "Latn", None),
    ("Київ", "Cyrl", "uk"),            # ї: Ukrainian only
    ("Красноармійськ", "Cyrl", None),  # і and и: also Kazakh, so not proven
    ("Мінск", "Cyrl", None),           # і alone: Belarusian as much as Ukrainian
    ("Брэст", "Cyrl", None),           # э: Belarusian and Russian
    ("Гомель", "Cyrl", None),
    ("Маладзечна", "Cyrl", None),
    ("Ўзбекистон", "Cyrl", None),      # ў without і/ы: Uzbek as much as Belarusian
    ("Магілёў", "Cyrl", "be"),         # ў with і: Belarusian only
    ("Віцебская вобласць", "Cyrl", None),
    ("Нясвіж", "Cyrl", None),
    ("Сыктывкар", "Cyrl", None),       # ы without и/щ/ъ: could be Belarusian
    ("Объячево", "Cyrl", None),
    ("Нижний Тагил", "Cyrl", None),
    ("Выборгский район", "Cyrl", "ru"),  # ы with и, Russian letters only
    ("Подъёмный", "Cyrl", "ru"),         # a hard sign before ё
    ("Бетъырбух", "Cyrl", None),         # ... as a letter of its own: Ossetian (Saint Petersburg)
    ("Ащтэрхъан", "Cyrl", None),         # Adyghe (Astrakhan)
    ("Қызылорда", "Cyrl", None),       # Kazakh letter
    ("Győr", "Latn", "hu"),
    ("Ελλάδα", "Grek", "el"),
    ("クラスノアルメイスク", "Kana", "ja"),
    ("東京都", "Hani", None),           # Chinese or Japanese
    ("東京タワー", "Jpan", "ja"),
    ("서울", "Hang", "ko"),
    ("القاهرة", "Arab", None),
    ("123", None, None),
])
def test_inference(text, script, lang):
    assert infer_script(text) == script
    assert infer_language(text) == lang
