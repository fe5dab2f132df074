"""The words of the resource pages in Kazakh, Russian and English (the data's own labels and
notes come from the graph; these are the headings and the names of kinds and roles).

>>> word("Membership", "kk"), word("Membership", "ru"), word("Membership", "en")
('Мүшелік', 'Членство', 'Memberships')
>>> word("no-such-key", "kk")
'no-such-key'
"""

from __future__ import annotations

__all__ = ["WORDS", "role_word", "word"]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "Membership": "Memberships",
        "Signing": "Signings",
        "Founding": "Foundings",
        "Withdrawal": "Withdrawals",
        "Succession": "Successions",
        "Ratification": "Ratifications",
        "Accession": "Accessions",
        "TermOfOffice": "Terms of office",
        "Statehood": "Statehood",
        "identifiers": "Identifiers",
        "names": "Other names",
        "timeline": "Memberships over time",
        "evidence": "Evidence",
        "line": "line",
        "characters": "characters",
        "in-text": "in the text",
        "data": "This page as data",
        "deprecated": "disputed: the curators judge this claim wrong",
        "note": "Note",
        "flaw": "A detail the curators judge wrong (the quote still supports the claim)",
        "language": "Language",
        "no-relations": "The graph has no relations of it.",
        "document-intro": (
            "The text as the corpus keeps it (normalised); every passage "
            "cited as evidence is marked."
        ),
        "spans": "passages cited as evidence",
        "source": "source",
        "iri": "IRI",
        "facts": "Facts",
        "home": "Home",
        "search": "Search the names",
        "types": "What the graph holds",
        "texts": "The corpus texts",
        "explorer": "The explorer",
        "no-match": "No name matches.",
    },
    "kk": {
        "Membership": "Мүшелік",
        "Signing": "Қол қою",
        "Founding": "Құрылу",
        "Withdrawal": "Шығу",
        "Succession": "Мұрагерлік",
        "Ratification": "Бекіту",
        "Accession": "Қосылу",
        "TermOfOffice": "Лауазым мерзімі",
        "Statehood": "Мемлекеттілік",
        "identifiers": "Сәйкестендіргіштер",
        "names": "Басқа атаулары",
        "timeline": "Мүшелік уақыт бойынша",
        "evidence": "Дәлелдер",
        "line": "жол",
        "characters": "таңба",
        "in-text": "мәтінде",
        "data": "Бұл бет дерек ретінде",
        "deprecated": "даулы: құрастырушылар бұл тұжырымды қате деп бағалайды",
        "note": "Ескерту",
        "flaw": "Құрастырушылар қате деп санайтын дерек (үзінді тұжырымды бәрібір растайды)",
        "language": "Тіл",
        "no-relations": "Графта оның байланыстары жоқ.",
        "document-intro": (
            "Корпустағы мәтін (қалыпқа келтірілген); дәлел ретінде "
            "келтірілген әр үзінді белгіленген."
        ),
        "spans": "дәлел ретінде келтірілген үзінді",
        "source": "дереккөз",
        "iri": "IRI",
        "facts": "Деректер",
        "home": "Басты бет",
        "search": "Атаулар бойынша іздеу",
        "types": "Графта не бар",
        "texts": "Корпус мәтіндері",
        "explorer": "Зерттеуші бет",
        "no-match": "Сәйкес атау жоқ.",
    },
    "ru": {
        "Membership": "Членство",
        "Signing": "Подписание",
        "Founding": "Основание",
        "Withdrawal": "Выход",
        "Succession": "Преемство",
        "Ratification": "Ратификация",
        "Accession": "Присоединение",
        "TermOfOffice": "Сроки полномочий",
        "Statehood": "Государственность",
        "identifiers": "Идентификаторы",
        "names": "Другие названия",
        "timeline": "Членство по годам",
        "evidence": "Источники",
        "line": "строка",
        "characters": "символы",
        "in-text": "в тексте",
        "data": "Эта страница как данные",
        "deprecated": "спорно: составители считают это утверждение ошибочным",
        "note": "Примечание",
        "flaw": "Ошибочная деталь (по мнению составителей); цитата всё же верна по сути",
        "language": "Язык",
        "no-relations": "В графе нет его связей.",
        "document-intro": (
            "Текст в том виде, в каком его хранит корпус "
            "(нормализованный); каждый фрагмент, приведённый как "
            "источник, отмечен."
        ),
        "spans": "фрагментов, приведённых как источник",
        "source": "источник",
        "iri": "IRI",
        "facts": "Сведения",
        "home": "Главная",
        "search": "Поиск по названиям",
        "types": "Что есть в графе",
        "texts": "Тексты корпуса",
        "explorer": "Обозреватель",
        "no-match": "Ничего не найдено.",
    },
}

ROLES: dict[str, dict[str, str]] = {
    "en": {"FullMember": "full member", "AssociateMember": "associate member",
           "Observer": "observer"},
    "kk": {"FullMember": "толық мүше", "AssociateMember": "қауымдастырылған мүше",
           "Observer": "бақылаушы"},
    "ru": {"FullMember": "полноправный член", "AssociateMember": "ассоциированный член",
           "Observer": "наблюдатель"},
}  # fmt: skip


def word(key: str, lang: str) -> str:
    """The heading or kind ``key`` in ``lang`` (English where that language lacks it)."""
    return WORDS.get(lang, {}).get(key) or WORDS["en"].get(key, key)


def role_word(role: str, lang: str) -> str:
    """A membership role (``FullMember``) in ``lang``."""
    return ROLES.get(lang, {}).get(role) or ROLES["en"].get(role, role)
