from __future__ import annotations

from typing import Any

from palermo.portal.services import PageInput


def page_input(**overrides: Any) -> PageInput:
    values: dict[str, Any] = {
        "slug": "safe-work-abroad",
        "title_en": "Working abroad safely",
        "title_ru": "Безопасное трудоустройство за рубежом",
        "title_be": "Бяспечнае працаўладкаванне за мяжой",
        "body_en": "# Before you go\n\n- Check the agency's **licence**.\n- Keep your passport.\n\nCall [8-801-100-8-801](tel:88011008801).",
        "body_ru": "Проверьте лицензию агентства.",
        "body_be": "Праверце ліцэнзію агенцтва.",
        "is_published": True,
        "show_on_home": False,
        "position": 10,
    }
    values.update(overrides)
    return PageInput(**values)
