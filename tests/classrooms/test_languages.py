"""Modules not yet in a child's language: the class's fallback language, the marks that say
which language a module is shown in, and a teacher assigning modules from any interface."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from classrooms import queries, services
from classrooms.models import Assignment, Classroom
from curriculum.languages import in_language_label, language_rank
from curriculum.models import ModulePage
from lessons.models import LessonPage


def withdraw(slug, *codes):
    """Take a starter module's translations down (every starter module is in every language)."""
    for code in codes:
        ModulePage.objects.get(slug=slug, locale__language_code=code).unpublish()
    return ModulePage.objects.get(slug=slug, locale__language_code="en")


def module_in(slug, code):
    return ModulePage.objects.get(slug=slug, locale__language_code=code)


def label(code, reader):
    with translation.override(reader):
        return in_language_label(code)


def my_module_items(html):
    return re.findall(r'<li class="my-module">.*?</li>', html, re.S)


def test_languages_rank_the_readers_then_the_class_fallback_then_the_source():
    rank = language_rank("ug", "zh-hans", "en")
    assert sorted(["en", "zh-hans", "ug"], key=rank) == ["ug", "zh-hans", "en"]
    rank = language_rank("ug", None, "en")
    assert sorted(["zh-hans", "en"], key=rank) == ["en", "zh-hans"]
    # A code the site does not know comes last, never first.
    assert sorted(["xx", "zh-hans"], key=language_rank("ug")) == ["zh-hans", "xx"]


def test_a_class_chooses_its_fallback_language_when_it_is_made(client, school, class_teacher):
    school.teachers.add(class_teacher)
    client.force_login(class_teacher)
    url = reverse("classrooms:teacher_home")
    html = client.get(url).content.decode()
    assert 'name="fallback_language"' in html and '<option value="zh-hans"' in html
    data = {"school": school.pk, "name": "Class 6", "sign_in_method": "pictures"}
    assert client.post(url, {**data, "fallback_language": "zh-hans"}).status_code == 302
    assert Classroom.objects.get(name="Class 6").fallback_language == "zh-hans"
    # A language the site does not have is refused with a message, not saved.
    response = client.post(url, {**data, "name": "Class 7", "fallback_language": "xx"})
    assert response.status_code == 400 and not Classroom.objects.filter(name="Class 7").exists()


def test_a_class_is_made_with_the_site_language_as_its_fallback(classroom):
    assert classroom.fallback_language == "en"


def test_the_teacher_changes_the_class_fallback_language(
    client, classroom, class_teacher, other_teacher, student
):
    url = reverse("classrooms:class_language", args=[classroom.pk])
    overview = reverse("classrooms:class_overview", args=[classroom.pk])
    assert client.post(url, {"fallback_language": "zh-hans"}).status_code == 302  # to sign in
    for outsider in (other_teacher, student):
        client.force_login(outsider)
        assert client.post(url, {"fallback_language": "zh-hans"}).status_code in (403, 404)
    classroom.refresh_from_db()
    assert classroom.fallback_language == "en"
    client.force_login(class_teacher)
    assert client.get(url).status_code == 405
    assert 'name="fallback_language"' in client.get(overview).content.decode()
    assert client.post(url, {"fallback_language": "zh-hans"})["Location"] == overview
    classroom.refresh_from_db()
    assert classroom.fallback_language == "zh-hans"
    response = client.post(url, {"fallback_language": "<b>"}, follow=True)
    assert "is not one of the available choices" in response.content.decode()
    assert client.post(url, {}).status_code == 302
    classroom.refresh_from_db()
    assert classroom.fallback_language == "zh-hans"


def test_a_uyghur_child_sees_an_untranslated_module_in_the_class_fallback_language(
    client, classroom, children, class_teacher
):
    classroom.fallback_language = "zh-hans"
    classroom.save()
    english = withdraw("drugs", "ug")
    services.assign_module(classroom, english, class_teacher)
    client.force_login(children[0].user)
    response = client.get("/ug/my/")
    html = response.content.decode()
    chinese = module_in("drugs", "zh-hans")
    # The interface stays Uyghur ...
    assert re.search(r'<html lang="ug" dir="rtl">', html)
    with translation.override("ug"):
        assert translation.gettext("My modules") in html
    # ... the module is in Chinese, links to the Chinese pages, and says so.
    [item] = my_module_items(html)
    title = re.escape(chinese.title)
    heading = rf'<h2><a\s+href="{chinese.url}" lang="zh-hans" dir="ltr"\s+>{title}</a>'
    assert re.search(heading, item)
    assert f'<span class="in-language">{label("zh-hans", "ug")}</span>' in item
    assert "/en/" not in item
    [module] = response.context["modules"]
    assert module.next_step.url.startswith("/zh-hans/")
    assert f'<a class="button button--next" href="{module.next_step.url}"' in item


