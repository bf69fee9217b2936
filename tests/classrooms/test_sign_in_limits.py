"""Children's sign-in cannot be guessed across a class, nor used to lock a class out.

Wrong tries are limited per child, per client address and per class, class
codes per address, and a device where a child of the class signed in keeps
its own budget. Every count is in the database: these tests run on SQLite
and on PostgreSQL.
"""

import itertools
import random
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from classrooms import limits, services
from classrooms.models import (
    MAX_FAILED_SIGN_INS,
    PICTURES,
    PICTURES_IN_SECRET,
    SIGN_IN_PAUSE_MINUTES,
    SignInBudget,
    Student,
)

SCHOOL_ADDRESS = "198.51.100.7"


def secret_url(classroom, child):
    return reverse("classrooms:join_student", args=[classroom.join_code, child.pk])


def add_children(classroom, count):
    lines = "\n".join(f"Child {n}" for n in range(count))
    return services.add_students(classroom, services.parse_student_lines(lines))


def answer(client, classroom, child, pictures, address=SCHOOL_ADDRESS):
    """A whole picture answer in one request, as a script sends it."""
    return client.post(
        secret_url(classroom, child),
        {"chosen": "-".join(pictures[:-1]), "pick": pictures[-1]},
        REMOTE_ADDR=address,
    )


def tap(client, classroom, child, pictures, address=SCHOOL_ADDRESS):
    """A child tapping pictures one at a time, as the page asks."""
    chosen, response = "", None
    for picture in pictures:
        response = client.post(
            secret_url(classroom, child), {"chosen": chosen, "pick": picture}, REMOTE_ADDR=address
        )
        if response.status_code == 200:
            chosen = response.context["chosen_value"]
    return response


def wrong_answers(child):
    for guess in itertools.permutations(PICTURES, PICTURES_IN_SECRET):
        if list(guess) != child.pictures:
            yield list(guess)


def signed_in_as(client, child):
    return client.session.get("_auth_user_id") == str(child.user_id)


def test_guessing_across_a_class_from_one_client_is_stopped_early(classroom):
    kids = add_children(classroom, 30)
    attacker = Client()
    guesses = {kid.pk: wrong_answers(kid) for kid in kids}
    statuses = []
    # Guesses spread over the class, never reaching any child's own pause.
    for _round in range(MAX_FAILED_SIGN_INS - 1):
        for kid in kids:
            statuses.append(answer(attacker, classroom, kid, next(guesses[kid.pk])).status_code)
    assert statuses[: limits.ADDRESS_FAILURES] == [400] * limits.ADDRESS_FAILURES
    assert set(statuses[limits.ADDRESS_FAILURES :]) == {429}
    # Even a right guess now is refused: the address has spent its wrong tries.
    lucky = answer(attacker, classroom, kids[0], kids[0].pictures)
    assert lucky.status_code == 429
    assert "Too many wrong tries from this place" in lucky.content.decode()
    assert "_auth_user_id" not in attacker.session
    # Far fewer guesses than secrets: one in a hundred at most.
    assert limits.ADDRESS_FAILURES * 100 < limits.SECRETS
    # The child, at home on another address, is not held up by it.
    home = Client()
    assert answer(home, classroom, kids[0], kids[0].pictures, "192.0.2.40").status_code == 302


