"""find_quotes on raw text: every convention, nesting, paragraphs, unbalanced marks, apostrophes, odd input."""
from __future__ import annotations

import random

import pytest

from normalise.quotes import STYLES, QuoteSpan, find_quotes


def contents(text: str, lang: str | None = None) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text, lang)]


def only(text: str, lang: str | None = None) -> QuoteSpan:
    found = find_quotes(text, lang)
    assert len(found) == 1, [text[q.start:q.end] for q in found]
    return found[0]


# ---- one test per convention, exact offsets ------------------------------------------------------------

@pytest.mark.parametrize("text, lang, expected, style, marks", [
    ("“Hello,” he said.", "en", "Hello,", "double", ("“", "”")),
    ("She called it ‘fake news’ twice.", "en", "fake news", "single", ("‘", "’")),
    ('"Search and assault," the command wrote.', "en", "Search and assault,", "straight-double", ('"', '"')),
    ("He said 'no way' and left.", "en", "no way", "straight-single", ("'", "'")),
    ("«Ми тримаємо позиції», — заявив він.", "uk", "Ми тримаємо позиції", "guillemets", ("«", "»")),
    ("« Bonjour », dit-il.", "fr", "Bonjour", "guillemets", ("«", "»")),
    ("Er sagte: „Wir bleiben.“ Dann ging er.", "de", "Wir bleiben.", "low-high", ("„", "“")),
    ("Powiedział „tak” i wyszedł.", "pl", "tak", "low-high", ("„", "”")),
    ("Das Wort ‚Frieden‘ fiel nicht.", "de", "Frieden", "low-high-single", ("‚", "‘")),
    ("Sie sagte: »Komm her!« und lachte.", "de", "Komm her!", "guillemets-reversed", ("»", "«")),
    ("Han sa »hej då» och gick.", "sv", "hej då", "guillemets-reversed", ("»", "»")),
    ("Han sa: ”Hej på dig” och gick.", "sv", "Hej på dig", "double", ("”", "”")),
    ("Er nannte es ›gut‹.", "de", "gut", "single-guillemets", ("›", "‹")),
    ("Il dit ‹ oui › enfin.", "fr", "oui", "single-guillemets", ("‹", "›")),
    ("彼は「こんにちは」と言った。", "ja", "こんにちは", "cjk", ("「", "」")),
    ("書名は『雪国』です。", "ja", "雪国", "cjk-white", ("『", "』")),
])
def test_each_convention(text, lang, expected, style, marks):
    q = only(text, lang)
    assert text[q.start:q.end] == expected
    assert (q.style, q.open_mark, q.close_mark) == (style, *marks)
    assert text[q.open_start] == marks[0] and text[q.close_end - 1] == marks[1]
    assert q.closed and q.depth == 0 and q.paragraphs == 1
    assert q.style in STYLES


def test_offsets_of_marks_and_content():
    text = 'He said "yes" today.'
    q = only(text, "en")
    assert (q.open_start, q.start, q.end, q.close_end) == (8, 9, 12, 13)


def test_several_quotes_sorted_in_order():
    text = "“One,” he said. “Two.” And ‘three’."
    assert contents(text, "en") == ["One,", "Two.", "three"]
    found = find_quotes(text, "en")
    assert [q.open_start for q in found] == sorted(q.open_start for q in found)


# ---- guillemets and same-character quotes disambiguated by pairing and by language ---------------------

def test_guillemets_direction_found_by_pairing_without_lang():
    assert contents("Er sagte »Hallo« und ging.") == ["Hallo"]
    assert contents("Il a dit «bonjour» et il est parti.") == ["bonjour"]


def test_french_never_opens_with_closing_guillemet():
    # a stray » in French is a closing mark without opening: ignored, the real quote still found
    text = "Il a fini » puis « Oui », dit-il."
    assert contents(text, "fr") == ["Oui"]