def test_without_the_fallback_language_the_source_language_then_any(
    client, classroom, children, class_teacher
):
    classroom.fallback_language = "zh-hans"
    classroom.save()
    withdraw("drugs", "ug", "zh-hans")
    only_chinese = withdraw("hiv-and-health", "ug")
    only_chinese.unpublish()
    services.assign_module(classroom, module_in("drugs", "en"), class_teacher)
    services.assign_module(classroom, only_chinese, class_teacher)
    client.force_login(children[0].user)
    html = client.get("/ug/my/").content.decode()
    drugs, hiv = my_module_items(html)
    assert 'lang="en" dir="ltr"' in drugs and label("en", "ug") in drugs
    assert 'lang="zh-hans" dir="ltr"' in hiv and label("zh-hans", "ug") in hiv


def test_a_module_in_the_childs_language_carries_no_mark(client, classroom, children, assignment):
    client.force_login(children[0].user)
    [item] = my_module_items(client.get("/ug/my/").content.decode())
    assert "in-language" not in item and ' lang="' not in item
    assert module_in("safe-migration", "ug").url in item


def test_a_lesson_not_yet_translated_keeps_its_place_in_the_fallback_language(
    classroom, children, assignment, module_lessons, locales
):
    classroom.fallback_language = "zh-hans"
    classroom.save()
    second = module_lessons[1].get_translation(locales["ug"])
    second.unpublish()
    outline = queries.outlines(
        [assignment.module_key], "ug", fallbacks={assignment.module_key: "zh-hans"}
    )[assignment.module_key]
    keys = [lesson.translation_key for lesson in outline.lessons]
    assert keys == [lesson.translation_key for lesson in module_lessons]
    languages = [lesson.locale.language_code for lesson in outline.lessons]
    assert languages == ["ug", "zh-hans"] + ["ug"] * (len(module_lessons) - 2)
    assert outline.module.locale.language_code == "ug"
    assert outline.quiz.locale.language_code == "ug"
    # The child who has finished the first lesson is sent on to the Chinese one.
    services.record_lesson_event(
        children[0].user, module_lessons[0].get_translation(locales["ug"]), completed=True
    )
    [item] = queries.my_modules(children[0].user, "ug")
    assert item.next_step.translation_key == module_lessons[1].translation_key
    assert item.next_step.url.startswith("/zh-hans/")
    assert item.cell.steps == len(module_lessons) + 1


def test_the_next_button_keeps_its_words_apart_from_a_title_in_another_language(
    client, classroom, children, assignment, module_lessons, locales
):
    classroom.fallback_language = "zh-hans"
    classroom.save()
    module_lessons[0].get_translation(locales["ug"]).unpublish()
    client.force_login(children[0].user)
    [item] = my_module_items(client.get("/ug/my/").content.decode())
    chinese = module_lessons[0].get_translation(locales["zh-hans"])
    with translation.override("ug"):
        start = translation.gettext("Start")
    # The label and the title are apart, the title isolated in its own language and
    # direction, with the language named: no colon or arrow between them to reorder.
    assert f'<span class="button__label">{start}</span>' in item
    assert f'<bdi lang="zh-hans" dir="ltr">{chinese.title}</bdi>' in item


def test_progress_figures_are_isolated_left_to_right(client, classroom, children, assignment):
    client.force_login(children[0].user)
    html = client.get("/ug/my/").content.decode()
    assert re.search(r'<span class="cell__figures"><bdi dir="ltr">0/\d+</bdi></span>', html)


def test_the_sign_in_card_address_reads_left_to_right(client, classroom, children, class_teacher):
    client.force_login(class_teacher)
    html = client.get(f"/ug/teach/classes/{classroom.pk}/cards/").content.decode()
    assert '<bdi class="web-address" dir="ltr">http://testserver/ug/join/</bdi>' in html
    assert f'<b class="code">{classroom.join_code}</b>' in html


def only_safe_migration_in_uyghur():
    """As in a programme whose Uyghur translations are still under review: one is live."""
    for module in ModulePage.objects.live().filter(locale__language_code="ug"):
        if module.slug != "safe-migration":
            module.unpublish()


