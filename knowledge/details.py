"""Details a page like this never gives: a person's age or nationality, contact details, money, staff,
personal services (visas, jobs, tickets), what was achieved, which agency, how long. "What is Antje Grawe's
*nationality*?" shares every other word with "Who is Antje Grawe?"; unless the matched entry's own phrasings
use the detail (the Framework's entry says how *long* it runs), a question asking for it asks beside the
entry, so the bot asks rather than answers."""

from __future__ import annotations

from knowledge.marks import MarkWords

DETAILS = MarkWords(
    prefixes=(
        # English
        *("nationalit", "citizen", "birthday", "email", "phone", "telephone", "salar", "budget"),
        *("vacanc", "passport", "internship", "office", "donor", "sponsor", "achiev", "accomplish", "agenc"),
        # Russian
        *("национальност", "гражданств", "гражданин", "гражданк", "возраст", "родил", "телефон", "адрес"),
        *("зарплат", "бюджет", "стоимост", "финансир", "сотрудник", "персонал", "ваканси", "паспорт"),
        *("билет", "грант", "офис", "номер", "донор", "спонсор", "достиг", "агентств", "долго", "министерств"),
        # Kyrgyz (ө/ү/ң folded)
        *("жарандыг", "туулган", "дарек", "айлык", "кызматкер", "кенсе", "жетиш", "агенттик", "убакыт"),
        *("министрлик",),
    ),
    words=frozenset(
        {
            # English words whose prefixes are other words ("age" in "agenda", "fund" in "fundamental");
            # "how long" asks for a duration, which only some entries give
            *("long", "age", "old", "born", "mail", "address", "cost", "costs", "price", "fee", "fees", "fund"),
            *("funds", "funding", "funded", "money", "dollars", "staff", "employees", "employee", "hours"),
            *("visa", "visas", "ministry", "ministries"),
            *("job", "jobs", "hire", "hiring", "ticket", "tickets", "grant", "grants", "contact", "contacts"),
            *("wife", "husband", "married", "kids", "children", "languages"),
            # Russian ("почти" is not "почта"; "мужчин" is not "муж")
            *("почта", "почту", "почты", "цена", "цену", "цены", "деньги", "денег", "виза", "визу", "визы"),
            *("жена", "жены", "муж", "мужа", "дети", "детей", "языки", "языках", "контакты", "контакт"),
            # Kyrgyz ("жаштар" is youth, "улуттук" national)
            *("жашта", "жашы", "жашка", "улуту", "жаран", "жараны", "жаранбы", "акча", "акчасы", "балдары"),
        }
    ),
)
