"""Demo content for the public portal: the hotline and safe-travel advice in three languages.

Called by the demo generator: ``seed_portal_pages(actor=<a national administrator>)``. Idempotent:
pages that exist (by address) are left as they are.
"""

from __future__ import annotations

from palermo.accounts.actor import Actor
from palermo.portal.models import PortalPage
from palermo.portal.services import PageInput, do_create_page

HOTLINE_NUMBER = "8-801-100-8-801"

PAGES: list[PageInput] = [
    PageInput(
        slug="hotline",
        show_on_home=True,
        position=0,
        is_published=True,
        title_en="Hotline on safe travel and work abroad",
        title_ru="Горячая линия по безопасному выезду за рубеж",
        title_be="Гарачая лінія па бяспечным выездзе за мяжу",
        body_en=(
            f"**[{HOTLINE_NUMBER}](tel:88011008801)** — free of charge from any phone in Belarus.\n\n"
            "Monday to Friday, 8:00–20:00. Calls are anonymous: you do not have to give your name.\n\n"
            "Call before you sign a contract abroad, if an agency asks for money or your passport, "
            "or if you or someone you know needs help."
        ),
        body_ru=(
            f"**[{HOTLINE_NUMBER}](tel:88011008801)** — бесплатно с любого телефона в Беларуси.\n\n"
            "С понедельника по пятницу, 8:00–20:00. Звонок анонимный: называть себя не нужно.\n\n"
            "Позвоните до того, как подписать контракт за рубежом, если агентство требует деньги "
            "или ваш паспорт, или если вам или вашим близким нужна помощь."
        ),
        body_be=(
            f"**[{HOTLINE_NUMBER}](tel:88011008801)** — бясплатна з любога тэлефона ў Беларусі.\n\n"
            "З панядзелка па пятніцу, 8:00–20:00. Званок ананімны: называць сябе не трэба.\n\n"
            "Патэлефануйце да таго, як падпісаць кантракт за мяжой, калі агенцтва патрабуе грошы "
            "або ваш пашпарт, або калі вам ці вашым блізкім патрэбна дапамога."
        ),
    ),
    PageInput(
        slug="safe-work-abroad",
        position=10,
        is_published=True,
        title_en="Working abroad safely",
        title_ru="Безопасное трудоустройство за рубежом",
        title_be="Бяспечнае працаўладкаванне за мяжой",
        body_en=(
            "# Before you go\n\n"
            "- Check that the agency holds a licence to place citizens in jobs abroad "
            "([check an agency](/portal/en/check/)).\n"
            "- Get a written contract in a language you understand: employer, address, pay, hours.\n"
            "- Never hand over your passport to an employer or an agent.\n"
            "- Leave copies of your documents and the employer's address with your family.\n\n"
            "# Warning signs\n\n"
            "- A job with high pay and no qualifications required.\n"
            '- You must pay for the job, the visa or the trip, or you will "work off" a debt.\n'
            "- You are told to enter the country as a tourist.\n\n"
            f"In doubt? Call the hotline: **{HOTLINE_NUMBER}**."
        ),
        body_ru=(
            "# Перед отъездом\n\n"
            "- Проверьте, есть ли у агентства лицензия на трудоустройство граждан за рубежом "
            "([проверить агентство](/portal/ru/check/)).\n"
            "- Требуйте письменный договор на понятном вам языке: работодатель, адрес, оплата, "
            "часы работы.\n"
            "- Никогда не отдавайте паспорт работодателю или посреднику.\n"
            "- Оставьте родным копии документов и адрес работодателя.\n\n"
            "# Тревожные признаки\n\n"
            "- Высокая зарплата без требований к квалификации.\n"
            "- Нужно заплатить за работу, визу или дорогу, или «отработать» долг.\n"
            "- Вам советуют въехать в страну как турист.\n\n"
            f"Сомневаетесь? Позвоните на горячую линию: **{HOTLINE_NUMBER}**."
        ),
        body_be=(
            "# Перад ад'ездам\n\n"
            "- Праверце, ці ёсць у агенцтва ліцэнзія на працаўладкаванне грамадзян за мяжой "
            "([праверыць агенцтва](/portal/be/check/)).\n"
            "- Патрабуйце пісьмовы дагавор на зразумелай вам мове: працадаўца, адрас, аплата, "
            "гадзіны працы.\n"
            "- Ніколі не аддавайце пашпарт працадаўцу або пасярэдніку.\n"
            "- Пакіньце родным копіі дакументаў і адрас працадаўцы.\n\n"
            "# Трывожныя прыкметы\n\n"
            "- Высокі заробак без патрабаванняў да кваліфікацыі.\n"
            "- Трэба заплаціць за працу, візу або дарогу, або «адпрацаваць» доўг.\n"
            "- Вам раяць уехаць у краіну як турыст.\n\n"
            f"Сумняваецеся? Патэлефануйце на гарачую лінію: **{HOTLINE_NUMBER}**."
        ),
    ),
    PageInput(
        slug="safe-travel",
        position=20,
        is_published=True,
        title_en="Travelling and studying abroad",
        title_ru="Поездки и учёба за рубежом",
        title_be="Паездкі і вучоба за мяжой",
        body_en=(
            "- Tell your family where you go and agree how often you will call.\n"
            "- Note the number of the Belarusian embassy or consulate in the country.\n"
            "- Students sent abroad during the academic year need the written permission of their "
            "institution's head.\n"
            "- If someone takes your documents or keeps you from leaving, call the local police "
            "and the consulate, or ask your family to call the hotline."
        ),
        body_ru=(
            "- Сообщите родным, куда едете, и договоритесь, как часто будете звонить.\n"
            "- Запишите телефон посольства или консульства Беларуси в стране пребывания.\n"
            "- Учащимся, которых направляют за рубеж во время учебного года, нужно письменное "
            "разрешение руководителя учреждения образования.\n"
            "- Если у вас забрали документы или не дают уехать, звоните в местную полицию и в "
            "консульство или попросите родных позвонить на горячую линию."
        ),
        body_be=(
            "- Паведаміце родным, куды едзеце, і дамоўцеся, як часта будзеце тэлефанаваць.\n"
            "- Запішыце тэлефон пасольства або консульства Беларусі ў краіне знаходжання.\n"
            "- Навучэнцам, якіх накіроўваюць за мяжу падчас навучальнага года, патрэбны пісьмовы "
            "дазвол кіраўніка ўстановы адукацыі.\n"
            "- Калі ў вас забралі дакументы або не даюць з'ехаць, тэлефануйце ў мясцовую паліцыю і "
            "ў консульства або папрасіце родных патэлефанаваць на гарачую лінію."
        ),
    ),
]


def seed_portal_pages(*, actor: Actor) -> list[PortalPage]:
    existing = set(PortalPage.objects.values_list("slug", flat=True))
    return [do_create_page(actor=actor, data=page) for page in PAGES if page.slug not in existing]
