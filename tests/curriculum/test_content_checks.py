"""What a child-protection reviewer checks in the starter content, checked on every file.

These read the YAML files themselves, not the database: a wrong phone number or a
name used for two people is caught before anything is loaded.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from curriculum.starter import STARTER_DIR

# The files need no database, but every test here gets one (tests/conftest.py); the
# mark lets this file run on its own.
pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hans", "ug")
MODULE_DIRS = sorted(p for p in (STARTER_DIR / "modules").iterdir() if p.is_dir())

# The numbers children may be told to call: CURRICULUM.md and helplines.yaml.
PHONE_NUMBERS = {"110", "119", "120", "12333", "12338", "12355", "12356"}

# Every article CURRICULUM.md cites, by law. A content file may cite no other.
ARTICLES = {
    "Labour Law": {15, 36, 44, 58, 64, 65},
    "Labour Contract Law": {9, 10, 82, 84},
    "Labour Dispute Mediation and Arbitration Law": {53},
    "Law on the Protection of Minors (2020)": {11, 21, 58},
    "Regulations on AIDS Prevention and Treatment (2006, revised 2019)": {3},
    "Criminal Law": {347},
    "Anti-Drug Law (2007)": {62},
}
ALLOWED_ARTICLES = set().union(*ARTICLES.values())

# The duty to report, as it must end every lesson's teacher note.
DUTY_TO_REPORT = {
    "en": ("110", "Art. 11"),
    "zh-hans": ("110", "第十一条"),
    "ug": ("110", "11-ماددا"),
}

# Names the review found used for several people or spelt two ways.
RETIRED_NAMES = {
    "en": ["Wang Fang", "Ms Wang", "Mei", "Xiao Li"],
    "zh-hans": ["王芳", "王老师", "小梅", "小李", "阿孜孜"],
    "ug": [],
}

CHINESE_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_NUMERALS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100}


def chinese_number(text):
    """第三百四十七条 -> 347; digits pass through."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in CHINESE_UNITS:
            total += (1 if digit is None else digit) * CHINESE_UNITS[char]
            digit = None
        else:
            digit = CHINESE_NUMERALS[char]
    return total + (digit or 0)


