"""Compare Turkish stemmers on a generated news vocabulary.

Run: .venv/bin/python bench/stemmers.py

Quality, after fold_ascii (the index form):
  conflation  per root, the share of its inflected forms whose stem equals the bare root's stem
  match       the same, but as the search pipeline matches: {stem, exact} of form and root meet
  merged      roots whose stems collide with another root's (over-stemming)
Speed: words/s over the distinct forms, caches off, and the ratio to PyStemmer in this run.
"""

import statistics
import time
from collections import defaultdict

import Stemmer
from snowballstemmer.turkish_stemmer import TurkishStemmer  # the pure-Python algorithm

from manset.turkish.analysis import MIN_STEM, MIN_STEMMED_TOKEN, analyze, fold_ascii, tokenize

ROOTS = """
ülke görüşme ilişki destek füze karar seçim ekonomi bakan devlet başkan hükümet meclis parti
millet halk vatandaş asker ordu savaş barış anlaşma toplantı zirve açıklama rapor haber gazete
muhabir televizyon kanal program yayın dergi kitap yazar okul öğrenci öğretmen üniversite
hastane doktor hasta ilaç aşı salgın deprem sel yangın kaza yol köprü tünel havalimanı uçak
gemi tren otobüs araba trafik polis jandarma mahkeme hakim savcı avukat dava ceza hapis
cezaevi suç şüpheli tanık kanun yasa anayasa teklif önerge oylama sandık oy aday belediye
vali kaymakam il ilçe köy mahalle sokak cadde meydan şehir bölge sınır kıyı deniz göl nehir
dağ orman tarla çiftçi üretim fabrika işçi sendika grev maaş ücret emekli vergi bütçe borç
kredi faiz enflasyon fiyat piyasa borsa dolar ticaret ihracat ithalat yatırım şirket banka
sektör enerji elektrik doğalgaz petrol maden kömür su gıda ekmek et süt çay tütün fındık
pamuk buğday turizm otel festival konser film tiyatro müze sergi sanatçı oyuncu şarkı müzik
maç takım teknik lig kupa şampiyon stadyum taraftar hakem futbol basketbol
voleybol yarış rekor madalya sporcu kulüp transfer sözleşme proje plan hedef sorun çözüm
kriz tehdit saldırı operasyon terör güvenlik istihbarat casus diplomat elçi elçilik konsolos
heyet ziyaret görüş tepki eleştiri protesto gösteri eylem yürüyüş miting tören anma bayram
tatil hafta gün ay yıl saat dakika sabah akşam gece hava yağmur kar fırtına sıcaklık iklim
çevre kirlilik atık çöp geri dönüşüm teknoloji internet telefon yazılım uygulama yapay zeka
robot uzay uydu roket bilim araştırma deney veri sistem ağ sosyal medya hesap paylaşım
mesaj kullanıcı güncelleme kadın erkek çocuk aile genç yaşlı nüfus göç göçmen mülteci kamp
yardım bağış kurum vakıf dernek örgüt birlik kurul komisyon başkanlık bakanlık müdürlük
müdür uzman yetkili sözcü temsilci lider kral prens cumhurbaşkanı başbakan milletvekili
senato kongre muhalefet iktidar koalisyon kabine reform değişiklik düzenleme yönetmelik
genelge karar kararname soruşturma kovuşturma tutuklama gözaltı ifade iddia delil belge
dosya kayıt liste sonuç başarı yenilgi zafer kayıp ölüm yaralı kurtarma ekip itfaiye
ambulans sağlık eğitim kültür sanat tarih miras cami kilise saray kale köşk bina ev konut
kira arsa inşaat müteahhit ihale sözcük dil edebiyat şiir roman öykü ödül yarışma iki üç
""".split()
NAMES = """Rusya Kore Pyongyang Putin Ankara İstanbul İzmir Erdoğan Almanya Ukrayna Moskova
Washington Brüksel Trabzon Iğdır Diyarbakır Çin Japonya İran Irak Suriye Mısır Fransa
İngiltere Biden Kim Netanyahu Gazze Kiev Avrupa""".split()
ROOTS = list(dict.fromkeys(ROOTS))  # a few roots appear twice above

