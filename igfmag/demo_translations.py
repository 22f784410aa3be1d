# ruff: noqa: E501 - translations read best whole, one per line
"""The demo's 2021 issue areas, policy questions and milestones in the five other UN languages.

Keyed by the English original in igfmag/demo.py; terms as in locale/GLOSSARY.md. Careful drafts,
like the catalogues: a native speaker reviews them before anyone relies on them.
"""

# English original → {language: translation}
TRANSLATIONS = {
    # --- Issue areas, their descriptions and policy questions -------------------------------
    "Economic and social inclusion and human rights": {
        "ar": "الإدماج الاقتصادي والاجتماعي وحقوق الإنسان",
        "zh-hans": "经济和社会包容与人权",
        "fr": "Inclusion économique et sociale et droits de l'homme",
        "ru": "Экономическая и социальная интеграция и права человека",
        "es": "Inclusión económica y social y derechos humanos",
    },
    "How the Internet and digital technologies can advance economic and social inclusion, "
    "and how human rights are protected online and offline.": {
        "ar": "كيف يمكن للإنترنت والتكنولوجيات الرقمية أن تعزز الإدماج الاقتصادي والاجتماعي، "
        "وكيف تُحمى حقوق الإنسان على الإنترنت وخارجها.",
        "zh-hans": "互联网和数字技术如何促进经济和社会包容，以及如何在线上和线下保护人权。",
        "fr": "Comment l'Internet et les technologies numériques peuvent faire progresser l'inclusion "
        "économique et sociale, et comment les droits de l'homme sont protégés en ligne et hors ligne.",
        "ru": "Как Интернет и цифровые технологии могут способствовать экономической и социальной "
        "интеграции и как права человека защищаются в онлайн- и офлайн-среде.",
        "es": "Cómo Internet y las tecnologías digitales pueden impulsar la inclusión económica y social, "
        "y cómo se protegen los derechos humanos en línea y fuera de línea.",
    },
    "What can be done to ensure that digital policies advance social and economic inclusion?": {
        "ar": "ما الذي يمكن فعله لضمان أن تعزز السياسات الرقمية الإدماج الاجتماعي والاقتصادي؟",
        "zh-hans": "可以采取哪些措施，确保数字政策促进社会和经济包容？",
        "fr": "Que peut-on faire pour que les politiques numériques fassent progresser l'inclusion "
        "sociale et économique ?",
        "ru": "Что можно сделать, чтобы цифровая политика способствовала социальной и экономической интеграции?",
        "es": "¿Qué se puede hacer para que las políticas digitales impulsen la inclusión social y económica?",
    },
    "How can human rights be protected as more of life moves online?": {
        "ar": "كيف يمكن حماية حقوق الإنسان مع انتقال جزء متزايد من الحياة إلى الإنترنت؟",
        "zh-hans": "随着越来越多的生活转移到网上，如何保护人权？",
        "fr": "Comment protéger les droits de l'homme alors qu'une part croissante de la vie se déroule en ligne ?",
        "ru": "Как защитить права человека, когда всё большая часть жизни переходит в онлайн?",
        "es": "¿Cómo se pueden proteger los derechos humanos a medida que más aspectos de la vida "
        "pasan a desarrollarse en línea?",
    },
    "Universal access and meaningful connectivity": {
        "ar": "الوصول الشامل والاتصال المجدي",
        "zh-hans": "普遍接入和有意义的连通",
        "fr": "Accès universel et connectivité significative",
        "ru": "Всеобщий доступ и полноценное подключение",
        "es": "Acceso universal y conectividad significativa",
    },
    "Connecting the unconnected, and making connectivity meaningful: affordable, reliable, "
    "with local content, skills and accessibility.": {
        "ar": "ربط غير المتصلين، وجعل الاتصال مجدياً: ميسور التكلفة وموثوقاً، مع محتوى محلي ومهارات "
        "وإمكانية وصول للجميع.",
        "zh-hans": "让尚未联网的人接入互联网，并使连通有意义：价格可承受、稳定可靠，并具备本地内容、技能和无障碍。",
        "fr": "Connecter ceux qui ne le sont pas encore et rendre la connectivité significative : abordable, "
        "fiable, avec des contenus locaux, des compétences et l'accessibilité.",
        "ru": "Подключить тех, кто ещё не подключён, и сделать подключение полноценным: доступным по цене, "
        "надёжным, с местным контентом, навыками и доступностью для всех.",
        "es": "Conectar a quienes aún no lo están y hacer que la conectividad sea significativa: asequible, "
        "fiable, con contenidos locales, competencias y accesibilidad.",
    },
    "What are the barriers to universal and meaningful access, and how can they be overcome?": {
        "ar": "ما العقبات التي تحول دون الوصول الشامل والمجدي، وكيف يمكن تذليلها؟",
        "zh-hans": "实现普遍和有意义的接入有哪些障碍？如何克服这些障碍？",
        "fr": "Quels sont les obstacles à un accès universel et significatif, et comment les surmonter ?",
        "ru": "Какие препятствия мешают всеобщему и полноценному доступу и как их преодолеть?",
        "es": "¿Cuáles son los obstáculos para un acceso universal y significativo, y cómo pueden superarse?",
    },
    "How can policy support community networks and other complementary access models?": {
        "ar": "كيف يمكن للسياسات أن تدعم الشبكات المجتمعية وغيرها من نماذج الوصول التكميلية؟",
        "zh-hans": "政策如何支持社区网络和其他补充性接入模式？",
        "fr": "Comment les politiques publiques peuvent-elles soutenir les réseaux communautaires et les "
        "autres modèles d'accès complémentaires ?",
        "ru": "Как политика может поддерживать сети местных сообществ и другие дополняющие модели доступа?",
        "es": "¿Cómo pueden las políticas apoyar las redes comunitarias y otros modelos de acceso complementarios?",
    },
    "Emerging regulation: market structure, content, data and consumer rights and protection": {
        "ar": "التنظيم الناشئ: هيكل السوق والمحتوى والبيانات وحقوق المستهلك وحمايته",
        "zh-hans": "新兴监管：市场结构、内容、数据以及消费者权利和保护",
        "fr": "Réglementation émergente : structure du marché, contenus, données, droits et protection "
        "des consommateurs",
        "ru": "Новое регулирование: структура рынка, контент, данные, права и защита потребителей",
        "es": "Regulación emergente: estructura del mercado, contenidos, datos y derechos y protección "
        "de los consumidores",
    },
    "The wave of new regulation of digital markets, online content, data and consumer protection, "
    "and how it shapes the global Internet.": {
        "ar": "موجة التنظيمات الجديدة للأسواق الرقمية والمحتوى على الإنترنت والبيانات وحماية المستهلك، "
        "وكيف تُشكّل الإنترنت العالمية.",
        "zh-hans": "针对数字市场、网络内容、数据和消费者保护的新一轮监管浪潮，及其如何塑造全球互联网。",
        "fr": "La vague de nouvelles réglementations des marchés numériques, des contenus en ligne, des données "
        "et de la protection des consommateurs, et la manière dont elle façonne l'Internet mondial.",
        "ru": "Волна нового регулирования цифровых рынков, онлайн-контента, данных и защиты потребителей "
        "и то, как она формирует глобальный Интернет.",
        "es": "La ola de nueva regulación de los mercados digitales, los contenidos en línea, los datos y la "
        "protección de los consumidores, y cómo configura la Internet mundial.",
    },
    "How can regulation of market structure and content respect human rights and keep the Internet open?": {
        "ar": "كيف يمكن لتنظيم هيكل السوق والمحتوى أن يحترم حقوق الإنسان ويحافظ على انفتاح الإنترنت؟",
        "zh-hans": "对市场结构和内容的监管如何既尊重人权，又保持互联网的开放？",
        "fr": "Comment la réglementation de la structure du marché et des contenus peut-elle respecter les "
        "droits de l'homme et préserver l'ouverture de l'Internet ?",
        "ru": "Как регулирование структуры рынка и контента может уважать права человека и сохранять "
        "открытость Интернета?",
        "es": "¿Cómo puede la regulación de la estructura del mercado y de los contenidos respetar los "
        "derechos humanos y mantener abierta Internet?",
    },
    "What do data governance and consumer protection need from international cooperation?": {
        "ar": "ما الذي تحتاجه حوكمة البيانات وحماية المستهلك من التعاون الدولي؟",
        "zh-hans": "数据治理和消费者保护需要国际合作提供什么？",
        "fr": "Qu'attendent la gouvernance des données et la protection des consommateurs de la "
        "coopération internationale ?",
        "ru": "Что нужно управлению данными и защите потребителей от международного сотрудничества?",
        "es": "¿Qué necesitan la gobernanza de datos y la protección de los consumidores de la "
        "cooperación internacional?",
    },
    "Environmental sustainability and climate change": {
        "ar": "الاستدامة البيئية وتغير المناخ",
        "zh-hans": "环境可持续性和气候变化",
        "fr": "Durabilité environnementale et changements climatiques",
        "ru": "Экологическая устойчивость и изменение климата",
        "es": "Sostenibilidad ambiental y cambio climático",
    },
    "The Internet's footprint on the planet, and the role of digital technology "
    "in addressing climate change.": {
        "ar": "البصمة التي تتركها الإنترنت على كوكب الأرض، ودور التكنولوجيا الرقمية في التصدي لتغير المناخ.",
        "zh-hans": "互联网对地球环境的影响，以及数字技术在应对气候变化中的作用。",
        "fr": "L'empreinte de l'Internet sur la planète et le rôle des technologies numériques dans la lutte "
        "contre les changements climatiques.",
        "ru": "Воздействие Интернета на планету и роль цифровых технологий в борьбе с изменением климата.",
        "es": "La huella de Internet en el planeta y el papel de la tecnología digital para hacer frente "
        "al cambio climático.",
    },
    "How can the Internet and digital technologies support environmental sustainability?": {
        "ar": "كيف يمكن للإنترنت والتكنولوجيات الرقمية أن تدعم الاستدامة البيئية؟",
        "zh-hans": "互联网和数字技术如何支持环境可持续性？",
        "fr": "Comment l'Internet et les technologies numériques peuvent-ils soutenir la durabilité "
        "environnementale ?",
        "ru": "Как Интернет и цифровые технологии могут способствовать экологической устойчивости?",
        "es": "¿Cómo pueden Internet y las tecnologías digitales apoyar la sostenibilidad ambiental?",
    },
    "What standards and practices reduce the environmental footprint of digital technology?": {
        "ar": "ما المعايير والممارسات التي تحدّ من البصمة البيئية للتكنولوجيا الرقمية؟",
        "zh-hans": "哪些标准和做法可以减少数字技术的环境足迹？",
        "fr": "Quelles normes et pratiques réduisent l'empreinte environnementale des technologies numériques ?",
        "ru": "Какие стандарты и практики уменьшают экологический след цифровых технологий?",
        "es": "¿Qué normas y prácticas reducen la huella ambiental de la tecnología digital?",
    },
    "Inclusive Internet governance ecosystems and digital cooperation": {
        "ar": "منظومات شاملة لإدارة الإنترنت والتعاون الرقمي",
        "zh-hans": "包容性互联网治理生态系统和数字合作",
        "fr": "Écosystèmes inclusifs de gouvernance de l'Internet et coopération numérique",
        "ru": "Инклюзивные экосистемы управления Интернетом и цифровое сотрудничество",
        "es": "Ecosistemas inclusivos de gobernanza de Internet y cooperación digital",
    },
    "How Internet governance and digital cooperation can include every stakeholder and region.": {
        "ar": "كيف يمكن لإدارة الإنترنت والتعاون الرقمي أن يشملا جميع أصحاب المصلحة وجميع المناطق.",
        "zh-hans": "互联网治理和数字合作如何纳入所有利益攸关方和所有区域。",
        "fr": "Comment la gouvernance de l'Internet et la coopération numérique peuvent inclure toutes les "
        "parties prenantes et toutes les régions.",
        "ru": "Как управление Интернетом и цифровое сотрудничество могут охватить все заинтересованные "
        "стороны и все регионы.",
        "es": "Cómo la gobernanza de Internet y la cooperación digital pueden incluir a todas las partes "
        "interesadas y a todas las regiones.",
    },
    "How can the IGF ecosystem, including the NRIs, become more inclusive and impactful?": {
        "ar": "كيف يمكن لمنظومة منتدى إدارة الإنترنت، بما فيها المبادرات الوطنية والإقليمية، أن تصبح "
        "أكثر شمولاً وأعمق أثراً؟",
        "zh-hans": "互联网治理论坛生态系统（包括国家和区域倡议）如何变得更具包容性、更有影响力？",
        "fr": "Comment l'écosystème du FGI, y compris les INR, peut-il devenir plus inclusif et avoir plus d'impact ?",
        "ru": "Как экосистема ФУИ, включая НРИ, может стать более инклюзивной и результативной?",
        "es": "¿Cómo puede el ecosistema del FGI, incluidas las INR, ser más inclusivo y tener más impacto?",
    },
    "What does effective multistakeholder digital cooperation look like?": {
        "ar": "كيف يبدو التعاون الرقمي الفعّال المتعدد أصحاب المصلحة؟",
        "zh-hans": "有效的多利益攸关方数字合作是什么样的？",
        "fr": "À quoi ressemble une coopération numérique multipartite efficace ?",
        "ru": "Каким должно быть эффективное многостороннее цифровое сотрудничество?",
        "es": "¿Cómo es una cooperación digital multipartita eficaz?",
    },
    "Trust, security and stability": {
        "ar": "الثقة والأمن والاستقرار",
        "zh-hans": "信任、安全和稳定",
        "fr": "Confiance, sécurité et stabilité",
        "ru": "Доверие, безопасность и стабильность",
        "es": "Confianza, seguridad y estabilidad",
    },
    "Cybersecurity, trust in the digital environment and the stability of the Internet.": {
        "ar": "الأمن السيبراني، والثقة في البيئة الرقمية، واستقرار الإنترنت.",
        "zh-hans": "网络安全、对数字环境的信任以及互联网的稳定。",
        "fr": "La cybersécurité, la confiance dans l'environnement numérique et la stabilité de l'Internet.",
        "ru": "Кибербезопасность, доверие к цифровой среде и стабильность Интернета.",
        "es": "La ciberseguridad, la confianza en el entorno digital y la estabilidad de Internet.",
    },
    "What norms and capacities increase trust and security online?": {
        "ar": "ما الأعراف والقدرات التي تزيد الثقة والأمن على الإنترنت؟",
        "zh-hans": "哪些规范和能力可以增强网络信任与安全？",
        "fr": "Quelles normes et capacités renforcent la confiance et la sécurité en ligne ?",
        "ru": "Какие нормы и возможности повышают доверие и безопасность в Интернете?",
        "es": "¿Qué normas y capacidades aumentan la confianza y la seguridad en línea?",
    },
    "How can stakeholders cooperate to keep the Internet stable and resilient?": {
        "ar": "كيف يمكن لأصحاب المصلحة أن يتعاونوا للحفاظ على استقرار الإنترنت وقدرتها على الصمود؟",
        "zh-hans": "各利益攸关方如何合作，保持互联网的稳定性和韧性？",
        "fr": "Comment les parties prenantes peuvent-elles coopérer pour que l'Internet reste stable et résilient ?",
        "ru": "Как заинтересованные стороны могут сотрудничать, чтобы Интернет оставался стабильным и устойчивым?",
        "es": "¿Cómo pueden cooperar las partes interesadas para que Internet siga siendo estable y resiliente?",
    },
    # --- The 2021 timeline --------------------------------------------------------------------
    "Issue teams formed and first calls held": {
        "ar": "تشكيل الأفرقة المواضيعية وعقد الاجتماعات الأولى",
        "zh-hans": "组建议题小组并举行首次电话会议",
        "fr": "Équipes thématiques constituées et premiers appels tenus",
        "ru": "Тематические группы сформированы, первые созвоны проведены",
        "es": "Equipos temáticos constituidos y primeras llamadas celebradas",
    },
    "Each issue team holds its first call and names its facilitators.": {
        "ar": "يعقد كل فريق مواضيعي اجتماعه الأول ويسمّي ميسّريه.",
        "zh-hans": "每个议题小组举行首次电话会议并指定其协调人。",
        "fr": "Chaque équipe thématique tient son premier appel et désigne ses facilitateurs.",
        "ru": "Каждая тематическая группа проводит первый созвон и назначает своих координаторов.",
        "es": "Cada equipo temático celebra su primera llamada y designa a sus facilitadores.",
    },
    "Introductory session proposals due": {
        "ar": "الموعد النهائي لتقديم مقترحات الجلسات التمهيدية",
        "zh-hans": "介绍性会议单元提案截止",
        "fr": "Échéance des propositions de sessions introductives",
        "ru": "Срок подачи предложений по вводным сессиям",
        "es": "Plazo de las propuestas de sesiones introductorias",
    },
    "One proposal per issue team for its introductory session of the preparatory phase.": {
        "ar": "مقترح واحد من كل فريق مواضيعي لجلسته التمهيدية في المرحلة التحضيرية.",
        "zh-hans": "每个议题小组为其筹备阶段的介绍性会议单元提交一份提案。",
        "fr": "Une proposition par équipe thématique pour sa session introductive de la phase préparatoire.",
        "ru": "Одно предложение от каждой тематической группы по её вводной сессии подготовительного этапа.",
        "es": "Una propuesta por equipo temático para su sesión introductoria de la fase preparatoria.",
    },
    "Issue-area sessions of the preparatory phase": {
        "ar": "جلسات المجالات المواضيعية في المرحلة التحضيرية",
        "zh-hans": "筹备阶段的议题领域会议单元",
        "fr": "Sessions par domaine thématique de la phase préparatoire",
        "ru": "Сессии по тематическим областям подготовительного этапа",
        "es": "Sesiones por área temática de la fase preparatoria",
    },
    "Online sessions, one per issue area.": {
        "ar": "جلسات عبر الإنترنت، جلسة لكل مجال مواضيعي.",
        "zh-hans": "在线会议单元，每个议题领域一场。",
        "fr": "Sessions en ligne, une par domaine thématique.",
        "ru": "Онлайн-сессии, по одной на каждую тематическую область.",
        "es": "Sesiones en línea, una por área temática.",
    },
    "Main session proposals due": {
        "ar": "الموعد النهائي لتقديم مقترحات الجلسات الرئيسية",
        "zh-hans": "主要会议提案截止",
        "fr": "Échéance des propositions de sessions principales",
        "ru": "Срок подачи предложений по основным сессиям",
        "es": "Plazo de las propuestas de sesiones principales",
    },
    "90-minute main sessions with a panel: title, description, policy questions, speakers.": {
        "ar": "جلسات رئيسية مدتها 90 دقيقة مع حلقة نقاش: العنوان والوصف وأسئلة السياسات والمتحدثون.",
        "zh-hans": "90 分钟的主要会议，设专题讨论小组：标题、说明、政策问题、发言人。",
        "fr": "Sessions principales de 90 minutes avec un panel : titre, description, questions de politique, "
        "intervenants.",
        "ru": "Основные сессии по 90 минут с панельной дискуссией: название, описание, вопросы политики, "
        "докладчики.",
        "es": "Sesiones principales de 90 minutos con un panel: título, descripción, preguntas de política, "
        "oradores.",
    },
    "MAG wrap-up call": {
        "ar": "الاجتماع الختامي للفريق الاستشاري",
        "zh-hans": "MAG 总结电话会议",
        "fr": "Appel de clôture du MAG",
        "ru": "Итоговый созвон МКГ",
        "es": "Llamada de cierre del MAG",
    },
    "Last MAG call before the annual meeting.": {
        "ar": "آخر اجتماع للفريق الاستشاري قبل الاجتماع السنوي.",
        "zh-hans": "年度会议前最后一次 MAG 电话会议。",
        "fr": "Dernier appel du MAG avant la réunion annuelle.",
        "ru": "Последний созвон МКГ перед ежегодным совещанием.",
        "es": "Última llamada del MAG antes de la reunión anual.",
    },
    "IGF 2021 annual meeting, Katowice (6-10 December)": {
        "ar": "الاجتماع السنوي لمنتدى إدارة الإنترنت 2021، كاتوفيتسه (6-10 ديسمبر)",
        "zh-hans": "2021 年互联网治理论坛年度会议，卡托维兹（12 月 6 日至 10 日）",
        "fr": "Réunion annuelle du FGI 2021, Katowice (6-10 décembre)",
        "ru": "Ежегодное совещание ФУИ 2021, Катовице (6–10 декабря)",
        "es": "Reunión anual del FGI 2021, Katowice (6-10 de diciembre)",
    },
    "Hybrid meeting in Katowice, Poland, and online.": {
        "ar": "اجتماع هجين في كاتوفيتسه، بولندا، وعبر الإنترنت.",
        "zh-hans": "在波兰卡托维兹举行的线上线下混合会议。",
        "fr": "Réunion hybride à Katowice (Pologne) et en ligne.",
        "ru": "Гибридное совещание в Катовице (Польша) и онлайн.",
        "es": "Reunión híbrida en Katowice (Polonia) y en línea.",
    },
}


def translations_of(**originals: str) -> dict:
    """The `translations` of a text's fields: `translations_of(title=..., description=...)` →
    {"fr": {"title": ..., "description": ...}, ...} (a field without a translation is left out)."""
    result: dict = {}
    for field, original in originals.items():
        for language, text in TRANSLATIONS.get(original, {}).items():
            result.setdefault(language, {})[field] = text
    return result