@pytest.mark.parametrize("language", ["ug", "zh-hans", "en"])
def test_a_teacher_can_assign_every_live_module_in_any_interface(
    client, classroom, children, class_teacher, language
):
    only_safe_migration_in_uyghur()
    withdraw("drugs", "zh-hans")  # drugs: English only, hiv: English and Chinese
    client.force_login(class_teacher)
    overview = f"/{language}/teach/classes/{classroom.pk}/"
    html = client.get(overview).content.decode()
    select = re.search(r'<select name="module".*?</select>', html, re.S).group(0)
    offered = [int(pk) for pk in re.findall(r'<option value="(\d+)"', select)]
    source = list(ModulePage.objects.live().filter(locale__language_code="en"))
    assert len(offered) == len(source) == 8
    with translation.override(language):
        best = {
            module.translation_key: queries.outlines([module.translation_key], language)[
                module.translation_key
            ].module
            for module in source
        }
    assert sorted(offered) == sorted(module.pk for module in best.values())
    if language != "en":
        drugs = module_in("drugs", "en")
        assert f"\u2068{drugs.title}\u2069 · " in select and label("en", language) in select
    for pk in offered:
        response = client.post(f"/{language}/teach/classes/{classroom.pk}/assign/", {"module": pk})
        assert response.status_code == 302
    assignments = Assignment.objects.filter(classroom=classroom)
    assert {a.module_key for a in assignments} == {m.translation_key for m in source}
    # Assignments keep pointing at the source page, whichever copy was chosen.
    assert {a.module.locale.language_code for a in assignments} == {"en"}
    # Every child sees every module, in the best language there is for them.
    client.force_login(children[0].user)
    response = client.get(f"/{language}/my/")
    shown = {item.outline.key: item.outline.module for item in response.context["modules"]}
    assert len(shown) == 8
    codes = {key: module.locale.language_code for key, module in shown.items()}
    drugs_key = module_in("drugs", "en").translation_key
    safe_key = module_in("safe-migration", "en").translation_key
    assert codes[drugs_key] == "en" and codes[safe_key] == language
    if language == "ug":
        assert sum(code == "ug" for code in codes.values()) == 1


def test_assigning_a_copy_in_another_language_keys_the_same_module(
    client, classroom, class_teacher, locales
):
    client.force_login(class_teacher)
    chinese = module_in("labour-rights", "zh-hans")
    url = f"/ug/teach/classes/{classroom.pk}/assign/"
    assert client.post(url, {"module": chinese.pk}).status_code == 302
    assert client.post(url, {"module": module_in("labour-rights", "ug").pk}).status_code == 302
    assignment = Assignment.objects.get(classroom=classroom)
    assert assignment.module_key == chinese.translation_key
    assert assignment.module.locale == locales["en"]
    # A module that is not live cannot be assigned.
    draft = module_in("drugs", "ug")
    draft.unpublish()
    assert client.post(url, {"module": draft.pk}).status_code == 400
    assert Assignment.objects.filter(classroom=classroom).count() == 1


def test_the_class_overview_marks_a_module_shown_in_another_language(
    client, classroom, children, class_teacher
):
    only_safe_migration_in_uyghur()
    services.assign_module(classroom, module_in("drugs", "en"), class_teacher)
    classroom.fallback_language = "zh-hans"
    classroom.save()
    client.force_login(class_teacher)
    html = client.get(f"/ug/teach/classes/{classroom.pk}/").content.decode()
    chinese = module_in("drugs", "zh-hans")
    assert f'lang="zh-hans" dir="ltr">{chinese.title}<' in html


def test_lesson_pages_of_a_fallback_module_still_record_progress(
    client, classroom, children, assignment, module_lessons, locales
):
    chinese = LessonPage.objects.get(
        translation_key=module_lessons[0].translation_key, locale=locales["zh-hans"]
    )
    client.force_login(children[0].user)
    assert client.get(chinese.url).status_code == 200
    [item] = queries.my_modules(children[0].user, "ug")
    assert item.cell.lessons_opened == 1


def test_the_language_label_is_in_the_readers_language():
    assert label("zh-hans", "en") == "In Simplified Chinese"
    assert "خەنزۇچە" in label("zh-hans", "ug")
    assert Locale.objects.filter(language_code="zh-hans").exists()


def test_a_teacher_records_a_lesson_not_yet_in_their_language(
    client, classroom, children, class_teacher, module_lessons, locales
):
    module_lessons[1].get_translation(locales["ug"]).unpublish()
    classroom.fallback_language = "zh-hans"
    classroom.save()
    client.force_login(class_teacher)
    url = f"/ug/teach/classes/{classroom.pk}/deliveries/"
    select = re.search(
        r'<select name="lesson".*?</select>', client.get(url).content.decode(), re.S
    ).group(0)
    offered = [int(pk) for pk in re.findall(r'<option value="(\d+)"', select)]
    assert len(offered) == LessonPage.objects.live().filter(locale=locales["en"]).count()
    chinese = module_lessons[1].get_translation(locales["zh-hans"])
    assert chinese.pk in offered and f"\u2068{chinese.title}\u2069 · " in select
    data = {"lesson": chinese.pk, "delivered_on": "2026-11-20", "children_present": 3}
    assert client.post(url, data).status_code == 302
    delivery = classroom.deliveries.get()
    assert delivery.lesson_key == module_lessons[1].translation_key