# Morpheme templates: A = a/e, I = ı/i/u/ü, D = d/t; "(x)" only after a vowel when x is a
# consonant (buffer), only after a consonant when x is a vowel.
CHAINS = [
    ["lAr"],
    ["lAr", "DA"],
    ["lAr", "DAn"],
    ["lAr", "(y)A"],
    ["lAr", "(y)I"],
    ["lAr", "(n)In"],
    ["lAr", "(s)I"],
    ["lAr", "(s)I", "(n)In"],
    ["lAr", "(s)I", "(y)I"],
    ["lAr", "(s)I", "DA"],
    ["lAr", "(I)mIz"],
    ["lAr", "(I)mIz", "(n)In"],
    ["lAr", "DA", "ki"],
    ["lAr", "(y)lA"],
    ["(s)I"],
    ["(s)I", "(n)In"],
    ["(s)I", "(y)I"],
    ["(s)I", "DA"],
    ["(s)I", "DAn"],
    ["(s)I", "(y)A"],
    ["(I)m"],
    ["(I)mIz"],
    ["(I)nIz"],
    ["(I)nIz", "(y)I"],
    ["(I)mIz", "DA"],
    ["DA"],
    ["DAn"],
    ["(y)A"],
    ["(y)I"],
    ["(n)In"],
    ["(y)lA"],
    ["DA", "ki"],
    ["lI"],
    ["sIz"],
]
NAME_SUFFIXES = ["'DA", "'DAn", "'(y)A", "'(y)I", "'(n)In", "’DA", "’(y)A", "’(n)In", "'lI"]
VOWELS = "aeıioöuü"
BACK = "aıou"
VOICELESS = "fstkçşhp"
SOFTEN = {"k": "ğ", "p": "b", "ç": "c"}


def last_vowel(word: str) -> str:
    return next((ch for ch in reversed(word.lower()) if ch in VOWELS), "e")


def add(word: str, morpheme: str, after_possessive: bool) -> str:
    """Attach one morpheme with vowel harmony, buffers and consonant changes."""
    apostrophe = morpheme[0] if morpheme[0] in "'’" else ""
    morpheme = morpheme.lstrip("'’")
    ends_vowel = word[-1].lower() in VOWELS
    if morpheme.startswith("("):
        optional, morpheme = morpheme[1], morpheme[3:]
        if after_possessive and optional == "y" and morpheme in ("A", "I"):
            optional = "n"  # ülkesine, ülkesini
        if (optional in VOWELS + "AI") != ends_vowel:
            morpheme = optional + morpheme
    elif after_possessive and morpheme.startswith("D"):
        morpheme = "n" + morpheme  # ülkesinde
    v = last_vowel(word)
    out = []
    for ch in morpheme:
        if ch == "A":
            ch = "a" if v in BACK else "e"
        elif ch == "I":
            ch = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}.get(v, "i")
        elif ch == "D":
            ch = "t" if not out and word[-1] in VOICELESS else "d"
        out.append(ch)
        if ch in VOWELS:
            v = ch
    suffix = "".join(out)
    vowels_in_word = sum(ch in VOWELS for ch in word)
    if not apostrophe and suffix[0] in VOWELS and word[-1] in SOFTEN and vowels_in_word > 1:
        word = word[:-1] + SOFTEN[word[-1]]  # destek → desteği
    return word + apostrophe + suffix


def inflect(root: str, chain: list[str]) -> str:
    word, previous = root, ""
    for morpheme in chain:
        word, previous = add(word, morpheme, after_possessive=previous == "(s)I"), morpheme
    return word


