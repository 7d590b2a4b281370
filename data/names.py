"""Word lists and small deterministic name builders for the demo data generator.

Everything here is pure Python (no Odoo import): builders take a ``random.Random`` and return
strings, so the same seed always gives the same names.
"""

import unicodedata


def _words(text):
    """Split a ``|``-separated word list (items may contain spaces)."""
    return tuple(item.strip() for item in text.split("|") if item.strip())


# ---------------------------------------------------------------------------------------------
# Countries, cities (with the Odoo state code when Odoo knows the country's states), phones
# ---------------------------------------------------------------------------------------------

# code: (language, weight of the country among customers, phone prefix, top-level domain)
COUNTRIES = {
    "RU": ("ru", 36, "+7", "ru"),
    "UA": ("uk", 16, "+380", "com.ua"),
    "KZ": ("kk", 9, "+7", "kz"),
    "PL": ("pl", 11, "+48", "pl"),
    "DE": ("de", 12, "+49", "de"),
    "US": ("en", 16, "+1", "com"),
}

# code: ((city, state code or "", zip prefix, phone area code), ...)
CITIES = {
    "RU": (
        ("Москва", "MOW", "1", "495"),
        ("Москва", "MOW", "1", "499"),
        ("Санкт-Петербург", "SPE", "19", "812"),
        ("Новосибирск", "NVS", "630", "383"),
        ("Екатеринбург", "SVE", "620", "343"),
        ("Казань", "TA", "420", "843"),
        ("Нижний Новгород", "NIZ", "603", "831"),
        ("Самара", "SAM", "443", "846"),
        ("Ростов-на-Дону", "ROS", "344", "863"),
        ("Краснодар", "KDA", "350", "861"),
        ("Пермь", "PER", "614", "342"),
        ("Воронеж", "VOR", "394", "473"),
        ("Челябинск", "CHE", "454", "351"),
        ("Уфа", "BA", "450", "347"),
        ("Омск", "OMS", "644", "381"),
        ("Красноярск", "KYA", "660", "391"),
        ("Тюмень", "TYU", "625", "345"),
        ("Иркутск", "IRK", "664", "395"),
        ("Владивосток", "PRI", "690", "423"),
        ("Ярославль", "YAR", "150", "485"),
        ("Тула", "TUL", "300", "487"),
        ("Калининград", "KGD", "236", "401"),
    ),
    "UA": (
        ("Київ", "", "0", "44"),
        ("Харків", "", "61", "57"),
        ("Одеса", "", "65", "48"),
        ("Дніпро", "", "49", "56"),
        ("Львів", "", "79", "32"),
        ("Запоріжжя", "", "69", "61"),
        ("Вінниця", "", "21", "432"),
        ("Полтава", "", "36", "532"),
        ("Черкаси", "", "18", "472"),
        ("Ужгород", "", "88", "312"),
    ),
    "KZ": (
        ("Алматы", "", "050", "727"),
        ("Астана", "", "010", "7172"),
        ("Шымкент", "", "160", "7252"),
        ("Караганда", "", "100", "7212"),
        ("Актобе", "", "030", "7132"),
        ("Павлодар", "", "140", "7182"),
    ),
    "PL": (
        ("Warszawa", "MZ", "0", "22"),
        ("Kraków", "MP", "3", "12"),
        ("Wrocław", "DŚ", "5", "71"),
        ("Poznań", "WP", "6", "61"),
        ("Gdańsk", "PM", "80", "58"),
        ("Łódź", "ŁD", "9", "42"),
        ("Katowice", "ŚL", "40", "32"),
        ("Lublin", "LB", "20", "81"),
    ),
    "DE": (
        ("Berlin", "DE-BE", "1", "30"),
        ("Hamburg", "DE-HH", "2", "40"),
        ("München", "DE-BY", "8", "89"),
        ("Köln", "DE-NW", "50", "221"),
        ("Frankfurt am Main", "DE-HE", "60", "69"),
        ("Stuttgart", "DE-BW", "70", "711"),
        ("Leipzig", "DE-SN", "04", "341"),
        ("Dresden", "DE-SN", "01", "351"),
        ("Düsseldorf", "DE-NW", "40", "211"),
        ("Hannover", "DE-NI", "30", "511"),
    ),
    "US": (
        ("New York", "NY", "10", "212"),
        ("Chicago", "IL", "606", "312"),
        ("Houston", "TX", "770", "713"),
        ("Dallas", "TX", "752", "214"),
        ("San Francisco", "CA", "941", "415"),
        ("Los Angeles", "CA", "900", "213"),
        ("Seattle", "WA", "981", "206"),
        ("Boston", "MA", "021", "617"),
        ("Atlanta", "GA", "303", "404"),
        ("Denver", "CO", "802", "303"),
        ("Miami", "FL", "331", "305"),
        ("Detroit", "MI", "482", "313"),
    ),
}

