from chalicelib.extraction.normalize import normalize_text


def test_compatibility_code_points_become_ideographs_and_ascii():
    assert normalize_text("⼈⽇⽉") == "人日月"  # Kangxi radicals
    assert normalize_text("１２３ＡＢｃ") == "123ABc"


def test_chinese_numerals_and_fullwidth_punctuation_survive():
    assert normalize_text("二〇二三年（2023）：，；") == "二〇二三年（2023）：，；"


def test_ascii_punctuation_turns_fullwidth_except_inside_numbers():
    assert normalize_text("(2023)新中小调字,电话:0373") == "（2023）新中小调字，电话：0373"
    assert normalize_text("¥123,456.00 10:30") == "¥123,456.00 10:30"


def test_circle_used_for_zero_in_dates():
    assert normalize_text("二○二三年") == "二〇二三年"


def test_radicals_supplement_look_alikes():
    assert normalize_text("⼈⺠路⻓垣市⻔") == "人民路长垣市门"


def test_every_simplified_radical_chromium_prints_is_its_ideograph():
    """Chromium's Type 3 fonts from Noto CJK map these glyphs to the radicals supplement (U+2E80–U+2EFF)."""
    assert normalize_text("⻙亮，⻰⻜，⻢⻅⻛⻋，⻩⻥⻦，⻉⻚⻔⻓⻄⻅⻆⻘⻝") == "韦亮，龙飞，马见风车，黄鱼鸟，贝页门长西见角青食"
    assert all(normalize_text(chr(cp)) == chr(cp) or not 0x2E80 <= ord(normalize_text(chr(cp))[0]) <= 0x2EFF
               for cp in range(0x2E80, 0x2EF4))


def test_look_alikes_left_after_printing_all_of_gb2312_through_chromium():
    assert normalize_text("⺕账戶㬵账⼾") == "彐账户胶账户"