def vocabulary() -> dict[str, list[str]]:
    """root -> its inflected forms, tokenised as the analyser sees them."""
    forms = {r: [inflect(r, c) for c in CHAINS] for r in ROOTS}
    forms.update({n: [add(n, s, False) for s in NAME_SUFFIXES] for n in NAMES})
    return {tokenize(root)[0]: [tokenize(f)[0] for f in fs] for root, fs in forms.items()}


def guarded(stem_word, min_token: int = MIN_STEMMED_TOKEN, min_stem: int = MIN_STEM):
    """The length guard of manset.turkish.analysis.stem around any stemmer."""

    def stem(token: str) -> str:
        if len(token) < min_token or not token.isalpha():
            return token
        s = stem_word(token)
        return s if len(s) >= min_stem else token

    return stem


def quality(stem_word, vocab: dict[str, list[str]]) -> tuple[float, float, int]:
    memo: dict[str, str] = {}

    def stem(word: str) -> str:
        if word not in memo:
            memo[word] = stem_word(word)
        return memo[word]

    def keys(word: str) -> set[str]:
        return {fold_ascii(stem(word)), fold_ascii(word)}

    conflation, match, owners = [], [], defaultdict(set)
    for root, forms in vocab.items():
        root_stem, root_keys = fold_ascii(stem(root)), keys(root)
        conflation.append(statistics.mean(fold_ascii(stem(f)) == root_stem for f in forms))
        match.append(statistics.mean(bool(keys(f) & root_keys) for f in forms))
        for word in [root, *forms]:
            owners[fold_ascii(stem(word))].add(root)
    merged = set().union(*(roots for roots in owners.values() if len(roots) > 1))
    return statistics.mean(conflation), statistics.mean(match), len(merged)


def speed(stem, words: list[str], min_seconds: float = 0.3) -> float:
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < min_seconds:
        for w in words:
            stem(w)
        calls += len(words)
    return calls / elapsed


def main() -> None:
    vocab = vocabulary()
    distinct = sorted({w for root, fs in vocab.items() for w in [root, *fs]})
    pystemmer = Stemmer.Stemmer("turkish", 0)  # cache off: every form is new
    pure = TurkishStemmer()
    candidates = {
        "PyStemmer (Snowball, C)": pystemmer.stemWord,
        f"PyStemmer + guard {MIN_STEMMED_TOKEN}/{MIN_STEM} *": guarded(pystemmer.stemWord),
        "PyStemmer + guard 5/3": guarded(pystemmer.stemWord, 5, 3),
        "snowballstemmer (pure Py)": pure.stemWord,
        "no stemmer (exact token)": lambda w: w,
    }
    agree = statistics.mean(pure.stemWord(w) == pystemmer.stemWord(w) for w in distinct)
    print(f"{len(vocab)} roots, {len(distinct)} distinct forms; pure/C stems agree {agree:.1%}\n")
    columns = ("conflation", 10), ("match", 7), ("merged", 7), ("words/s", 11), ("speed", 7)
    header = f"{'stemmer':<28}" + "".join(f" {name:>{width}}" for name, width in columns)
    print(header)
    print("-" * len(header))
    base = None
    for name, stem in candidates.items():
        conflation, match, merged = quality(stem, vocab)
        rate = speed(stem, distinct)
        base = base or rate
        print(
            f"{name:<28} {conflation:>10.1%} {match:>7.1%} {merged:>7} {rate:>11,.0f} "
            f"{rate / base:>6.2f}x"
        )
    print("* what manset.turkish.stem does (guard: token >= 5 letters, stem >= 4)")
    text = " ".join(distinct)
    start = time.perf_counter()
    terms = analyze(text)
    elapsed = time.perf_counter() - start
    print(
        f"manset.turkish.analyze, cold cache: {len(distinct) / elapsed:,.0f} tokens/s "
        f"({len(terms)} terms)"
    )


if __name__ == "__main__":
    main()