def test_guessing_class_codes_gets_a_translated_429(client, classroom):
    for n in range(limits.UNKNOWN_CODES):
        url = reverse("classrooms:join_class", args=[f"ZZ{n:04d}"])
        assert client.get(url, REMOTE_ADDR=SCHOOL_ADDRESS).status_code == 404
    response = client.get(
        reverse("classrooms:join_class", args=["ZZZZZZ"]), REMOTE_ADDR=SCHOOL_ADDRESS
    )
    assert response.status_code == 429
    assert "Too many class codes were tried from this place" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    # A right code gets the same answer, so the refusal tells nothing.
    for url in (
        reverse("classrooms:join_class", args=[classroom.join_code]),
        reverse("classrooms:join_student", args=[classroom.join_code, 1]),
    ):
        refused = client.get(url, REMOTE_ADDR=SCHOOL_ADDRESS)
        assert refused.status_code == 429 and classroom.school.name not in refused.content.decode()
    with translation.override("zh-hans"):
        url = reverse("classrooms:join_class", args=[classroom.join_code])
    chinese = client.get(url, REMOTE_ADDR=SCHOOL_ADDRESS)
    assert chinese.status_code == 429 and "尝试了太多班级代码" in chinese.content.decode()
    # Another school is not affected.
    assert client.get(url, REMOTE_ADDR="192.0.2.40").status_code == 200


def test_a_class_of_sixty_at_one_address_with_wrong_taps_is_never_blocked(classroom):
    """Sixty children, one school address, new devices, one tap in ten wrong."""
    kids = add_children(classroom, 60)
    rng = random.Random(14)
    taps = wrong_taps = wrong_answers_sent = 0
    for kid in kids:
        device = Client()
        code = classroom.join_code
        if rng.random() < 0.1:  # a mistyped class code first
            typo = device.get(reverse("classrooms:join_class", args=[code[::-1] + "Q"]))
            assert typo.status_code == 404
        names = device.get(
            reverse("classrooms:join_class", args=[code]), REMOTE_ADDR=SCHOOL_ADDRESS
        )
        assert names.status_code == 200
        for _attempt in range(MAX_FAILED_SIGN_INS):
            chosen = []
            for picture in kid.pictures:
                taps += 1
                if rng.random() < 0.1:
                    wrong_taps += 1
                    picture = rng.choice([p for p in PICTURES if p != picture])
                chosen.append(picture)
            response = tap(device, classroom, kid, chosen)
            assert response.status_code in (302, 400), response.content.decode()[:300]
            if response.status_code == 302:
                break
            wrong_answers_sent += 1
        assert signed_in_as(device, kid)
    assert 0.07 < wrong_taps / taps < 0.13
    # Not luck of the seed: the chance that any of the sixty gets MAX_FAILED_SIGN_INS
    # wrong answers in a row, and so their own pause, is below one in five hundred.
    wrong_answer = 1 - 0.9**PICTURES_IN_SECRET
    assert 1 - (1 - wrong_answer**MAX_FAILED_SIGN_INS) ** 60 < 1 / 500
    assert wrong_answers_sent > 20  # the school's address did spend wrong tries


def _attack_whole_class(classroom, kids):
    """Guess from several addresses until the class has spent its wrong tries for strangers.

    Each child pauses after five wrong tries; the attacker waits out the
    pauses (the test ends them, as fifteen minutes would) and goes on. The
    first address spends all its own wrong tries; it is returned.
    """
    guesses = {kid.pk: wrong_answers(kid) for kid in kids}
    first = "203.0.113.1"
    sent = 0
    while sent < limits.CLASS_FAILURES:
        Student.objects.filter(pk__in=[kid.pk for kid in kids]).update(paused_until=None)
        for kid in kids:
            for _try in range(MAX_FAILED_SIGN_INS):
                if sent == limits.CLASS_FAILURES:
                    break
                address = first if sent < limits.ADDRESS_FAILURES else f"203.0.113.{2 + sent // 50}"
                response = answer(Client(), classroom, kid, next(guesses[kid.pk]), address)
                # The fifth wrong try is refused with the pause it starts.
                assert response.status_code in (400, 429)
                sent += 1
    assert SignInBudget.objects.get(key=f"class:{classroom.pk}").count == limits.CLASS_FAILURES
    assert SignInBudget.objects.get(key=f"address:{first}").count == limits.ADDRESS_FAILURES
    return first