ZIP_LENGTH = {"RU": 6, "UA": 5, "KZ": 6, "PL": 5, "DE": 5, "US": 5}

STREETS = {
    "ru": _words(
        "ул. Ленина|ул. Садовая|пр-т Мира|ул. Гагарина|ул. Советская|ул. Заводская|"
        "ул. Промышленная|наб. Речная|ул. Победы|ул. Кирова|ул. Лесная|ул. Строителей|"
        "Ленинградский пр-т|ул. Новая|ул. Пушкина|ул. Молодёжная|ул. Энергетиков|ул. Школьная"
    ),
    "uk": _words(
        "вул. Хрещатик|вул. Шевченка|просп. Перемоги|вул. Франка|вул. Садова|вул. Заводська|"
        "вул. Лесі Українки|вул. Соборна|вул. Грушевського|вул. Промислова|вул. Січових Стрільців"
    ),
    "kk": _words(
        "пр. Абая|ул. Толе би|пр. Назарбаева|ул. Жибек Жолы|пр. Республики|ул. Сейфуллина|"
        "ул. Кунаева|пр. Сарыарка|ул. Достык"
    ),
    "pl": _words(
        "ul. Marszałkowska|ul. Długa|ul. Polna|ul. Kościuszki|ul. Mickiewicza|ul. Przemysłowa|"
        "al. Jerozolimskie|ul. Piłsudskiego|ul. Fabryczna|ul. Słowackiego"
    ),
    "de": _words(
        "Hauptstraße|Bahnhofstraße|Industriestraße|Gartenstraße|Schillerstraße|Goethestraße|"
        "Am Hafen|Lindenallee|Friedrichstraße|Gewerbepark|Mühlenweg"
    ),
    "en": _words(
        "Main Street|Oak Avenue|Industrial Parkway|Market Street|Lakeview Drive|Commerce Way|"
        "Maple Street|Harbor Boulevard|Washington Avenue|Pine Road|Enterprise Drive"
    ),
}

# ---------------------------------------------------------------------------------------------
# Company names
# ---------------------------------------------------------------------------------------------