def test_russian_guillemets_nested_with_the_same_mark():
    text = "Он сказал: «Компания «Газпром» работает». Всё."
    found = find_quotes(text, "ru")
    assert [(text[q.start:q.end], q.depth) for q in found] == [
        ("Компания «Газпром» работает", 0), ("Газпром", 1)]


# ---- nesting ------------------------------------------------------------------------------------------

def test_nested_english_quotes_have_depth():
    text = "“He told me ‘never again’ twice,” she said."
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.depth, q.style) for q in found] == [
        ("He told me ‘never again’ twice,", 0, "double"), ("never again", 1, "single")]


def test_nested_ukrainian_quotes_have_depth():
    text = "«Він сказав „так“, а потім пішов», — написав він."
    found = find_quotes(text, "uk")
    assert [(text[q.start:q.end], q.depth) for q in found] == [
        ("Він сказав „так“, а потім пішов", 0), ("так", 1)]


def test_nested_german_quotes_have_depth():
    text = "„Er sagte ‚ja‘, wirklich“, erzählte sie."
    found = find_quotes(text, "de")
    assert [(text[q.start:q.end], q.depth) for q in found] == [("Er sagte ‚ja‘, wirklich", 0), ("ja", 1)]


def test_three_levels():
    text = "“A ‘B “C” B’ A”"
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.depth) for q in found] == [("A ‘B “C” B’ A", 0), ("B “C” B", 1), ("C", 2)]


def test_japanese_nested():
    text = "彼は「母が『早く』と言った」と話した。"
    found = find_quotes(text, "ja")
    assert [(text[q.start:q.end], q.depth) for q in found] == [("母が『早く』と言った", 0), ("早く", 1)]


# ---- quotes over paragraphs --------------------------------------------------------------------------

def test_quote_running_over_paragraphs_is_one_span():
    text = "He wrote:\n\n“First paragraph.\n\n“Second paragraph.\n\n“Third,” he said.\n\nNext."
    q = only(text, "en")
    assert text[q.start:q.end] == "First paragraph.\n\n“Second paragraph.\n\n“Third,"
    assert q.paragraphs == 3 and q.closed and q.open_start == text.index("“")


def test_quote_over_paragraphs_with_guillemets_and_single_newlines():
    text = "«Перший абзац.\n«Другий абзац», — сказав він.\nДалі."
    q = only(text, "uk")
    assert text[q.start:q.end] == "Перший абзац.\n«Другий абзац"
    assert q.paragraphs == 2


def test_quote_over_lines_in_a_blank_line_document():
    # paragraphs mostly separated by blank lines, but one quotation continues on a single-newline line
    text = "Intro.\n\nHe said. “If indeed it is so, then why.\n“I have been doing this for years,” he said.\n\nEnd."
    q = only(text, "en")
    assert text[q.start:q.end] == "If indeed it is so, then why.\n“I have been doing this for years,"
    assert q.paragraphs == 2 and q.closed


def test_block_quote_paragraphs_opened_by_straight_marks_without_closing():
    text = 'She reports:\n\n"First quoted paragraph.\n\n"Second quoted paragraph.\n\n“Other,” he said.'
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.closed, q.paragraphs) for q in found] == [
        ('First quoted paragraph.\n\n"Second quoted paragraph.', False, 2), ("Other,", True, 1)]


def test_closing_glyph_opening_a_paragraph():
    text = "Intro.\n\n” … he delivered a mix of orthodoxy,” Barabak wrote."
    assert contents(text, "en") == ["… he delivered a mix of orthodoxy,"]


def test_hungarian_inner_reversed_guillemets():
    text = "Azt mondta: „Ez »nagyon« jó”, és elment."
    found = find_quotes(text, "hu")
    assert [(text[q.start:q.end], q.depth, q.style) for q in found] == [
        ("Ez »nagyon« jó", 0, "low-high"), ("nagyon", 1, "guillemets-reversed")]


def test_language_tags_with_regions_are_understood():
    text = "Il a fini » puis « Oui », dit-il."
    assert contents(text, "fr-CA") == contents(text, "FR_fr") == ["Oui"]