def test_guessing_cannot_lock_out_known_devices_or_the_whole_class(classroom):
    kids = add_children(classroom, 30)
    # Yesterday one child signed in on the class room's computer.
    room = Client()
    assert answer(room, classroom, kids[0], kids[0].pictures).status_code == 302
    device_cookie = room.cookies[limits.DEVICE_COOKIE].value

    _attack_whole_class(classroom, kids)
    paused = [kid for kid in Student.objects.filter(pk__in=[k.pk for k in kids]) if kid.is_paused()]
    assert len(paused) >= 5
    # Every child, at a new device anywhere, is held back now: the class is closed to strangers.
    stranger = answer(Client(), classroom, kids[-1], kids[-1].pictures, "192.0.2.99")
    assert stranger.status_code == 429

    # Every child still signs in on the known computer, one after another.
    for kid in kids:
        computer = Client()
        computer.cookies[limits.DEVICE_COOKIE] = device_cookie
        response = tap(computer, classroom, kid, kid.pictures)
        assert response.status_code == 302, kid.name
        assert signed_in_as(computer, kid)


def test_a_forged_device_cookie_is_a_stranger(classroom):
    kids = add_children(classroom, 2)
    _attack_whole_class(classroom, kids)
    forged = Client()
    forged.cookies[limits.DEVICE_COOKIE] = "eyJkIjoieCIsImMiOlsxXX0:forged"
    assert answer(forged, classroom, kids[0], kids[0].pictures).status_code == 429


def test_a_known_device_that_guesses_spends_its_own_budget(classroom):
    kids = add_children(classroom, 30)
    device = Client()
    assert answer(device, classroom, kids[0], kids[0].pictures).status_code == 302
    guesses = {kid.pk: wrong_answers(kid) for kid in kids}
    for n in range(limits.DEVICE_FAILURES):
        kid = kids[1 + n % 29]
        assert answer(device, classroom, kid, next(guesses[kid.pk])).status_code == 400
    # Its own budget spent, the device counts as a stranger again: the child's
    # pause and the address's wrong tries apply once more.
    assert not Student.objects.get(pk=kids[1].pk).failed_sign_ins
    answer(device, classroom, kids[1], next(guesses[kids[1].pk]))
    assert Student.objects.get(pk=kids[1].pk).failed_sign_ins == 1


def test_one_card_makes_only_a_few_devices_known(classroom):
    kids = add_children(classroom, 1)
    made = 0
    for _n in range(limits.DEVICES_PER_CHILD + 2):
        device = Client()
        assert answer(device, classroom, kids[0], kids[0].pictures).status_code == 302
        made += limits.DEVICE_COOKIE in device.cookies
    assert made == limits.DEVICES_PER_CHILD


def test_a_card_makes_devices_known_again_once_its_window_has_passed(classroom):
    kid = add_children(classroom, 1)[0]
    for _n in range(limits.DEVICES_PER_CHILD):
        assert limits.DEVICE_COOKIE in answer(Client(), classroom, kid, kid.pictures).cookies
    assert limits.DEVICE_COOKIE not in answer(Client(), classroom, kid, kid.pictures).cookies
    key = limits.new_devices_limit(kid).key
    assert SignInBudget.objects.get(key=key).count == limits.DEVICES_PER_CHILD + 1
    earlier = timezone.now() - limits.DEVICES_PER_CHILD_WINDOW - timedelta(minutes=1)
    SignInBudget.objects.filter(key=key).update(window_start=earlier)
    assert limits.DEVICE_COOKIE in answer(Client(), classroom, kid, kid.pictures).cookies
    budget = SignInBudget.objects.get(key=key)
    assert budget.count == 1 and budget.window_start > earlier


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_a_right_answer_does_not_wait_for_wrong_tries_being_counted(classroom):
    """A class signs in together from one school's address while a guesser's wrong
    tries hold the address's and the class's budget rows locked on another server."""
    kid = add_children(classroom, 1)[0]
    keys = [limits.address_limit(SCHOOL_ADDRESS).key, limits.class_limit(classroom).key]
    locked, release, errors = threading.Event(), threading.Event(), []

    def other_server():
        try:
            SignInBudget.objects.bulk_create(
                [SignInBudget(key=key, window_start=timezone.now(), count=1) for key in keys],
                ignore_conflicts=True,
            )
            with transaction.atomic():
                list(SignInBudget.objects.select_for_update().filter(key__in=keys))
                locked.set()
                release.wait(timeout=30)
            SignInBudget.objects.filter(key__in=keys).delete()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
            locked.set()
        finally:
            connection.close()

    thread = threading.Thread(target=other_server)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        child = Client()
        assert answer(child, classroom, kid, kid.pictures).status_code == 302
        assert signed_in_as(child, kid)
    finally:
        release.set()
        thread.join()
    assert errors == []