COMPANY_WORDS = {
    "ru": (
        _words(
            "Техно|Строй|Агро|Север|Урал|Сиб|Волга|Енисей|Промо|Энерго|Мега|Гранд|Альфа|Вектор|"
            "Лидер|Прогресс|Восток|Запад|Юг|Балт|Дон|Кама|Ока|Металл|Хим|Лес|Нефте|Газ|Транс|"
            "Авто|Элек|Нева|Алтай|Байкал|Полюс|Орион|Титан|Стандарт|Профи|Инже|Гидро|Кедр|"
            "Форт|Мир|Рус|Аква|Термо|Крон|Сфера|Зенит|Радуга|Атлант|Сокол|Берёза|Рубин|Янтарь"
        ),
        _words(
            "строй|снаб|торг|сервис|трейд|инвест|пром|маш|лог|софт|тех|ресурс|групп|комплект|"
            "маркет|монтаж|проект|снабжение|импорт|экспорт|систем|лайн|опт|транс|дом|мед|пласт|"
            "электро|агро|металл|тек|нефть|прибор|завод|сталь|фуд|хим|бизнес|партнёр|капитал"
        ),
        _words(
            "Плюс|Групп|Центр|Регион|М|Сибирь|Урал|Холдинг|Проф|Трейдинг|Инжиниринг|Сервис|"
            "Комплекс|Логистик|Дистрибуция|Снаб|Экспо|Альянс|Премьер|Развитие|2000|XXI|Юнион"
        ),
    ),
    "uk": (
        _words(
            "Укр|Дніпро|Київ|Агро|Техно|Буд|Енерго|Світ|Лан|Карпат|Поділ|Слобо|Полісся|Таврія|"
            "Волинь|Сіверськ|Десна|Дністер|Сокіл|Калина|Явір|Злагода|Колос|Вега|Оріон|Стандарт|"
            "Галич|Мрія|Обрій|Промінь|Зоря|Надія|Сонях|Граніт|Бук|Дуб|Каштан"
        ),
        _words(
            "буд|торг|сервіс|пром|трейд|постач|інвест|агро|тех|маш|хім|метал|енерго|транс|"
            "логістик|софт|комплект|систем|маркет|опт|імпорт|продукт|пласт|мед|ліс|газ|бізнес"
        ),
        _words(
            "Плюс|Груп|Центр|Регіон|Холдинг|Партнер|Альянс|Україна|Захід|Схід|Південь|Компані|"
            "Інвест|Сервіс|Трейдинг|Експо|Проект|Союз"
        ),
    ),
    "kk": (
        _words(
            "Казах|Алатау|Астана|Сарыарка|Степь|Каспий|Жетысу|Тенгри|Бастау|Кайнар|Арман|"
            "Береке|Достык|Самрук|Ертис|Балхаш|Алтын|Нур|Тулпар|Шанырак|Көк|Ақ|Мунай|Тау"
        ),
        _words(
            "строй|снаб|торг|сервис|трейд|инвест|пром|маш|логистик|тех|ресурс|групп|комплект|"
            "энерго|агро|металл|транс|газ|нефть|систем|опт|импорт|фарм|ком"
        ),
        _words(
            "Плюс|Групп|Центр|Холдинг|Казахстан|KZ|Инжиниринг|Сервис|Трейдинг|Альянс|Азия|"
            "Евразия|Проект|Капитал"
        ),
    ),
    "pl": (
        _words(
            "Pol|Trans|Bud|Mar|Agro|Stal|Wis|Bał|Tech|Elektro|Hydro|Met|Drew|Euro|Inter|Kop|"
            "Mazow|Śląsk|Karpat|Orzeł|Sokół|Dąb|Jantar|Wawel|Odra|Warta|Narew|Biał|Ziel|Złot"
        ),
        _words(
            "bud|ex|pol|mar|tech|trans|met|chem|rol|med|plast|gaz|serwis|handel|logistyka|"
            "system|pak|dom|stal|drew|energia|soft|projekt|montaż|hurt|tex"
        ),
        _words(
            "Plus|Group|Centrum|Polska|Serwis|Partner|Holding|Trade|Invest|Projekt|System|"
            "Nova|Pro|Max|Import|Export"
        ),
    ),
    "de": (
        _words(
            "Nord|Süd|Rhein|Elb|Alpen|Berg|Stahl|Hansa|Main|Donau|Ruhr|Weser|Saar|Spree|Isar|"
            "Neckar|Mosel|Harz|Eifel|Taunus|Adler|Falken|Linden|Eichen|Sonnen|Stern|Kraft|Licht"
        ),
        _words(
            "tech|bau|werk|handel|logistik|systeme|metall|chemie|energie|service|technik|"
            "maschinen|anlagen|plast|elektro|transport|soft|projekt|montage|versand|vertrieb"
        ),
        _words(
            "Plus|Gruppe|Zentrum|Deutschland|Partner|Holding|Industrie|Solutions|International|"
            "Süd|Nord|West|Ost|Pro|Service|Technik"
        ),
    ),
    "en": (
        _words(
            "North|Blue|Summit|Pioneer|Eagle|Silver|Golden|Iron|Red|Green|Grand|Liberty|Atlas|"
            "Crescent|Prairie|Granite|Harbor|Lake|River|Pine|Oak|Cedar|Maple|Stone|Sun|Star|"
            "Bright|Swift|True|Prime|Apex|Vertex|Keystone|Frontier|Coastal|Great|United|Allied"
        ),
        _words(
            "ridge|point|bridge|field|way|gate|view|line|works|crest|wood|port|land|brook|"
            "stone|side|peak|haven|core|mark|wave|path|stream|dale|shore|rock|wind|light"
        ),
        _words(
            "Logistics|Systems|Supply|Industries|Foods|Technologies|Solutions|Manufacturing|"
            "Energy|Construction|Distribution|Materials|Engineering|Trading|Partners|Holdings|"
            "Services|Equipment|Labs|Group|Enterprises|Packaging|Networks|Tools"
        ),
    ),
}

# country: ((legal form, weight), ...)
LEGAL_FORMS = {
    "RU": (("ООО", 70), ("АО", 15), ("ПАО", 5), ("ИП", 10)),
    "UA": (("ТОВ", 72), ("ПП", 12), ("ПрАТ", 8), ("АТ", 8)),
    "KZ": (("ТОО", 80), ("АО", 15), ("ИП", 5)),
    "PL": (("Sp. z o.o.", 75), ("S.A.", 15), ("Sp.j.", 10)),
    "DE": (("GmbH", 70), ("AG", 12), ("GmbH & Co. KG", 18)),
    "US": (("LLC", 45), ("Inc.", 40), ("Corp.", 15)),
}

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

