"""Letters of the genre in Russian for the intake benchmark (`python -m bench.intake --language
ru`): about as long as a seed letter, names declined in every case, invented throughout."""

from __future__ import annotations

import random

GIVEN_F = ["Анна", "Мария", "Ольга", "Вера", "Надежда"]
GIVEN_M = ["Иван", "Пётр", "Николай", "Сергей", "Фёдор"]
STEMS = [
    "Орлов", "Белов", "Кузнецов", "Соколов", "Морозов", "Волков", "Лебедев", "Зайцев",
    "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров",
]  # fmt: skip
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
KIN = [("брат", "male"), ("сестра", "female"), ("отец", "male"), ("мать", "female"),
       ("муж", "male")]  # fmt: skip


def _surname(stem: str, female: bool, case: str) -> str:
    """The surname of the -ов pattern in the nominative, accusative or genitive."""
    endings = {"nomn": ("", "а"), "accs": ("а", "у"), "gent": ("а", "ой"), "datv": ("у", "ой")}
    return stem + endings[case][1 if female else 0]


def letter_text(rng: random.Random, n: int) -> str:
    to1, to2 = rng.choice(STEMS), rng.choice(STEMS)
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    stem = rng.choice(STEMS)
    pronoun, obj = ("она", "её") if female else ("он", "его")
    kin, kin_gender = rng.choice(KIN)
    kin_given = rng.choice(GIVEN_F if kin_gender == "female" else GIVEN_M)
    kin_surname = _surname(stem, kin_gender == "female", "nomn")
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([1920, 1921, 1922])
    date = rng.choice(
        [
            f"{day} {MONTHS[month - 1]} {year} г.",
            f"{day}/{ROMAN[month - 1]} {year} г.",
            f"{day}.{ROMAN[month - 1]}.{year % 100}",
        ]
    )
    author = rng.choice(GIVEN_M)[0] + ". " + rng.choice(STEMS)
    paragraphs = [
        f"Тт. {_surname(to1, False, 'datv')} и {_surname(to2, False, 'datv')}",
        f"Узнал, что тов. {given} {_surname(stem, female, 'nomn')} исключен"
        f"{'а' if female else ''} районной комиссией из партии. Знаю {obj} лично по работе с "
        f"{year - rng.randint(3, 9)} года, когда мы вместе работали в типографии укома, и "
        f"наблюдал {obj} работу больше двух лет. {pronoun.capitalize()} "
        f"был{'а' if female else ''} аккурат{'на' if female else 'ен'}, берег"
        f"{'ла' if female else ''} партийное имущество и никогда не отказывал"
        f"{'ась' if female else 'ся'} от поручений, как бы поздно и холодно ни было.",
        f"Комиссии будто бы сообщили, что {pronoun} скрыл{'а' if female else ''} своё "
        f"происхождение. Не верю этому: {obj} {kin}, {kin_given} {kin_surname}, мне хорошо "
        f"известен, двадцать лет работает в железнодорожном депо, до революции дважды сидел "
        f"в тюрьме и никого не выдал. Семья всегда жила своим трудом. Возможно, комиссии "
        f"эти обстоятельства не были известны.",
        f"Прошу комиссию ещё раз проверить дело тов. {_surname(stem, female, 'gent')} и, если "
        f"мои сведения подтвердятся, восстановить {obj} в партии. Готов ответить на любой "
        f"вопрос комиссии и могу назвать ещё двух товарищей из типографии.",
        f"С коммунистическим приветом,\n{author}",
        f"{date} (письмо {n})",
    ]
    return "\n\n".join(paragraphs) + "\n"
