"""Turkey's 81 provinces, and finding one in an agency's dateline."""

from manset.turkish.analysis import fold

PROVINCES = (
    "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Aksaray", "Amasya", "Ankara", "Antalya",
    "Ardahan", "Artvin", "Aydın", "Balıkesir", "Bartın", "Batman", "Bayburt", "Bilecik",
    "Bingöl", "Bitlis", "Bolu", "Burdur", "Bursa", "Çanakkale", "Çankırı", "Çorum", "Denizli",
    "Diyarbakır", "Düzce", "Edirne", "Elazığ", "Erzincan", "Erzurum", "Eskişehir", "Gaziantep",
    "Giresun", "Gümüşhane", "Hakkari", "Hatay", "Iğdır", "Isparta", "İstanbul", "İzmir",
    "Kahramanmaraş", "Karabük", "Karaman", "Kars", "Kastamonu", "Kayseri", "Kilis",
    "Kırıkkale", "Kırklareli", "Kırşehir", "Kocaeli", "Konya", "Kütahya", "Malatya", "Manisa",
    "Mardin", "Mersin", "Muğla", "Muş", "Nevşehir", "Niğde", "Ordu", "Osmaniye", "Rize",
    "Sakarya", "Samsun", "Siirt", "Sinop", "Sivas", "Şanlıurfa", "Şırnak", "Tekirdağ", "Tokat",
    "Trabzon", "Tunceli", "Uşak", "Van", "Yalova", "Yozgat", "Zonguldak",
)  # fmt: skip

_BY_KEY = {fold(name): name for name in PROVINCES}
# Names datelines use for a province's centre or an older name.
_BY_KEY |= {
    "afyon": "Afyonkarahisar",
    "maras": "Kahramanmaraş",
    "urfa": "Şanlıurfa",
    "icel": "Mersin",
    "antep": "Gaziantep",
    "izmit": "Kocaeli",
    "adapazari": "Sakarya",
}


def province_of(place: str) -> str:
    """The province a dateline names, in its proper spelling; "" when it names none.

    >>> province_of("İZMİR"), province_of("Istanbul (AA)"), province_of("sanliurfa")
    ('İzmir', 'İstanbul', 'Şanlıurfa')
    >>> province_of("Brüksel"), province_of("")
    ('', '')
    """
    words = fold(place).replace("(", " ").replace(",", " ").split()
    for word in words[:3]:  # "ANKARA (AA) -" or "Van Erciş": the province leads
        if word in _BY_KEY:
            return _BY_KEY[word]
    return ""