def strings(value):
    """Every piece of text in a YAML value, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def western_digits(text):
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))


def content_files():
    files = [STARTER_DIR / "site.yaml", STARTER_DIR / "helplines.yaml"]
    for module_dir in MODULE_DIRS:
        files += [module_dir / f"{language}.yaml" for language in LANGUAGES]
    return files


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def phone_numbers(text):
    # Three-digit service numbers start 11 or 12, hotlines are 123xx; anything of
    # seven or more digits is a phone number too. Years, prices and percentages are not.
    text = western_digits(text)
    found = re.findall(r"(?<![\d.,])(1[12]\d(?:\d\d)?)(?![\d%])", text)
    found += re.findall(r"(?<!\d)(\d[\d -]{5,}\d)(?!\d)", text)
    return {number for number in found if not re.fullmatch(r"(19|20)\d\d", number)}


def articles(text):
    text = western_digits(text)
    numbers = set()
    for span in re.findall(r"\bArt(?:icles?|s?\.)\s*\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*", text):
        numbers |= {int(n) for n in re.findall(r"\d+", span)}
    for number in re.findall(r"第([一二两三四五六七八九十百零〇\d]+)条", text):
        numbers.add(chinese_number(number))
    for span in re.findall(r"(?:\d+\s*-?\s*(?:،|,|ۋە)\s*)*\d+\s*-\s*مادد", text):
        numbers |= {int(n) for n in re.findall(r"\d+", span)}
    return numbers


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(STARTER_DIR)))
def test_only_known_phone_numbers_and_articles(path):
    assert path.exists(), f"{path.relative_to(STARTER_DIR)} is missing"
    text = "\n".join(strings(load(path)))
    assert phone_numbers(text) <= PHONE_NUMBERS, path
    assert articles(text) <= ALLOWED_ARTICLES, path


def test_the_checks_catch_what_they_are_for():
    assert phone_numbers("Call 12356 or 110, not 12345 or 0991-2345678.") == {
        "12356",
        "110",
        "12345",
        "0991-2345678",
    }
    assert phone_numbers("In 2019 she earned 150% and 120 yuan, 1.5 times.") == {"120"}
    assert articles("Labour Law, Art. 58, 64 and 65; Article 347") == {58, 64, 65, 347}
    assert articles("《劳动法》第十五条和第三百四十七条，第58条") == {15, 347, 58}
    assert articles("«ئەمگەك قانۇنى» 36- ۋە 44-ماددا، 11-ماددا") == {36, 44, 11}


def test_every_module_ships_in_english_chinese_and_uyghur():
    assert len(MODULE_DIRS) == 8
    for module_dir in MODULE_DIRS:
        for language in LANGUAGES:
            assert (module_dir / f"{language}.yaml").exists(), f"{module_dir.name}/{language}"


def casts():
    return {module_dir.name: load(module_dir / "cast.yaml") for module_dir in MODULE_DIRS}


def name_pattern(name):
    # Whole names only: Li Na must not match inside "Li Nan".
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def test_each_name_is_one_person_in_one_module_spelt_one_way():
    everyone = [(module, person) for module, cast in casts().items() for person in cast]
    for language in LANGUAGES:
        names = [person[language] for _module, person in everyone]
        assert len(names) == len(set(names)), f"a {language} name is used twice in the casts"
    texts = {
        (module_dir.name, language): "\n".join(strings(load(module_dir / f"{language}.yaml")))
        for module_dir in MODULE_DIRS
        for language in LANGUAGES
    }
    for module, person in everyone:
        for language in LANGUAGES:
            pattern = name_pattern(person[language])
            assert pattern.search(texts[module, language]), (
                f"{person['en']} is in {module}'s cast but not in its {language} file"
            )
            for (other, other_language), text in texts.items():
                if other != module and other_language == language:
                    assert not pattern.search(text), (
                        f"{person[language]} ({module}) also appears in {other}/{language}"
                    )


def test_no_group_only_harmed_and_every_group_helps():
    roles = defaultdict(set)
    for cast in casts().values():
        for person in cast:
            assert person["role"] in {"harmed", "helps", "learns"}, person
            roles[person["group"]].add(person["role"])
    assert {"Han", "Uyghur", "Kazakh", "Hui", "Dai", "Bulang"} <= set(roles)
    for group, held in roles.items():
        assert "helps" in held, f"{group} people are never the ones who help"
        assert "harmed" in held or "learns" in held, group


@pytest.mark.parametrize("module_dir", MODULE_DIRS, ids=lambda p: p.name)
def test_retired_names_and_markers_are_gone(module_dir):
    for language in LANGUAGES:
        text = "\n".join(strings(load(module_dir / f"{language}.yaml")))
        for name in RETIRED_NAMES[language]:
            assert not name_pattern(name).search(text), f"{name} in {module_dir.name}/{language}"
        assert "头巾" not in text


@pytest.mark.parametrize("module_dir", MODULE_DIRS, ids=lambda p: p.name)
def test_teacher_note_first_in_every_lesson_with_the_duty_to_report(module_dir):
    for language in LANGUAGES:
        data = load(module_dir / f"{language}.yaml")
        for lesson in data.get("lessons") or []:
            body = lesson["body"]
            kinds = [block["type"] for block in body]
            where = f"{module_dir.name}/{language}: {lesson['title']}"
            assert kinds[0] == "teacher_note", where
            assert kinds.count("teacher_note") == 1, where
            note = body[0]["value"]["text"]
            for needed in DUTY_TO_REPORT[language]:
                assert needed in note, f"{where}: the teacher note lacks {needed!r}"
            assert "school's procedure" not in note, where


@pytest.mark.parametrize("module_dir", MODULE_DIRS, ids=lambda p: p.name)
def test_every_module_has_an_activity_older_children_can_lead(module_dir):
    source = load(module_dir / "en.yaml")
    peer_led = [
        block["value"]
        for lesson in source["lessons"]
        for block in lesson["body"]
        if block["type"] == "activity" and block["value"].get("peer_led")
    ]
    assert peer_led, module_dir.name
    assert all(activity.get("peer_notes") for activity in peer_led)


# Children in an internet café, a bar or karaoke only in a sentence that says they
# may not go in (Law on the Protection of Minors 2020, Art. 58).
FORBIDDEN_PLACES = {
    "en": (r"internet caf[eé]|karaoke|\bbars?\b", r"not|never|58|forbid|allowed"),
    "zh-hans": (r"网吧|歌厅|KTV|酒吧", r"不|禁止|第五十八条|58"),
    "ug": (r"تورخانا|قاراۋكې|ھاراقخانا", r"م[اە]ي|م[اە]س|58|ئەمەس|چەكل"),
}


@pytest.mark.parametrize("module_dir", MODULE_DIRS, ids=lambda p: p.name)
def test_no_child_goes_where_minors_may_not(module_dir):
    for language in LANGUAGES:
        place, refusal = FORBIDDEN_PLACES[language]
        text = "\n".join(strings(load(module_dir / f"{language}.yaml")))
        for sentence in re.split(r"(?<=[.!?。！？؟])\s*|\n", re.sub(r"<[^>]+>", " ", text)):
            if re.search(place, sentence, re.IGNORECASE):
                assert re.search(refusal, sentence), f"{module_dir.name}/{language}: {sentence}"


def glossary():
    return load(STARTER_DIR / "glossary-ug.yaml")


def test_uyghur_files_use_the_glossary_terms():
    avoid = [word for entry in glossary() for word in entry.get("avoid", [])]
    files = [STARTER_DIR / "site.yaml", STARTER_DIR / "helplines.yaml"]
    files += [module_dir / "ug.yaml" for module_dir in MODULE_DIRS]
    for path in files:
        data = load(path)
        text = "\n".join(strings(data.get("ug", data) if path.parent == STARTER_DIR else data))
        for word in avoid:
            assert word not in text, f"{word} in {path.relative_to(STARTER_DIR)}"
    module_word = next(entry["ug"] for entry in glossary() if entry["en"] == "module")
    assert module_word in load(STARTER_DIR / "site.yaml")["ug"]["index"]["title"]


def test_glossary_entries_are_complete():
    for entry in glossary():
        assert set(entry) <= {"en", "zh-hans", "ug", "avoid", "note", "checked"}, entry
        assert entry["en"] and entry["zh-hans"] and entry["ug"], entry
        assert isinstance(entry["checked"], bool), entry


def test_the_psychological_help_line_is_listed_in_every_language():
    lines = load(STARTER_DIR / "helplines.yaml")
    for language in LANGUAGES:
        assert "12356" in [line["number"] for line in lines[language]]
    feelings = next(p for p in MODULE_DIRS if p.name.endswith("feelings-and-help"))
    for language in LANGUAGES:
        assert "12356" in (feelings / f"{language}.yaml").read_text(encoding="utf-8")


def test_the_young_childrens_module_is_for_ages_six_to_nine():
    young = [load(p / "en.yaml")["module"] for p in MODULE_DIRS]
    assert [m["slug"] for m in young if m["age_band"] == "6-9"] == ["keeping-safe"]


def test_id_card_rule_is_one_rule():
    # The one rule: carry the original yourself, never hand it over, a copy at home.
    # Whatever a sentence says stays at home must be the copy.
    at_home = {
        "en": (r"ID card", r"at home", r"cop(y|ies)"),
        "zh-hans": (r"身份证", r"[放留存]在家|放家里|在家里保管", r"复印件"),
    }
    for module_dir in MODULE_DIRS:
        for language, (card, home, copy) in at_home.items():
            text = re.sub(
                r"<[^>]+>", " ", "\n".join(strings(load(module_dir / f"{language}.yaml")))
            )
            for sentence in re.split(r"(?<=[.!?。！？；;])\s*|\n", text):
                if re.search(card, sentence) and re.search(home, sentence):
                    assert re.search(copy, sentence), f"{module_dir.name}/{language}: {sentence}"


def test_module_folders_hold_language_files_and_a_cast():
    # Guards the guard: a module folder holds its language files and its cast only.
    for module_dir in MODULE_DIRS:
        names = {p.name for p in module_dir.iterdir()}
        assert names <= {f"{language}.yaml" for language in LANGUAGES} | {"cast.yaml"}, names
    assert Path(STARTER_DIR / "glossary-ug.yaml").exists()