# ---- unbalanced marks --------------------------------------------------------------------------------

def test_unclosed_quote_ends_at_its_paragraph():
    text = "“Unclosed quote here.\n\nNext paragraph “ok” here."
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.closed, q.close_mark) for q in found] == [
        ("Unclosed quote here.", False, None), ("ok", True, "”")]
    assert found[0].close_end == found[0].end


def test_unclosed_quote_ends_at_the_next_opening_of_the_same_mark():
    text = "He said “hi and then “bye,” she said."
    assert [(text[q.start:q.end], q.closed) for q in find_quotes(text, "en")] == [
        ("hi and then", False), ("bye,", True)]


def test_unclosed_straight_quote_does_not_swallow_the_document():
    text = 'He said "this never ends.\n\nNew paragraph with "a quote" inside.\n\nAnd "another".'
    assert [(text[q.start:q.end], q.closed) for q in find_quotes(text, "en")] == [
        ("this never ends.", False), ("a quote", True), ("another", True)]


def test_stray_closing_marks_are_ignored():
    text = "Nothing” here» and then “a real one” at last."
    assert contents(text, "en") == ["a real one"]


def test_unclosed_inner_quote_ends_with_the_outer_one():
    text = "«Він сказав „так і пішов», — написав він."
    found = find_quotes(text, "uk")
    assert [(text[q.start:q.end], q.depth, q.closed) for q in found] == [
        ("Він сказав „так і пішов", 0, True), ("так і пішов", 1, False)]


def test_opening_glyph_typed_as_closing_mark():
    assert contents("“Hello,“ he said.", "en") == ["Hello,"]


def test_mixed_curly_and_straight_closing():
    assert contents("„Wir kommen\", sagte er.", "de") == ["Wir kommen"]


def test_straight_quote_pairing_with_missing_space():
    assert contents('"Hello,"he said and "bye".', "en") == ["Hello,", "bye"]


def test_doubled_single_marks_as_double_quotes():
    # NYT archive style: '' for both marks, ' inside, ''' where both close together
    text = ("''I said, 'The lesson is clear,''' he recalled. ''He said, 'Eight years.'.''\n\n"
            "He called it a ``test'' and a ‘‘trial’’ and a “question’’ once.")
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.depth, q.open_mark, q.close_mark) for q in found] == [
        ("I said, 'The lesson is clear,'", 0, "''", "''"),
        ("The lesson is clear,", 1, "'", "'"),
        ("He said, 'Eight years.'.", 0, "''", "''"),
        ("Eight years.", 1, "'", "'"),
        ("test", 0, "``", "''"), ("trial", 0, "‘‘", "’’"), ("question", 0, "“", "’’")]
    for q in found:
        assert text[q.close_end - len(q.close_mark):q.close_end] == q.close_mark


def test_same_mark_nested_when_enough_closing_marks_follow():
    text = "Jack noted that “many of those elected from his “list” are firmly conservative,” he said."
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.depth, q.closed) for q in found] == [
        ("many of those elected from his “list” are firmly conservative,", 0, True), ("list", 1, True)]


def test_same_mark_reopened_without_enough_closing_marks_recovers():
    text = "“A. “B,” he said. “C,” she said."
    assert [(text[q.start:q.end], q.closed) for q in find_quotes(text, "en")] == [
        ("A.", False), ("B,", True), ("C,", True)]


def test_opening_glyph_with_a_space_before_closing_the_paragraph():
    text = "“They see that. “\n\nThis story continues."
    q = only(text, "en")
    assert (text[q.start:q.end], q.closed, q.close_mark) == ("They see that.", True, "“")


# ---- apostrophes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("I don't know, rock 'n' roll, the '90s, 90's, O’Brien, the students’ union.", "en"),
    ("I don’t think it’s rock ’n’ roll in the ’90s or ‘90s.", "en"),
    ("П'ять і п’ять, м'ясо, з'їзд.", "uk"),
    ("L'homme et l’homme, aujourd’hui, jusqu'à.", "fr"),
    ("We'll see 'em later, 'cause it's late.", "en"),
])
def test_apostrophes_are_not_quotes(text, lang):
    assert find_quotes(text, lang) == []


