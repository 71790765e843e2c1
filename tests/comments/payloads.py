"""Hostile input for the comment form: each is stored safely and shown as text."""

# Scripts that would set window.__pwned if a browser ever ran them.
PWN = "window.__pwned=1"

TEXT = [
    f"<script>{PWN}</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    f'<img src=x onerror="{PWN}">',
    f"<svg onload={PWN}>",
    f'<svg><script href="data:text/javascript,{PWN}"/></svg>',
    f'<iframe src="javascript:{PWN}"></iframe>',
    f'<a href="javascript:{PWN}">tıkla</a>',
    f'<body onload="{PWN}">',
    f'<div style="background:url(javascript:{PWN})">x</div>',
    f'"><script>{PWN}</script>',
    f"'><img src=x onerror={PWN}>",
    f"</textarea><script>{PWN}</script>",
    f"</section><script>{PWN}</script>",
    f"&lt;script&gt;{PWN}&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;b&amp;gt;kalın&amp;lt;/b&amp;gt;",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{PWN}">',
    f'<details open ontoggle="{PWN}">',
    f"<input autofocus onfocus={PWN}>",
    f'<object data="data:text/html,<script>{PWN}</script>">',
    f'<embed src="data:image/svg+xml,<svg onload={PWN}>">',
    "{{ request.META }} {% debug %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "\u202eevil\u202c yazı yönü tersine",
    "sıfır\u200bgenişlikli\u200cboşluk\u200d",
    "\ufeffBOM ile başlayan yorum",
    "NUL\x00karakteri\x00olan yorum",
    "satır\r\nsonu\rkarışık\nyorum",
    "\x1b[31mkırmızı terminal\x1b[0m",
    "' OR 1=1 -- ; DROP TABLE comments_comment;",
    "Robert'); DROP TABLE comments_comment;--",
    "../../../../etc/passwd",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "İıIi ĞğŞşÇçÖöÜü emoji 🇹🇷👍🏽 ve birleşik e\u0301",
    "Z̸̢̛a̵̡l̶g̸o̴ m̷e̶t̵n̷i̴",
    "\U0001d54a\U0001d552\U0001d55c\U0001d556\U0001d563 matematik harfleri",
    "\ud7ff\ue000\uffff özel alan karakterleri",
    "a" * 4999,
    "çok uzun " * 700,  # over 5,000 characters: refused with a message
    "x" * (1024 * 1024),  # 1 MB
]

NAME = [
    f"<script>{PWN}</script>",
    "Ali\r\nBcc: herkes@example.com",
    "Ali\nSubject: sahte",
    "\u202eilA",
    "\u200b",
    "   ",
    "A" * 81,
    '"><img src=x onerror=alert(1)>',
    "Ayşe\x00Yılmaz",
    "{{ settings.SECRET_KEY }}",
]

WEBSITE = [
    f"javascript:{PWN}",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    'https://ornek.com/"><script>alert(1)</script>',
    "https://ornek.com/?q=<svg/onload=alert(1)>",
    "//evil.example",
    "file:///etc/passwd",
    "https://" + "a" * 300 + ".com",
    "http://[::1]:80/",
    "ftp://ornek.com",
]

ALL = [("text", p) for p in TEXT] + [("name", p) for p in NAME] + [("website", p) for p in WEBSITE]
