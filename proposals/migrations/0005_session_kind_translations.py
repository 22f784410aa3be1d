"""The seeded kinds of session in the other five languages, so that a page in Arabic or Chinese
does not name them in English. Only where the secretariat has not translated a kind itself."""

from django.db import migrations

TRANSLATIONS = {
    "introductory": {
        "ar": "جلسة تمهيدية (المرحلة التحضيرية)",
        "es": "Sesión introductoria (fase preparatoria)",
        "fr": "Session introductive (phase préparatoire)",
        "ru": "Вводная сессия (подготовительный этап)",
        "zh-hans": "介绍性会议（筹备阶段）",
    },
    "main": {
        "ar": "جلسة رئيسية",
        "es": "Sesión principal",
        "fr": "Session principale",
        "ru": "Основная сессия",
        "zh-hans": "主要会议",
    },
    "capacity-development": {
        "ar": "تنمية القدرات",
        "es": "Desarrollo de capacidades",
        "fr": "Renforcement des capacités",
        "ru": "Развитие потенциала",
        "zh-hans": "能力建设",
    },
    "youth": {
        "ar": "جلسة الشباب",
        "es": "Sesión de la juventud",
        "fr": "Session jeunesse",
        "ru": "Молодёжная сессия",
        "zh-hans": "青年会议",
    },
    "nri": {
        "ar": "جلسة تعاونية للمبادرات الوطنية والإقليمية",
        "es": "Sesión colaborativa de las INR",
        "fr": "Session collaborative des INR",
        "ru": "Совместная сессия НРИ",
        "zh-hans": "国家和区域倡议协作会议",
    },
    "chair-dialogue": {
        "ar": "حوار مع رئيس الفريق الاستشاري",
        "es": "Diálogo con la presidencia del MAG",
        "fr": "Dialogue avec la présidence du MAG",
        "ru": "Диалог с председателем МКГ",
        "zh-hans": "与 MAG 主席对话",
    },
    "wrap-up": {
        "ar": "جلسة ختامية",
        "es": "Sesión de cierre",
        "fr": "Session de clôture",
        "ru": "Заключительная сессия",
        "zh-hans": "总结会议",
    },
    "other": {
        "ar": "أخرى",
        "es": "Otra",
        "fr": "Autre",
        "ru": "Другое",
        "zh-hans": "其他",
    },
}


def add_translations(apps, schema_editor):
    SessionKind = apps.get_model("proposals", "SessionKind")
    for kind in SessionKind.objects.filter(slug__in=TRANSLATIONS, original_language="en"):
        translations = dict(kind.translations or {})
        for language, name in TRANSLATIONS[kind.slug].items():
            if not (translations.get(language) or {}).get("name"):
                translations[language] = {**(translations.get(language) or {}), "name": name}
        if translations != kind.translations:
            kind.translations = translations
            kind.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_nominations")]

    operations = [migrations.RunPython(add_translations, migrations.RunPython.noop)]