def test_quotes_with_apostrophes_inside():
    text = "'I don't know,' he said. 'The students' union is open.' 'Rock 'n' roll,' she said."
    assert contents(text, "en") == ["I don't know,", "The students' union is open.", "Rock 'n' roll,"]


def test_german_possessive_apostrophe_inside_a_quote():
    text = "Er sagte 'Hans' Auto ist kaputt', dann ging er."
    assert contents(text, "de") == ["Hans' Auto ist kaputt"]


def test_curly_single_quote_with_possessive_and_contractions():
    text = "‘The teachers’ strike won’t end,’ she said, ‘until O’Neill’s team gives in.’"
    assert contents(text, "en") == ["The teachers’ strike won’t end,", "until O’Neill’s team gives in."]


def test_plural_possessive_closes_when_nothing_else_can():
    text = "He called them ‘the boys’ and left."
    assert contents(text, "en") == ["the boys"]


def test_lone_apostrophe_like_opening_is_not_reported():
    assert find_quotes("The 'unclosed single mark stays quiet.", "en") == []


# ---- more languages ----------------------------------------------------------------------------------

def test_russian_inner_low_high_quotes():
    text = "Он сказал: «Я прочитал „Войну и мир“ дважды». Потом ушёл."
    found = find_quotes(text, "ru")
    assert [(text[q.start:q.end], q.depth, q.style) for q in found] == [
        ("Я прочитал „Войну и мир“ дважды", 0, "guillemets"), ("Войну и мир", 1, "low-high")]


def test_swiss_german_guillemets_with_lang_de():
    assert contents("«Grüezi», sagte er, «wie geht's?»", "de") == ["Grüezi", "wie geht's?"]


def test_german_closing_mark_glued_to_the_next_word():
    assert contents("„Hallo“sagte er und „Tschüss“.", "de") == ["Hallo", "Tschüss"]


def test_chinese_curly_and_corner_quotes():
    text = "他说：“你好。”她回答：「再见」。"
    assert contents(text, "zh") == ["你好。", "再见"]


def test_greek_and_polish_nested():
    assert contents("Είπε «καλημέρα» χθες.", "el") == ["καλημέρα"]
    text = "Powiedział: „To jest «dobre» rozwiązanie”."
    assert [(text[q.start:q.end], q.depth) for q in find_quotes(text, "pl")] == [
        ("To jest «dobre» rozwiązanie", 0), ("dobre", 1)]


def test_swedish_single_same_mark():
    assert contents("Hon sa ’nej’ igen.", "sv") == ["nej"]


# ---- dialogue dashes ---------------------------------------------------------------------------------

def test_russian_dialogue_with_author_words_and_resumption():
    text = "— Текст, — сказал он. — Ещё текст.\n— Я — студент, — ответил он."
    found = find_quotes(text, "ru")
    assert [text[q.start:q.end] for q in found] == ["Текст", "Ещё текст.", "Я — студент"]
    first = found[0]
    assert first.style == "dash" and first.open_start == 0 and first.open_mark == "—"
    assert first.close_mark == "—" and text[first.close_end - 1] == "—"
    assert found[1].open_start == text.index("— Ещё") and found[1].close_mark is None


def test_ukrainian_dialogue_with_en_dash_and_question():
    text = "Він спитав:\n– Куди ти йдеш? – спитав він.\n– Додому, – відповіла вона."
    assert contents(text, "uk") == ["Куди ти йдеш?", "Додому"]


def test_dialogue_with_the_quotation_dash():
    """U+2015 HORIZONTAL BAR, Unicode's quotation dash, opens and breaks dialogue like — and –."""
    text = "― Куди ти йдеш? ― спитав він.\n― Додому, ― відповіла вона."
    assert contents(text, "uk") == ["Куди ти йдеш?", "Додому"]
    assert contents(text) == ["Куди ти йдеш?", "Додому"]


