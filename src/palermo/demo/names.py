"""Synthetic Belarusian and Russian names with the Latin forms a passport would carry.

Each entry is (Cyrillic, Latin). Belarusian forms use the national Latin transliteration used
in Belarusian passports; Russian forms use ICAO 9303 as in Russian passports. Female family names
are derived by the usual endings.
"""

from __future__ import annotations

BELARUSIAN_MALE_GIVEN = [
    ("Аляксандр", "Aliaksandr"), ("Андрэй", "Andrei"), ("Сяргей", "Siarhei"), ("Дзмітрый", "Dzmitry"),
    ("Мікалай", "Mikalai"), ("Уладзімір", "Uladzimir"), ("Павел", "Pavel"), ("Юрый", "Yury"),
    ("Віктар", "Viktar"), ("Алег", "Aleh"), ("Ігар", "Ihar"), ("Янка", "Yanka"), ("Васіль", "Vasil"),
    ("Антон", "Anton"), ("Максім", "Maksim"), ("Кірыл", "Kiryl"), ("Мікіта", "Mikita"),
]  # fmt: skip
BELARUSIAN_FEMALE_GIVEN = [
    ("Вольга", "Volha"), ("Алена", "Alena"), ("Таццяна", "Tatsiana"), ("Наталля", "Natallia"),
    ("Ірына", "Iryna"), ("Святлана", "Sviatlana"), ("Марыя", "Maryia"), ("Ганна", "Hanna"),
    ("Юлія", "Yuliya"), ("Кацярына", "Katsiaryna"), ("Людміла", "Liudmila"), ("Вікторыя", "Viktoryia"),
    ("Дар'я", "Daryia"), ("Анастасія", "Anastasiya"), ("Яўгенія", "Yauheniya"), ("Крысціна", "Krystsina"),
]  # fmt: skip
RUSSIAN_MALE_GIVEN = [
    ("Александр", "Aleksandr"), ("Андрей", "Andrei"), ("Сергей", "Sergei"), ("Дмитрий", "Dmitrii"),
    ("Николай", "Nikolai"), ("Владимир", "Vladimir"), ("Павел", "Pavel"), ("Юрий", "Iurii"),
    ("Виктор", "Viktor"), ("Олег", "Oleg"), ("Игорь", "Igor"), ("Иван", "Ivan"), ("Василий", "Vasilii"),
    ("Евгений", "Evgenii"), ("Максим", "Maksim"), ("Кирилл", "Kirill"), ("Никита", "Nikita"),
]  # fmt: skip
RUSSIAN_FEMALE_GIVEN = [
    ("Ольга", "Olga"), ("Елена", "Elena"), ("Татьяна", "Tatiana"), ("Наталья", "Natalia"),
    ("Ирина", "Irina"), ("Светлана", "Svetlana"), ("Мария", "Mariia"), ("Анна", "Anna"),
    ("Юлия", "Iuliia"), ("Екатерина", "Ekaterina"), ("Людмила", "Liudmila"), ("Виктория", "Viktoriia"),
    ("Дарья", "Daria"), ("Анастасия", "Anastasiia"), ("Евгения", "Evgeniia"), ("Кристина", "Kristina"),
]  # fmt: skip

# (male Cyrillic, male Latin, female Cyrillic, female Latin)
BELARUSIAN_FAMILY = [
    ("Шаўчэнка", "Shauchenka", "Шаўчэнка", "Shauchenka"), ("Кавалёў", "Kavaliou", "Кавалёва", "Kavaliova"),
    ("Новік", "Novik", "Новік", "Novik"), ("Казлоў", "Kazlou", "Казлова", "Kazlova"),
    ("Мельнік", "Melnik", "Мельнік", "Melnik"), ("Ткачук", "Tkachuk", "Ткачук", "Tkachuk"),
    ("Бандарэнка", "Bandarenka", "Бандарэнка", "Bandarenka"), ("Марозаў", "Marozau", "Марозава", "Marozava"),
    ("Лукашэвіч", "Lukashevich", "Лукашэвіч", "Lukashevich"), ("Жук", "Zhuk", "Жук", "Zhuk"),
    ("Карповіч", "Karpovich", "Карповіч", "Karpovich"), ("Васілеўскі", "Vasileuski", "Васілеўская", "Vasileuskaya"),
    ("Пашкевіч", "Pashkevich", "Пашкевіч", "Pashkevich"), ("Сцяпанаў", "Stsiapanau", "Сцяпанава", "Stsiapanava"),
    ("Шымановіч", "Shymanovich", "Шымановіч", "Shymanovich"), ("Радзевіч", "Radzevich", "Радзевіч", "Radzevich"),
]  # fmt: skip
RUSSIAN_FAMILY = [
    ("Иванов", "Ivanov", "Иванова", "Ivanova"), ("Смирнов", "Smirnov", "Смирнова", "Smirnova"),
    ("Кузнецов", "Kuznetsov", "Кузнецова", "Kuznetsova"), ("Попов", "Popov", "Попова", "Popova"),
    ("Соколов", "Sokolov", "Соколова", "Sokolova"), ("Козлов", "Kozlov", "Козлова", "Kozlova"),
    ("Новиков", "Novikov", "Новикова", "Novikova"), ("Морозов", "Morozov", "Морозова", "Morozova"),
    ("Петров", "Petrov", "Петрова", "Petrova"), ("Волков", "Volkov", "Волкова", "Volkova"),
    ("Ковалёв", "Kovalev", "Ковалёва", "Kovaleva"), ("Шевченко", "Shevchenko", "Шевченко", "Shevchenko"),
    ("Лебедев", "Lebedev", "Лебедева", "Lebedeva"), ("Степанов", "Stepanov", "Степанова", "Stepanova"),
    ("Зайцев", "Zaitsev", "Зайцева", "Zaitseva"), ("Павлов", "Pavlov", "Павлова", "Pavlova"),
]  # fmt: skip
# Patronymics from the father's given name, Russian form (most documents use Russian).
PATRONYMIC_STEMS = [
    ("Александров", "Aleksandrov"), ("Сергеев", "Sergeev"), ("Николаев", "Nikolaev"), ("Иванов", "Ivanov"),
    ("Викторов", "Viktorov"), ("Владимиров", "Vladimirov"), ("Петров", "Petrov"), ("Павлов", "Pavlov"),
]  # fmt: skip