# language: (male first names, female first names, surnames as (male, female) pairs)
PEOPLE = {
    "ru": (
        _words(
            "Александр|Дмитрий|Максим|Сергей|Андрей|Алексей|Артём|Илья|Кирилл|Михаил|Никита|"
            "Иван|Евгений|Павел|Роман|Владимир|Олег|Николай|Виктор|Игорь|Константин|Юрий|"
            "Денис|Антон|Вадим|Григорий|Степан|Фёдор|Тимофей|Борис"
        ),
        _words(
            "Анна|Мария|Елена|Ольга|Наталья|Татьяна|Ирина|Екатерина|Светлана|Юлия|Анастасия|"
            "Дарья|Марина|Людмила|Галина|Ксения|Виктория|Алина|Полина|Вера|Надежда|Евгения|"
            "Оксана|Валерия|Софья"
        ),
        _words(
            "Иванов|Смирнов|Кузнецов|Попов|Васильев|Петров|Соколов|Михайлов|Новиков|Фёдоров|"
            "Морозов|Волков|Алексеев|Лебедев|Семёнов|Егоров|Павлов|Козлов|Степанов|Николаев|"
            "Орлов|Андреев|Макаров|Никитин|Захаров|Зайцев|Соловьёв|Борисов|Яковлев|Григорьев|"
            "Романов|Воробьёв|Сергеев|Кузьмин|Фролов|Александров|Дмитриев|Королёв|Гусев|Киселёв|"
            "Ильин|Максимов|Поляков|Сорокин|Виноградов|Ковалёв|Белов|Медведев|Антонов|Тарасов|"
            "Жуков|Баранов|Филиппов|Комаров|Давыдов|Беляев|Герасимов|Богданов|Осипов|Сидоров|"
            "Матвеев|Титов|Марков|Миронов|Крылов|Куликов|Карпов|Власов|Мельников|Денисов|"
            "Гаврилов|Тихонов|Казаков|Афанасьев|Данилов|Савельев|Тимофеев|Фомин|Чернов|Абрамов|"
            "Мартынов|Ефимов|Федотов|Щербаков|Назаров|Калинин|Исаев|Чернышёв|Быков|Маслов|"
            "Родионов|Коновалов|Лазарев|Воронин|Климов|Филатов|Пономарёв|Голубев|Кудрявцев|"
            "Прохоров|Наумов|Потапов|Журавлёв|Овчинников|Трофимов|Леонов|Соболев|Ермаков|"
            "Колесников|Гончаров|Емельянов|Никифоров|Грачёв|Котов|Гришин|Ефремов|Архипов|Громов|"
            "Кириллов|Малышев|Панов|Моисеев|Румянцев|Акимов|Кондратьев|Бирюков|Горбунов|"
            "Анисимов|Ерёмин|Тихомиров|Галкин|Лукьянов|Михеев|Скворцов|Юдин|Белоусов|Нестеров|"
            "Симонов|Прокофьев|Харитонов|Князев|Цветков|Левин|Митрофанов|Воронов|Аксёнов|Софронов|"
            "Мальцев|Логинов|Горшков|Савин|Краснов|Майоров|Демидов|Елисеев|Рыбаков|Сафонов|"
            "Плотников|Дёмин|Хохлов|Жданов|Руднев|Лавров|Корнилов|Островский|Успенский|Вишневский"
        ),
    ),
    "uk": (
        _words(
            "Олександр|Андрій|Сергій|Дмитро|Олег|Микола|Володимир|Іван|Юрій|Віталій|Тарас|"
            "Богдан|Василь|Петро|Михайло|Роман|Ярослав|Максим|Остап|Назар|Святослав|Григорій|"
            "Степан|Євген|Артем|Денис|Ігор|Павло"
        ),
        _words(
            "Олена|Наталія|Оксана|Ірина|Тетяна|Світлана|Юлія|Марія|Ганна|Катерина|Людмила|"
            "Галина|Леся|Ольга|Вікторія|Дарина|Софія|Христина|Соломія|Мирослава|Зоряна|"
            "Уляна|Богдана|Яна"
        ),
        _words(
            "Шевченко|Коваленко|Бондаренко|Ткаченко|Кравченко|Олійник|Шевчук|Поліщук|Бойко|"
            "Мельник|Коваль|Ковальчук|Марченко|Лисенко|Руденко|Савченко|Петренко|Мороз|Павленко|"
            "Левченко|Клименко|Гаврилюк|Карпенко|Кузьменко|Панченко|Іваненко|Кравчук|Білик|"
            "Тимошенко|Романенко|Сидоренко|Мазур|Приходько|Гончаренко|Литвиненко|Пономаренко|"
            "Дяченко|Ярошенко|Костенко|Процишин|Бабенко|Власенко|Гнатюк|Даниленко|Демченко|"
            "Зінченко|Кириленко|Максименко|Назаренко|Остапенко|Пилипенко|Семенко|Стасюк|"
            "Федоренко|Чорновол|Юрченко|Яковенко|Винниченко|Грищенко|Захарченко|Гуменюк|"
            "Ковальський|Вишневський|Заболотний|Данилюк|Федорчук|Василенко|Костюк|Паламарчук"
        ),
    ),
    "kk": (
        _words(
            "Нурлан|Ерлан|Асхат|Бауыржан|Даурен|Ержан|Марат|Серик|Талгат|Арман|Руслан|Айдар|"
            "Алибек|Данияр|Ермек|Канат|Бахыт|Жандос|Темирлан|Олжас"
        ),
        _words(
            "Айгерим|Динара|Гульнара|Асель|Жанна|Сауле|Алия|Камила|Мадина|Айжан|Карлыгаш|"
            "Гульмира|Салтанат|Жибек|Томирис|Аружан|Ботагоз|Назгуль"
        ),
        _words(
            "Ахметов|Нурпеисов|Сейткали|Жумабаев|Касымов|Омаров|Сулейменов|Абдрахманов|"
            "Байжанов|Искаков|Калиев|Мухамедов|Нургалиев|Рахимов|Садыков|Тулегенов|Уалиев|"
            "Есенов|Жаксыбеков|Кенжебаев|Мусин|Оспанов|Исмаилов|Смагулов|Ибраев|Бекетов"
        ),
    ),
    "pl": (
        _words(
            "Jan|Piotr|Krzysztof|Andrzej|Tomasz|Paweł|Michał|Marcin|Marek|Grzegorz|Adam|Łukasz|"
            "Zbigniew|Jerzy|Tadeusz|Mateusz|Dariusz|Wojciech|Jakub|Kamil|Rafał|Robert"
        ),
        _words(
            "Anna|Maria|Katarzyna|Małgorzata|Agnieszka|Barbara|Ewa|Krystyna|Elżbieta|Magdalena|"
            "Joanna|Aleksandra|Monika|Zofia|Beata|Dorota|Karolina|Natalia|Paulina|Justyna"
        ),
        _words(
            "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|"
            "Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Kwiatkowski|Krawczyk|"
            "Piotrowski|Grabowski|Nowakowski|Pawłowski|Michalski|Nowicki|Adamczyk|Dudek|"
            "Zając|Wieczorek|Jabłoński|Król|Majewski|Olszewski|Jaworski|Wróbel|Malinowski|"
            "Pawlak|Witkowski|Walczak|Stępień|Górski|Rutkowski|Michalak|Sikora|Ostrowski"
        ),
    ),
    "de": (
        _words(
            "Thomas|Michael|Andreas|Stefan|Christian|Markus|Frank|Peter|Klaus|Jürgen|Wolfgang|"
            "Matthias|Alexander|Sebastian|Tobias|Florian|Jan|Lukas|Felix|Martin|Uwe|Dirk"
        ),
        _words(
            "Sabine|Claudia|Andrea|Petra|Susanne|Nicole|Stefanie|Julia|Katharina|Anna|Laura|"
            "Sandra|Christina|Monika|Birgit|Anja|Lena|Sarah|Melanie|Jana"
        ),
        _words(
            "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|"
            "Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|"
            "Krüger|Hofmann|Hartmann|Lange|Schmitt|Werner|Schmitz|Krause|Meier|Lehmann|Schmid|"
            "Schulze|Maier|Köhler|Herrmann|König|Walter|Mayer|Huber|Kaiser|Fuchs|Peters|Lang"
        ),
    ),
    "en": (
        _words(
            "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Daniel|"
            "Matthew|Anthony|Mark|Steven|Paul|Andrew|Joshua|Kevin|Brian|Ryan|Jason|Eric|Jacob"
        ),
        _words(
            "Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|"
            "Nancy|Betty|Sandra|Ashley|Emily|Michelle|Amanda|Melissa|Laura|Rachel|Megan|Olivia"
        ),
        _words(
            "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|"
            "Hernandez|Lopez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Thompson|"
            "White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Hill|Green|"
            "Adams|Baker|Nelson|Carter|Mitchell|Roberts|Turner|Phillips|Campbell|Parker|Evans|"
            "Edwards|Collins|Stewart|Morris|Murphy|Cook|Rogers|Morgan|Cooper|Peterson|Reed|Bailey"
        ),
    ),
}