def test_hyphen_dialogue_in_russian_without_lang():
    text = "- Привет, - сказал он. - Как дела?"
    assert contents(text) == ["Привет", "Как дела?"]


def test_spanish_dialogue_dashes():
    text = "—Hola —dijo él—. ¿Cómo estás?"
    assert contents(text, "es") == ["Hola", "¿Cómo estás?"]


def test_french_dialogue_with_guillemets_inside_has_depth():
    text = "— Il a dit « non », répondit-elle."
    found = find_quotes(text, "fr")
    assert [(text[q.start:q.end], q.depth) for q in found] == [
        ("Il a dit « non », répondit-elle.", 0), ("non", 1)]


def test_dashes_in_english_are_not_dialogue():
    text = "- a list item\n— Reuters\nIt also said -- without denying it -- that troops left."
    assert find_quotes(text, "en") == []


def test_dash_list_with_semicolons_is_not_dialogue():
    text = "Заходи:\n– обстріли тривають;\n– евакуація продовжується.\n\n– Справді? – спитав він."
    assert contents(text, "uk") == ["Справді?"]


def test_hyphen_list_without_lang_is_not_dialogue():
    assert find_quotes("- first item\n- second item") == []


# ---- the example document ----------------------------------------------------------------------------

def test_example_document_has_exactly_its_three_quotes(shared):
    text = (shared / "examples" / "pokrovsk-afp-2025-12-02.txt").read_text(encoding="utf-8")
    found = find_quotes(text, "en")
    got = [text[q.start:q.end] for q in found]
    assert len(got) == 3
    assert got[0] == ("Search and assault operations and the elimination of the enemy in urban areas "
                      "continue in Pokrovsk,")
    assert got[1].startswith("I have already suggested") and got[1].endswith("with their own eyes,")
    assert got[2] == ("good foothold for solving all the tasks set at the beginning of the special military "
                      "operation")
    assert all(q.depth == 0 and q.closed and q.style == "straight-double" for q in found)


# ---- paragraphs and line ends ------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2029"])
def test_line_ends_without_blank_lines_make_every_line_a_paragraph(newline):
    text = newline.join(["“Unclosed on its line", "Next “ok” here", "Last"])
    found = find_quotes(text, "en")
    assert [(text[q.start:q.end], q.closed) for q in found] == [("Unclosed on its line", False), ("ok", True)]


def test_crlf_blank_lines_make_single_newlines_soft_wraps():
    text = "Intro.\r\n\r\n“A quote wrapped\r\nover two lines,” he said.\r\n\r\nEnd."
    q = only(text, "en")
    assert text[q.start:q.end] == "A quote wrapped\r\nover two lines," and q.closed and q.paragraphs == 1


def test_english_wrapped_line_opening_with_a_dash_does_not_cut_a_quote():
    text = "Intro.\n\n“He left early\n— and then came back,” she said.\n\nEnd."
    assert contents(text, "en") == ["He left early\n— and then came back,"]


# ---- odd input and properties ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "\"", "'", "“", "”", "«»", "»«", "\"\"\"\"\"", "''''", "“”“”„“‚‘«»‹›「」『』",
    "— ", "—", "-", "- -", "— — —", "\x00\x01\xff\ufffd\ud800", "«\n\n«\n\n«", "\r\n\r\n“\r\n",
    "a\u2029“b\u2029“c”", "\u2028\"x\"\u2028",
])
def test_odd_input_never_raises(text):
    for lang in (None, "en", "uk", "fr", "de", "ja", "sv", "xx-YY", ""):
        check_invariants(text, find_quotes(text, lang))


def test_binary_junk_never_raises():
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    check_invariants(junk, find_quotes(junk))
    junk8 = bytes(rng.randrange(256) for _ in range(20000)).decode("utf-8", errors="surrogateescape")
    check_invariants(junk8, find_quotes(junk8, "uk"))


