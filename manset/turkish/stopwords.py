"""Function words that say nothing about which event a text reports.

Folded to ASCII like the output of `analyze`, so they can be dropped from it.
Turkish first, then the English ones agency copy in English brings.

>>> "ve" in STOP_WORDS, "the" in STOP_WORDS, "deprem" in STOP_WORDS
(True, True, False)
"""

_TURKISH = """
acaba ama ancak artik aslinda az bana bazi belki ben beni benim beri bile bir birkac birsey biz
bize bizi bizim bu buna bunda bundan bunlar bunu bunun burada cok cunku da daha de defa diger
diye dolayi en gibi hem hep hepsi her hic hicbir icin ile ilgili ise iste itibaren kadar karsin
kez ki kim kimi kimse mi mu nasil ne neden nerde nerede nereye nicin niye o olan olarak oldu
oldugu olmak olmasi olsa olup on ona ondan onlar onlari onlarin onu onun ote oyle once
sadece sanki se sey siz size sizi sonra su suna sunu tarafindan tum ve veya ya yani yine yoksa
zaten ayrica uzere etti eden ettigi yapti yapilan yaptigi belirtti soyledi dedi ifade kaydetti
aciklama acikladi acikla aktardi bildirdi vurguladi yer aldi edildi edilen
"""
_ENGLISH = """
a about after also an and are as at be been but by for from had has have he her his i in into
is it its more not of on or said says she than that the their there they this to was were which
who will with would
"""

STOP_WORDS = frozenset(_TURKISH.split()) | frozenset(_ENGLISH.split())