JOB_TITLES = {
    "ru": _words(
        "Генеральный директор|Коммерческий директор|Главный бухгалтер|Менеджер по закупкам|"
        "Начальник отдела снабжения|Главный инженер|Технический директор|Финансовый директор|"
        "Руководитель проектов|Специалист по закупкам|Директор по развитию|Офис-менеджер"
    ),
    "uk": _words(
        "Генеральний директор|Комерційний директор|Головний бухгалтер|Менеджер з закупівель|"
        "Начальник відділу постачання|Головний інженер|Технічний директор|Фінансовий директор|"
        "Керівник проєктів|Фахівець із закупівель"
    ),
    "kk": _words(
        "Генеральный директор|Коммерческий директор|Главный бухгалтер|Менеджер по закупкам|"
        "Начальник отдела снабжения|Главный инженер|Финансовый директор|Руководитель проектов"
    ),
    "pl": _words(
        "Prezes Zarządu|Dyrektor Handlowy|Główna Księgowa|Kierownik Zakupów|Specjalista ds. "
        "Zakupów|Dyrektor Techniczny|Dyrektor Finansowy|Kierownik Projektu"
    ),
    "de": _words(
        "Geschäftsführer|Vertriebsleiter|Leiter Einkauf|Einkäufer|Technischer Leiter|"
        "Finanzleiter|Projektleiter|Buchhaltung|Leiter Logistik"
    ),
    "en": _words(
        "CEO|Purchasing Manager|CFO|Procurement Specialist|Operations Manager|CTO|"
        "Project Manager|Accounts Payable|Head of Supply Chain|Office Manager|Buyer"
    ),
}