def test_a_teacher_lets_a_child_in_at_once_while_class_and_address_limits_hold(
    client, classroom, class_teacher
):
    kids = add_children(classroom, 30)
    address = _attack_whole_class(classroom, kids)
    mei = kids[0]
    assert answer(Client(), classroom, mei, mei.pictures, address).status_code == 429

    client.force_login(class_teacher)
    detail = reverse("classrooms:student_detail", args=[classroom.pk, mei.pk])
    assert "Sign-in is paused" in client.get(detail).content.decode()
    client.post(reverse("classrooms:reset_sign_in", args=[classroom.pk, mei.pk]))
    mei.refresh_from_db()
    assert len(mei.pictures) == PICTURES_IN_SECRET

    # From the attacker's own address, whose budget is spent, on a new device.
    child = Client()
    assert tap(child, classroom, mei, mei.pictures, address).status_code == 302
    assert signed_in_as(child, mei)
    # The others stay held back from strangers.
    other = kids[1]
    assert answer(Client(), classroom, other, other.pictures, address).status_code == 429


def test_a_teacher_reset_still_counts_wrong_tries(classroom):
    kids = add_children(classroom, 1)
    services.reset_sign_in(kids[0])
    kids[0].refresh_from_db()
    guesses = wrong_answers(kids[0])
    for _n in range(MAX_FAILED_SIGN_INS - 1):
        assert answer(Client(), classroom, kids[0], next(guesses)).status_code == 400
    assert answer(Client(), classroom, kids[0], next(guesses)).status_code == 429
    assert answer(Client(), classroom, kids[0], kids[0].pictures).status_code == 429


def test_limits_start_again_after_their_window(classroom):
    kids = add_children(classroom, 30)
    _attack_whole_class(classroom, kids)
    later = timezone.now() - limits.CLASS_WINDOW - timedelta(minutes=1)
    SignInBudget.objects.update(window_start=later)
    Student.objects.update(paused_until=None)
    assert answer(Client(), classroom, kids[3], kids[3].pictures).status_code == 302


def test_a_child_with_an_old_three_picture_card_still_signs_in(client, classroom):
    """Cards printed before four pictures keep working until the teacher gives a new one."""
    kid = add_children(classroom, 1)[0]
    kid.picture_secret = "sun-fish-star"
    kid.save()
    page = client.get(secret_url(classroom, kid))
    assert "Tap your 3 pictures in the right order" in page.content.decode()
    assert tap(client, classroom, kid, ["sun", "fish", "star"]).status_code == 302
    services.reset_sign_in(kid)
    kid.refresh_from_db()
    assert len(kid.pictures) == 4 and not kid.has_old_card


