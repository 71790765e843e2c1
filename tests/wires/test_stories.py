"""Story grouping: the same event from several agencies becomes one story, others do not."""

import pytest

from manset.wires import stories
from manset.wires.ingest import wire_file_ingest
from manset.wires.models import WireItem
from tests.wires.factories import ninjs

AA = dict(
    guid="aa:text:20261129:1",
    provider="AA",
    headline="Van'da 5,1 büyüklüğünde deprem",
    abstract="Van'ın Erciş ilçesinde 5,1 büyüklüğünde deprem meydana geldi.",
    body=(
        "<p>AFAD'dan yapılan açıklamaya göre, Erciş merkezli depremin derinliği 7 kilometre "
        "olarak ölçüldü. Sarsıntı çevre illerden de hissedildi.</p>"
        "<p>Vali, ilk belirlemelere göre can kaybı ya da ağır hasar bulunmadığını söyledi.</p>"
    ),
)
IHA = dict(
    guid="20261129AW000123",
    provider="IHA",
    headline="Erciş'te 5,1'lik deprem korkuttu",
    abstract="Van'ın Erciş ilçesinde meydana gelen 5,1 büyüklüğündeki deprem panik yarattı.",
    body=(
        "<p>Afet ve Acil Durum Yönetimi Başkanlığı (AFAD) verilerine göre deprem 7 kilometre "
        "derinlikte gerçekleşti. Vatandaşlar sokağa döküldü.</p>"
        "<p>Valilik, şu ana kadar can kaybı ve ağır hasar ihbarı olmadığını açıkladı.</p>"
    ),
)
OTHER = dict(
    guid="aa:text:20261129:2",
    provider="AA",
    headline="Merkez Bankası politika faizini sabit tuttu",
    abstract="Para Politikası Kurulu, politika faizini yüzde 35'te sabit bıraktı.",
    body="<p>Kurul, enflasyondaki ana eğilimin yakından izleneceğini bildirdi.</p>",
)


def store(fields, versioned="2026-11-29T10:00:00Z"):
    wire_file_ingest(data=ninjs(versioned=versioned, **fields), name=fields["guid"])
    return WireItem.objects.get(guid=fields["guid"])


@pytest.mark.django_db
def test_the_same_event_from_two_agencies_is_one_story():
    first, second = store(AA), store(IHA, versioned="2026-11-29T10:20:00Z")
    assert first.story_id == second.story_id
    assert second.story.item_count == 2


@pytest.mark.django_db
def test_a_different_event_is_a_story_of_its_own():
    first, other = store(AA), store(OTHER)
    assert first.story_id != other.story_id


@pytest.mark.django_db
def test_the_same_words_days_apart_are_another_story():
    first = store(AA)
    later = store(dict(IHA, guid="20261203AW000999"), versioned="2026-12-03T10:00:00Z")
    assert first.story_id != later.story_id


def test_similarity_is_the_jaccard_index_of_the_terms():
    a = {f"w{i}" for i in range(100)}
    b = {f"w{i}" for i in range(50, 150)}  # 50 shared of 150
    (hashes_a, _), (hashes_b, _) = stories.fingerprint(a), stories.fingerprint(b)
    assert stories.similarity(hashes_a, hashes_b) == pytest.approx(1 / 3)
    assert stories.similarity(hashes_a, hashes_a) == 1.0


def test_similar_texts_share_bands_and_unrelated_ones_hardly_any():
    a = {f"w{i}" for i in range(30)}
    b = {f"w{i}" for i in range(10, 40)}
    c = {f"x{i}" for i in range(30)}
    bands = [set(stories.bands(stories.fingerprint(words)[1])) for words in (a, b, c)]
    assert len(bands[0] & bands[1]) >= 5
    assert len(bands[0] & bands[2]) <= 1


def test_terms_are_turkish_normalised_and_function_words_dropped():
    words = stories.terms("Erdoğan'ın", "ve bu ile Ankara'da görüşmelerde", "")
    assert words == stories.terms("ERDOĞAN", "ANKARA görüşmeler", "")
    assert "gorusme" in words
    assert not {"ve", "bu", "ile"} & words


def test_without_a_lead_the_opening_of_the_body_counts():
    assert "gorusme" in stories.terms("Başlık", "", "Ankara'da görüşmelerde")


def test_an_empty_text_has_no_signature_and_no_bands():
    assert stories.fingerprint(set()) == (b"", b"") and stories.bands(b"") == []