# ---------------------------------------------------------------------------------------------
# Product catalogue: (category, parent category, product type, uom xml id, price range,
# name stems, name variants)
# ---------------------------------------------------------------------------------------------

CATALOG = (
    (
        "Pumps & Valves",
        "Equipment",
        "consu",
        "uom.product_uom_unit",
        (180, 6500),
        _words(
            "Centrifugal Pump|Submersible Pump|Gear Pump|Ball Valve|Gate Valve|Check Valve|"
            "Butterfly Valve|Dosing Pump|Pressure Regulator|Booster Station"
        ),
        _words("DN25|DN40|DN50|DN80|DN100|DN150|1.5 kW|3 kW|7.5 kW|15 kW|Inox|PN16"),
    ),
    (
        "Electrical",
        "Equipment",
        "consu",
        "uom.product_uom_unit",
        (25, 3800),
        _words(
            "Frequency Inverter|Circuit Breaker|Contactor|Power Supply|Cable Reel|"
            "Distribution Board|Motor Starter|UPS Unit|LED Floodlight|Transformer"
        ),
        _words("230V|400V|16A|32A|63A|2.2 kW|5.5 kW|IP65|IP54|3-phase|24V DC"),
    ),
    (
        "Tools",
        "Equipment",
        "consu",
        "uom.product_uom_unit",
        (15, 950),
        _words(
            "Cordless Drill|Angle Grinder|Torque Wrench|Tool Case|Laser Level|Hammer Drill|"
            "Impact Driver|Socket Set|Multimeter|Heat Gun"
        ),
        _words("Pro|18V|Compact|Heavy Duty|Set 94 pcs|Kit|XL|Industrial|Li-Ion|Basic"),
    ),
    (
        "Fasteners",
        "Consumables",
        "consu",
        "uom.product_uom_unit",
        (3, 120),
        _words(
            "Hex Bolt Box|Anchor Bolt Pack|Self-tapping Screws|Washers Box|Threaded Rod|"
            "Rivets Pack|Cable Ties|Hose Clamps|Nut Assortment|Wall Plugs"
        ),
        _words("M6|M8|M10|M12|M16|Zinc|A2 Steel|500 pcs|1000 pcs|100 pcs|Galvanised"),
    ),
    (
        "Lubricants & Chemicals",
        "Consumables",
        "consu",
        "uom.product_uom_unit",
        (8, 420),
        _words(
            "Hydraulic Oil|Gear Oil|Multipurpose Grease|Degreaser|Antifreeze|Cutting Fluid|"
            "Anti-corrosion Spray|Industrial Cleaner|Compressor Oil|Chain Lubricant"
        ),
        _words("1 L|5 L|20 L|200 L|0.4 kg|18 kg|ISO 46|ISO 68|Concentrate|Aerosol"),
    ),
    (
        "Packaging",
        "Consumables",
        "consu",
        "uom.product_uom_unit",
        (4, 160),
        _words(
            "Stretch Film|Carton Box|Pallet Wrap|Packing Tape|Bubble Wrap|Strapping Band|"
            "Kraft Paper Roll|Corner Protector|Pallet|Big Bag"
        ),
        _words("23 mic|500 mm|600x400|Brown|Clear|Euro|Heavy|Pack of 36|Roll 300 m|1 t"),
    ),
    (
        "Safety",
        "Consumables",
        "consu",
        "uom.product_uom_unit",
        (2, 240),
        _words(
            "Safety Helmet|Work Gloves|Safety Glasses|Hi-vis Vest|Ear Defenders|Respirator|"
            "Safety Boots|First Aid Kit|Fall Arrest Harness|Fire Extinguisher"
        ),
        _words("Size M|Size L|Size XL|EN 397|FFP2|FFP3|S3|Class 2|6 kg|Pack of 12"),
    ),
    (
        "Software",
        "Software & Services",
        "service",
        "uom.product_uom_unit",
        (90, 4800),
        _words(
            "Maintenance Planner License|Fleet Monitoring Subscription|SCADA Seat|"
            "Energy Analytics License|Inventory Cloud Subscription|Remote Access License"
        ),
        _words("1 year|3 years|Standard|Enterprise|5 users|25 users|Site|Add-on"),
    ),
    (
        "Services",
        "Software & Services",
        "service",
        "uom.product_uom_hour",
        (35, 160),
        _words(
            "Installation|Commissioning|Preventive Maintenance|On-site Repair|Training|"
            "Engineering Consulting|Energy Audit|Calibration|Remote Support|Project Management"
        ),
        _words("Standard|Senior Engineer|Weekend|Express|Remote|On-site"),
    ),
)