def test_the_client_address_comes_from_trusted_proxies_only(client, classroom, settings):
    kids = add_children(classroom, 1)
    spoofed = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    guesses = wrong_answers(kids[0])
    client.post(secret_url(classroom, kids[0]), {"chosen": "", "pick": "sun"}, **spoofed)
    settings.LIFESKILLS_TRUSTED_PROXIES = 0
    answer_data = {"chosen": "-".join(next(guesses)[:3]), "pick": "car"}
    client.post(secret_url(classroom, kids[0]), answer_data, **spoofed)
    assert SignInBudget.objects.filter(key="address:127.0.0.1", count=1).exists()

    settings.LIFESKILLS_TRUSTED_PROXIES = 1
    client.post(
        secret_url(classroom, kids[0]),
        answer_data,
        HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.1",
        REMOTE_ADDR="127.0.0.1",
    )
    assert SignInBudget.objects.filter(key="address:192.0.2.1", count=1).exists()
    assert not SignInBudget.objects.filter(key="address:10.9.9.9").exists()

    settings.LIFESKILLS_TRUSTED_PROXIES = 0
    client.post(secret_url(classroom, kids[0]), answer_data, REMOTE_ADDR="2001:db8:1:2:3::9")
    assert SignInBudget.objects.filter(key="address:2001:db8:1:2::/64", count=1).exists()


def test_the_readme_figures_follow_from_these_limits():
    """README, "Security and privacy": change a limit, change the figures there too."""
    assert PICTURES_IN_SECRET == 4 and len(PICTURES) == 12
    assert limits.SECRETS == 11_880
    assert (MAX_FAILED_SIGN_INS, SIGN_IN_PAUSE_MINUTES) == (10, 15)
    assert (limits.ADDRESS_FAILURES, limits.ADDRESS_WINDOW) == (100, timedelta(hours=1))
    assert (limits.CLASS_FAILURES, limits.CLASS_WINDOW) == (200, timedelta(days=1))
    assert (limits.DEVICE_FAILURES, limits.DEVICE_WINDOW) == (20, timedelta(days=1))
    assert (limits.DEVICES_PER_CHILD, limits.UNKNOWN_CODES) == (3, 50)
    # One address against one class: 200 wrong tries a day (the class's limit
    # binds before the address's 2,400), 200 / 11,880 = 0.017 accounts a day.
    assert round(limits.expected_breakins_per_day(addresses=1), 3) == 0.017
    # Many addresses change nothing for one class: the class's limit holds.
    assert round(limits.expected_breakins_per_day(addresses=10_000), 3) == 0.017
    # One address across many classes: 2,400 a day, 0.2 accounts a day.
    assert round(24 * limits.ADDRESS_FAILURES / limits.SECRETS, 2) == 0.2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time: no race to lose"
)
def test_wrong_tries_counted_at_once_on_several_servers_are_all_kept():
    """Threads with their own connections stand for app servers counting at the same moment.

    They commit outside the test's transaction, so they use a key of their own
    and remove it afterwards.
    """
    key = f"race:{uuid.uuid4()}"
    threads_count, each = 8, 10
    start = threading.Barrier(threads_count)
    errors = []

    def server():
        try:
            start.wait()
            for _n in range(each):
                with transaction.atomic():
                    limits.Budget(key, 10_000, timedelta(hours=1), timezone.now()).spend()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = []

    def read_and_remove():
        try:
            counted.append(SignInBudget.objects.get(key=key).count)
            SignInBudget.objects.filter(key=key).delete()
        finally:
            connection.close()

    reader = threading.Thread(target=read_and_remove)
    reader.start()
    reader.join()
    assert errors == []
    assert counted == [threads_count * each]


def test_sign_in_cards_show_four_pictures_and_count_old_cards(client, classroom, class_teacher):
    kids = add_children(classroom, 2)
    kids[1].picture_secret = "sun-fish-star"
    kids[1].save()
    client.force_login(class_teacher)
    page = client.get(reverse("classrooms:sign_in_cards", args=[classroom.pk]))
    content = page.content.decode()
    assert content.count('<li><img src="/static/img/pictures/') == 4 + 3
    assert "1 child still has an old card with three pictures" in content