def test_deep_nesting_of_junk_stays_linear_and_bounded():
    text = "«" * 50000 + "x" + "»" * 50000
    found = find_quotes(text, "ru")
    assert 0 < len(found) <= 64
    check_invariants(text, found)


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        find_quotes(b"\"bytes\"")  # type: ignore[arg-type]


ALPHABET = list("ab Щя1,.!?:;()-—–\n\n\t '\"“”‘’„‚«»‹›「」『』")


def check_invariants(text: str, found: list[QuoteSpan]) -> None:
    n = len(text)
    keys = [(q.open_start, q.depth) for q in found]
    assert keys == sorted(keys)
    for q in found:
        assert 0 <= q.open_start <= q.start <= q.end <= q.close_end <= n
        assert q.end > q.start
        assert q.style in STYLES
        assert q.closed or q.close_mark is None
        if q.style != "dash":
            assert text.startswith(q.open_mark, q.open_start)
        if q.close_mark is not None:
            assert text[q.close_end - len(q.close_mark):q.close_end] == q.close_mark
        if q.depth:
            assert any(p.depth == q.depth - 1 and p.open_start <= q.open_start and q.close_end <= p.close_end
                       and p is not q for p in found)
        else:
            assert not any(p is not q and p.open_start <= q.open_start and q.close_end <= p.close_end
                           and (p.open_start, p.close_end) != (q.open_start, q.close_end) for p in found)


def test_random_text_properties():
    rng = random.Random(20261125)
    for _ in range(1500):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 80)))
        lang = rng.choice([None, "en", "uk", "ru", "de", "fr", "sv", "ja", "es"])
        check_invariants(text, find_quotes(text, lang))


def test_well_formed_random_nesting_is_recovered_exactly():
    """Generate properly nested quotes of alternating styles; every one must come back with its depth."""
    rng = random.Random(4)
    families = [[("“", "”"), ("‘", "’"), ("“", "”")], [("«", "»"), ("„", "“"), ("‘", "’")],
                [("„", "“"), ("‚", "‘"), ("„", "“")], [("「", "」"), ("『", "』"), ("「", "」")],
                [("«", "»"), ("“", "”"), ("‘", "’")], [('"', '"'), ("'", "'"), ("“", "”")]]
    for _ in range(300):
        pairs = rng.choice(families)
        parts: list[str] = []
        expected: list[tuple[int, int]] = []  # (open_start, depth)

        def gen(depth: int) -> None:
            for _ in range(rng.randrange(1, 3)):
                parts.append(rng.choice(["word ", "слово ", "mot, ", "x. "]))
                if depth < 3 and rng.random() < 0.6:
                    o, c = pairs[depth]
                    expected.append((sum(map(len, parts)), depth))
                    parts.append(o)
                    gen(depth + 1)
                    parts.append(c + " ")
            parts.append("end")

        gen(0)
        text = "".join(parts)
        found = find_quotes(text)
        assert [(q.open_start, q.depth) for q in found] == sorted(expected), text
        check_invariants(text, found)


def test_unbalanced_marks_never_reach_past_their_paragraph():
    """Quotes of a document = the quotes of each paragraph alone, wherever no paragraph opens with a mark."""
    rng = random.Random(11)
    inner = [c for c in ALPHABET if c != "\n"]
    for _ in range(400):
        paras = []
        for _ in range(rng.randrange(1, 5)):
            body = "".join(rng.choice(inner) for _ in range(rng.randrange(1, 40))).strip()
            paras.append("x " + body)  # never opens with a mark: no continuation across paragraphs
        text = "\n\n".join(paras)
        lang = rng.choice([None, "en", "uk", "de", "fr"])
        expected, offset = [], 0
        for p in paras:
            expected += [(q.start + offset, q.end + offset, q.style, q.depth, q.closed) for q in find_quotes(p, lang)]
            offset += len(p) + 2
        assert [(q.start, q.end, q.style, q.depth, q.closed) for q in find_quotes(text, lang)] == expected, text