# Industries (names of res.partner.industry records created by Odoo) and the catalogue
# categories their buyers favour.
INDUSTRY_AFFINITY = {
    "Agriculture": ("Pumps & Valves", "Lubricants & Chemicals", "Tools", "Safety"),
    "Mining": ("Safety", "Lubricants & Chemicals", "Electrical", "Services"),
    "Manufacturing": ("Electrical", "Fasteners", "Tools", "Lubricants & Chemicals", "Software"),
    "Energy supply": ("Electrical", "Pumps & Valves", "Services", "Software"),
    "Water supply": ("Pumps & Valves", "Services", "Electrical"),
    "Construction": ("Fasteners", "Tools", "Safety", "Electrical"),
    "Wholesale/Retail": ("Packaging", "Fasteners", "Tools", "Safety"),
    "Transportation/Logistics": ("Packaging", "Lubricants & Chemicals", "Software", "Safety"),
    "Food/Hospitality": ("Packaging", "Lubricants & Chemicals", "Pumps & Valves"),
    "IT/Communication": ("Software", "Services", "Electrical"),
    "Health/Social": ("Safety", "Services", "Packaging"),
}

LOST_REASONS = _words(
    "Chose a competitor|No budget|No response from the customer|Project postponed|"
    "Requirements not met|Delivery time too long|Duplicate"
)

CRM_TAGS = _words("Key account|Tender|Upsell|Partner referral|Website|Exhibition|Renewal")

LEAD_TITLES = {
    "ru": _words(
        "Поставка {what}|Запрос КП: {what}|Тендер на {what}|Модернизация: {what}|"
        "Годовой контракт: {what}|Замена оборудования: {what}"
    ),
    "uk": _words(
        "Постачання: {what}|Запит КП: {what}|Тендер: {what}|Модернізація: {what}|"
        "Річний контракт: {what}"
    ),
    "kk": _words("Поставка {what}|Запрос КП: {what}|Тендер на {what}|Годовой контракт: {what}"),
    "pl": _words(
        "Dostawa: {what}|Zapytanie ofertowe: {what}|Przetarg: {what}|Modernizacja: {what}"
    ),
    "de": _words(
        "Lieferung: {what}|Angebotsanfrage: {what}|Ausschreibung: {what}|Rahmenvertrag: {what}"
    ),
    "en": _words(
        "Supply of {what}|RFQ: {what}|Tender: {what}|Upgrade: {what}|Annual contract: {what}"
    ),
}

# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------


def _pairs(text):
    """``"a=b c=d"`` -> ``{"a": "b", "c": "d"}``."""
    return dict(item.split("=") for item in text.split())


_TRANSLIT = _pairs(
    "а=a б=b в=v г=g ґ=g д=d е=e ё=e є=ye ж=zh з=z и=i і=i ї=yi й=y к=k л=l м=m н=n о=o "
    "п=p р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya ә=a ғ=g "
    "қ=k ң=n ө=o ұ=u ү=u һ=h ł=l ß=ss ä=ae ö=oe ü=ue '="
)


def slug(text):
    """Lower-case ASCII transliteration keeping only letters and digits."""
    out = []
    for char in text.lower():
        char = _TRANSLIT.get(char, char)
        char = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append("".join(c for c in char if c.isalnum()))
    return "".join(out)


def weighted(rng, pairs):
    """Pick the first item of one of ``pairs`` (item, weight) with probability ~ weight."""
    total = sum(weight for _item, weight in pairs)
    point = rng.random() * total
    for item, weight in pairs:
        point -= weight
        if point < 0:
            return item
    return pairs[-1][0]


def company_name(rng, lang, country, attempt=0):
    """Return (display name, core name used for the domain) of a company.

    ``attempt`` > 0 adds a qualifier word, so callers can retry on a duplicate.
    """
    first, second, qualifiers = COMPANY_WORDS[lang]
    core = rng.choice(first) + rng.choice(second)
    if lang == "en":
        core = core[:1].upper() + core[1:]
        if rng.random() < 0.6 or attempt:
            core = f"{core} {rng.choice(qualifiers)}"
    elif attempt or rng.random() < 0.25:
        core = f"{core} {rng.choice(qualifiers)}"
    if attempt > 1:
        core = f"{core} {attempt}"
    form = weighted(rng, LEGAL_FORMS[country])
    if lang in ("ru", "uk", "kk"):
        return f"{form} «{core}»", core
    return f"{core} {form}", core


def person_name(rng, lang):
    """Return (first name, last name, is_female) in the given language."""
    males, females, surnames = PEOPLE[lang]
    female = rng.random() < 0.45
    first = rng.choice(females if female else males)
    last = rng.choice(surnames)
    if female:
        last = feminine_surname(last, lang)
    return first, last, female


def feminine_surname(last, lang):
    if lang in ("ru", "kk"):
        if last.endswith(("ов", "ев", "ёв", "ин")):
            return last + "а"
        if last.endswith("ский"):
            return last[:-4] + "ская"
    elif lang == "uk":
        if last.endswith("ський"):
            return last[:-5] + "ська"
    elif lang == "pl" and last.endswith(("ski", "cki", "dzki")):
        return last[:-1] + "a"
    return last


def phone(rng, country, area):
    """A plausible phone number of a landline in ``area`` (an area code)."""
    prefix = COUNTRIES[country][2]
    if country in ("RU", "KZ"):
        digits = 10 - len(area)
        number = f"{rng.randrange(10 ** (digits - 1), 10**digits)}"
        return f"{prefix} ({area}) {number[:-4]}-{number[-4:-2]}-{number[-2:]}"
    if country == "UA":
        number = f"{rng.randrange(10 ** (8 - len(area)), 10 ** (9 - len(area)))}"
        return f"{prefix} {area} {number[:-4]} {number[-4:-2]} {number[-2:]}"
    if country == "PL":
        number = f"{rng.randrange(1000000, 9999999)}"
        return f"{prefix} {area} {number[:3]} {number[3:5]} {number[5:]}"
    if country == "DE":
        return f"{prefix} {area} {rng.randrange(100000, 9999999)}"
    return f"{prefix} ({area}) {rng.randrange(200, 999)}-{rng.randrange(1000, 10000)}"


def mobile(rng, country):
    prefix = COUNTRIES[country][2]
    if country == "RU":
        return f"{prefix} 9{rng.randrange(10, 100)} {rng.randrange(100, 1000)}-" + (
            f"{rng.randrange(10, 100)}-{rng.randrange(10, 100)}"
        )
    if country == "KZ":
        code = rng.choice(("701", "702", "705", "707", "747", "771", "777"))
        return f"{prefix} {code} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
    if country == "UA":
        code = rng.choice(("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98"))
        return f"{prefix} {code} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
    if country == "PL":
        return f"{prefix} {rng.randrange(500, 900)} {rng.randrange(100, 1000)} " + (
            f"{rng.randrange(100, 1000)}"
        )
    if country == "DE":
        return f"{prefix} 1{rng.randrange(50, 80)} {rng.randrange(1000000, 99999999)}"
    return f"{prefix} ({rng.randrange(201, 990)}) {rng.randrange(200, 999)}-" + (
        f"{rng.randrange(1000, 10000)}"
    )


def zip_code(rng, country, zip_prefix):
    length = ZIP_LENGTH[country]
    rest = length - len(zip_prefix)
    code = zip_prefix + "".join(str(rng.randrange(10)) for _i in range(rest))
    if country == "PL":
        return f"{code[:2]}-{code[2:]}"
    return code


def _digits(rng, count):
    return [rng.randrange(10) for _i in range(count)]


def tax_id(rng, country):
    """A syntactically valid company tax id of ``country`` (valid check digits), or None when
    the random draw cannot give one (the caller draws again)."""
    if country == "RU":  # INN of a legal entity, 10 digits
        digits = _digits(rng, 9)
        digits[0] = rng.randrange(1, 10)
        weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
        return "".join(map(str, [*digits, check]))
    if country == "UA":  # EDRPOU, 8 digits
        digits = _digits(rng, 7)
        digits[0] = rng.randrange(2, 5)
        number = int("".join(map(str, digits)))
        base = (1, 2, 3, 4, 5, 6, 7) if not 3000000 <= number <= 6000000 else (7, 1, 2, 3, 4, 5, 6)
        check = sum(w * d for w, d in zip(base, digits, strict=True)) % 11
        if check == 10:
            check = sum((w + 2) * d for w, d in zip(base, digits, strict=True)) % 11 % 10
        return "".join(map(str, [*digits, check]))
    if country == "KZ":  # BIN, 12 digits
        digits = _digits(rng, 11)
        digits[4] = rng.choice((4, 5, 6))  # legal entity
        check = sum((i + 1) * d for i, d in enumerate(digits)) % 11
        if check == 10:
            weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
            check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
            if check == 10:
                return None
        return "".join(map(str, [*digits, check]))
    if country == "PL":  # NIP, 10 digits
        digits = _digits(rng, 9)
        digits[0] = rng.randrange(1, 10)
        weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check == 10:
            return None
        return "PL" + "".join(map(str, [*digits, check]))
    if country == "DE":  # USt-IdNr, ISO 7064 MOD 11,10
        digits = _digits(rng, 8)
        digits[0] = rng.randrange(1, 10)
        product = 10
        for digit in digits:
            total = (digit + product) % 10 or 10
            product = (2 * total) % 11
        check = (11 - product) % 10
        return "DE" + "".join(map(str, [*digits, check]))
    # US: EIN, no check digit
    return f"{rng.randrange(10, 99)}-{rng.randrange(1000000, 10000000)}"
