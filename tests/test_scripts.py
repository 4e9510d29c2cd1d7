"""Every script a clinic's patients read (issue 13), end to end: a booklet and a handout in each
language build with no warning, embed every font and give their text back in logical order;
shaping is checked glyph by glyph against HarfBuzz; mixed directions read back in order; a
right-to-left booklet is mirrored, bound on the right, and its HTML edition is dir="rtl"."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from cdbooklet.cli import cli
from glyphs import drawn_glyphs, harfbuzz_glyphs
from helpers import ROOT, copy_content
from pdfcheck import comparable, pdftotext

SCRIPTS = ROOT / "fonts" / "scripts"

SAMPLES: dict[str, tuple[str, str]] = {
    # (therapy title, a body written in the language)
    "zh-Hans": ("针灸", "针灸是把很细的针扎进皮肤里。有些人觉得它能减轻脖子的疼痛。"),
    "zh-Hant": ("針灸", "針灸是把很細的針扎進皮膚裡。有些人覺得它能減輕脖子的疼痛。"),
    "ja": ("鍼灸", "鍼灸では、とても細い針を皮膚に刺します。首の痛みが和らぐ人もいます。"),
    "ko": (
        "침술",
        "침술은 아주 가는 바늘을 피부에 놓는 치료입니다. 목 통증이 줄어드는 사람도 있습니다.",
    ),
    "ar": ("الوخز بالإبر", "يستخدم الوخز بالإبر إبرا رفيعة جدا. قد يخفف ألم الرقبة عند بعض الناس."),
    "fa": (
        "طب سوزنی",
        "در طب سوزنی از سوزن‌های بسیار نازک استفاده می‌شود. ممکن است درد گردن را کم کند.",
    ),
    "ur": (
        "آکوپنکچر",
        "آکوپنکچر میں بہت باریک سوئیاں استعمال ہوتی ہیں۔ اس سے گردن کا درد کم ہو سکتا ہے۔",
    ),
    "he": (
        "דיקור סיני",
        "בדיקור סיני משתמשים במחטים דקות מאוד. אצל חלק מהאנשים הוא מקל על כאב צוואר.",
    ),
    "hi": ("एक्यूपंक्चर", "एक्यूपंक्चर में बहुत पतली सुइयों का उपयोग होता है। इससे गर्दन का दर्द कम हो सकता है।"),
    "bn": ("আকুপাংচার", "আকুপাংচারে খুব সরু সুই ব্যবহার করা হয়। এতে কিছু মানুষের ঘাড়ের ব্যথা কমে।"),
    "pa": ("ਐਕਿਊਪੰਕਚਰ", "ਐਕਿਊਪੰਕਚਰ ਵਿੱਚ ਬਹੁਤ ਪਤਲੀਆਂ ਸੂਈਆਂ ਵਰਤੀਆਂ ਜਾਂਦੀਆਂ ਹਨ। ਇਸ ਨਾਲ ਗਰਦਨ ਦਾ ਦਰਦ ਘਟ ਸਕਦਾ ਹੈ।"),
    "gu": ("એક્યુપંક્ચર", "એક્યુપંક્ચરમાં ખૂબ પાતળી સોય વપરાય છે. તેનાથી ગરદનનો દુખાવો ઓછો થઈ શકે છે."),
    "th": (
        "การฝังเข็ม",
        "การฝังเข็มใช้เข็มที่บางมาก อาจช่วยลดอาการปวดคอได้ในบางคน ควรปรึกษาแพทย์ก่อนเริ่มการรักษาทุกครั้ง",
    ),
    "km": (
        "ការចាក់ម្ជុល",
        "ការចាក់ម្ជុល\u200bប្រើ\u200bម្ជុល\u200bតូច\u200bណាស់។ "
        "វា\u200bអាច\u200bជួយ\u200bកាត់បន្ថយ\u200bការឈឺ\u200bក។",
    ),
    "am": ("አኩፓንቸር", "አኩፓንቸር በጣም ቀጭን መርፌዎችን ይጠቀማል። ለአንዳንድ ሰዎች የአንገት ህመምን ሊቀንስ ይችላል።"),
}
FACES = {
    "zh-Hans": "DroidSansFallback",
    "zh-Hant": "DroidSansFallback",
    "ja": "VL-PGothic",
    "ko": "NanumGothic",
    "ar": "NotoSansArabic",
    "fa": "NotoSansArabic",
    "ur": "NotoSansArabic",
    "he": "NotoSansHebrew",
    "hi": "NotoSansDevanagari",
    "bn": "NotoSansBengali",
    "pa": "NotoSansGurmukhi",
    "gu": "NotoSansGujarati",
    "th": "NotoSansThai",
    "km": "NotoSansKhmer",
    "am": "NotoSansEthiopic",
}
"""The face each language's letters are printed in (a substring of its /BaseFont)."""
TODAY = {
    # Scripts that printed before issue 13, in an English booklet (no catalogue of their own).
    "vi": ("Châm cứu", "Châm cứu dùng kim rất mảnh. Một số người thấy bớt đau cổ."),
    "ru": ("Иглоукалывание", "При иглоукалывании используют очень тонкие иглы."),
    "el": ("Βελονισμός", "Ο βελονισμός χρησιμοποιεί πολύ λεπτές βελόνες."),
    "hy": ("Ասեղնաբուժություն", "Ասեղնաբուժության ժամանակ օգտագործում են բարակ ասեղներ։"),
}


def pdffonts(pdf: Path) -> list[tuple[str, bool]]:
    """(name, embedded) for every font pdffonts lists."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    out = []
    for line in lines:
        fields = line.split()
        # name type... encoding emb sub uni object ID: emb is 5th from the end.
        out.append((fields[0], fields[-5] == "yes"))
    return out


def content_in(tmp: Path, language: str, title: str, body: str, *, everything: bool = True) -> Path:
    """The minimal fixture with its language set and a therapy written in it; `everything`: the
    booklet's title and disclaimer too, and only that therapy (a page wholly in the language)."""
    root = copy_content("minimal", tmp / "content")
    booklet = yaml.safe_load((root / "booklet.yaml").read_text(encoding="utf-8"))
    booklet["language"] = language
    if everything:
        booklet.update(order=["acupuncture"], title=title, disclaimer=body)
        (root / "therapies" / "physical-therapy.yaml").unlink()
    (root / "booklet.yaml").write_text(yaml.safe_dump(booklet, allow_unicode=True), "utf-8")
    therapy_path = root / "therapies" / "acupuncture.yaml"
    therapy = yaml.safe_load(therapy_path.read_text(encoding="utf-8"))
    therapy.update(title=title, body=body)
    therapy_path.write_text(yaml.safe_dump(therapy, allow_unicode=True), "utf-8")
    return root


def run(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output + str(result.exception)
    return result


DRAFT_HEADINGS = re.compile(
    r'^.*: warning: the printed headings in "[^"]+" \(such as "[^"]+"\) are a draft '
    r"translation, not yet checked by a qualified translator\n",
    re.M,
)
"""What `check` says of a booklet in a language whose catalogue is a draft (all but English)."""


def build(root: Path, out: Path, *args: str) -> tuple[Path, str]:
    result = run("build", "--content", root, "--out", out, *args)
    return out, result.stderr


def handout(root: Path, out_dir: Path, *args: str) -> tuple[Path, str]:
    result = run("handout", "acupuncture", "--content", root, "--out-dir", out_dir, *args)
    return out_dir / "acupuncture.pdf", result.stderr


# -- each language ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", [*SAMPLES, *TODAY])
def test_each_language_builds_with_no_warning_embeds_its_fonts_and_reads_back(
    tmp_path: Path, language: str
) -> None:
    title, body = SAMPLES.get(language) or TODAY[language]
    root = content_in(tmp_path, "en" if language in TODAY else language, title, body)
    booklet, booklet_warnings = build(root, tmp_path / "booklet.pdf")
    sheet, handout_warnings = handout(root, tmp_path / "handouts")
    assert booklet_warnings == "" and handout_warnings == ""
    said = run("check", "--content", root).stderr
    assert len(DRAFT_HEADINGS.findall(said)) == (0 if language in TODAY else 1), said
    for pdf in (booklet, sheet):
        fonts = pdffonts(pdf)
        assert fonts and all(embedded for _name, embedded in fonts), fonts
        if language in FACES:
            assert any(FACES[language] in name for name, _e in fonts), fonts
        text = comparable(pdftotext(pdf))
        assert comparable(title) in text
        assert comparable(body) in text, (comparable(body), text)


def test_the_booklets_language_picks_the_face_for_han(tmp_path: Path) -> None:
    """The same characters, in a Japanese booklet and a Chinese one."""
    faces = {}
    for language in ("ja", "zh-Hans", "ko"):
        root = content_in(tmp_path / language, language, "漢字", "漢字と学習。")
        pdf, _warnings = build(root, tmp_path / f"{language}.pdf")
        faces[language] = {name.split("+")[-1] for name, _e in pdffonts(pdf)}
    assert "VL-PGothic-Regular" in faces["ja"] and "DroidSansFallback" not in faces["ja"]
    assert "DroidSansFallback" in faces["zh-Hans"]
    assert "NanumGothic" in faces["ko"]


def test_a_chinese_name_in_an_english_booklet_and_an_english_name_in_arabic(
    tmp_path: Path,
) -> None:
    english = content_in(
        tmp_path / "en",
        "en",
        "Acupuncture",
        "Dr. 王小明 (Wang Xiaoming) leads it.",
        everything=False,
    )
    pdf, warnings = build(english, tmp_path / "en.pdf")
    assert warnings == ""
    assert any("DroidSansFallback" in name for name, _e in pdffonts(pdf))
    assert "王小明" in pdftotext(pdf)
    arabic = content_in(tmp_path / "ar", "ar", "الوخز", "دواء Botox آمن لبعض الناس.")
    pdf, warnings = build(arabic, tmp_path / "ar.pdf")
    assert warnings == ""
    names = [name for name, _e in pdffonts(pdf)]
    assert any("Atkinson" in n for n in names) and any("NotoSansArabic" in n for n in names)
    assert "Botox" in pdftotext(pdf)


# -- shaping, glyph by glyph ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "font", "direction", "script", "language"),
    [
        (
            "एक्यूपंक्चर में बहुत पतली सुइयों का उपयोग होता है।",
            "NotoSansDevanagari-Regular.ttf",
            "ltr",
            "Deva",
            "hi",
        ),
        ("قد يخفف الوخز بالإبر ألم الرقبة.", "NotoSansArabic-Regular.ttf", "rtl", "Arab", "ar"),
        ("การฝังเข็มอาจช่วยลดอาการปวดคอได้", "NotoSansThai-Regular.ttf", "ltr", "Thai", "th"),
    ],
    ids=["hindi", "arabic", "thai"],
)
def test_a_line_draws_the_glyphs_harfbuzz_shapes(
    tmp_path: Path, line: str, font: str, direction: str, script: str, language: str
) -> None:
    # An English booklet and handout with one line in the script: its only text in that face.
    root = content_in(tmp_path, "en", "Acupuncture", line, everything=False)
    pdf, _warnings = handout(root, tmp_path / "out")
    path = SCRIPTS / font
    drawn = drawn_glyphs(pdf, font.removesuffix(".ttf"), path)
    if direction == "rtl":
        drawn = drawn[::-1]  # drawn in reading order, from the right: HarfBuzz lists them seen
    shaped = harfbuzz_glyphs(line, path, direction=direction, script=script, language=language)
    assert len(drawn) == len(shaped), (len(drawn), len(shaped))
    mismatched = [
        (i, g, d) for i, (g, d) in enumerate(zip(shaped, drawn, strict=True)) if g not in d
    ]
    assert not mismatched, mismatched
    # Shaping did something: glyphs no character maps to (conjuncts, joined forms, marks placed).
    cmap = {ord(ch) for ch in line}
    assert len(set(shaped)) > 1 and shaped != sorted(cmap)


# -- mixed directions, read back in logical order ---------------------------------------------

_ARABIC_SENTENCE = (
    "اتصل بالعيادة على الرقم 555-1234 أو زر الموقع www.example.org/help "
    "واسأل طبيبك عن دواء botulinum toxin قبل موعدك."
)


@pytest.mark.parametrize(
    ("language", "title", "sentence"),
    [
        ("ar", "الوخز بالإبر", _ARABIC_SENTENCE),
        ("he", "דיקור סיני", "המרפאה פתוחה בכל יום עד השעה 17"),
        ("en", "Acupuncture", "Welcome to عيادة النور for your first visit."),
    ],
    ids=["arabic-with-phone-url-and-drug", "hebrew-ending-in-a-number", "english-with-arabic-name"],
)
def test_mixed_directions_read_back_in_logical_order(
    tmp_path: Path, language: str, title: str, sentence: str
) -> None:
    root = content_in(tmp_path, language, title, sentence, everything=language != "en")
    for pdf in (build(root, tmp_path / "b.pdf")[0], handout(root, tmp_path / "h")[0]):
        assert comparable(sentence) in comparable(pdftotext(pdf))


# -- a right-to-left booklet ------------------------------------------------------------------


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("arabic")
    root = copy_content("minimal", tmp / "content")
    booklet = yaml.safe_load((root / "booklet.yaml").read_text(encoding="utf-8"))
    booklet.update(language="ar", title="العلاجات التكميلية", disclaimer="تحدث مع فريقك أولا.")
    (root / "booklet.yaml").write_text(yaml.safe_dump(booklet, allow_unicode=True), "utf-8")
    for name, title in (("acupuncture", "الوخز بالإبر"), ("physical-therapy", "العلاج الطبيعي")):
        path = root / "therapies" / f"{name}.yaml"
        therapy = yaml.safe_load(path.read_text(encoding="utf-8"))
        therapy.update(title=title, summary="ملخص قصير.", body=_ARABIC_SENTENCE)
        therapy.pop("tips", None)
        path.write_text(yaml.safe_dump(therapy, allow_unicode=True), "utf-8")
    out = {"content": root}
    out["booklet"] = build(root, tmp / "booklet.pdf")[0]
    out["untagged"] = build(root, tmp / "untagged.pdf", "--no-tags")[0]
    out["imposed"] = build(root, tmp / "imposed.pdf", "--impose", "saddle-stitch")[0]
    run("html", "--content", root, "--out-dir", tmp / "site")
    out["site"] = tmp / "site"
    return out


def test_a_right_to_left_booklet_says_so_to_viewers(arabic: dict[str, Path]) -> None:
    for name in ("booklet", "untagged"):
        root = PdfReader(arabic[name]).trailer["/Root"]
        assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
        assert root["/Lang"] == "ar"


def _words_at(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, left x, right x, top y) for each word pdftotext finds on a page (1-based). It
    gives a right-to-left word drawn in reading order as one word a letter."""
    html = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<'
    return [(w, float(x0), float(x1), float(y0)) for x0, y0, x1, w in re.findall(pattern, html)]


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in word)


def test_the_contents_page_numbers_are_on_the_left_and_the_text_on_the_right(
    arabic: dict[str, Path],
) -> None:
    words = _words_at(arabic["booklet"], 2)
    page = PdfReader(arabic["booklet"]).pages[1]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    body = [w for w in words if 140 < w[3] < height - 120]  # under the heading, above the foot
    numbers = [w for w in body if w[0].isdigit()]
    letters = [w for w in body if _is_arabic(w[0])]
    assert numbers and letters
    assert max(n[2] for n in numbers) < min(t[1] for t in letters)  # numbers at the left
    assert max(t[2] for t in letters) > width * 0.8  # titles end at the right margin
    # The footer: the page label ("Page 2 of 5": its numbers) on the left, the short
    # disclaimer on the right.
    foot = [w for w in words if w[3] > height - 80]
    assert any(w[0].isdigit() and w[2] < width / 2 for w in foot)
    assert max(w[2] for w in foot if _is_arabic(w[0])) > width * 0.8


def test_a_right_to_left_booklet_is_imposed_bound_on_the_right(arabic: dict[str, Path]) -> None:
    reader = PdfReader(arabic["imposed"])
    first = reader.pages[0].get_contents().get_data().decode("latin-1")
    half = float(reader.pages[0].mediabox.width) / 2
    clips = {
        int(p): float(x) for x, p in re.findall(r"q (\S+) 0 \S+ \S+ re W n [^/]*/P(\d+) Do", first)
    }
    assert clips[1] == 0  # the front cover on the left half of the outer sheet
    assert clips[max(clips)] == pytest.approx(half)
    # An English booklet's cover is on the right.
    english = copy_content("minimal", Path(arabic["content"]).parent / "english")
    pdf = build(
        english, Path(arabic["content"]).parent / "english.pdf", "--impose", "saddle-stitch"
    )[0]
    content = PdfReader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    clips = {
        int(p): float(x)
        for x, p in re.findall(r"q (\S+) 0 \S+ \S+ re W n [^/]*/P(\d+) Do", content)
    }
    assert clips[1] == pytest.approx(half)


def test_the_html_edition_of_a_right_to_left_booklet(arabic: dict[str, Path]) -> None:
    index = (arabic["site"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in index
    therapy = (arabic["site"] / "acupuncture.html").read_text(encoding="utf-8")
    assert '<bdi dir="ltr">555-1234</bdi>' in therapy
    assert "text-align: right" in (arabic["site"] / "style.css").read_text(encoding="utf-8")


def test_tagged_right_to_left_and_shaped_booklets_pass_pdf_ua(
    arabic: dict[str, Path], tmp_path: Path
) -> None:
    page = pytest.importorskip("page", reason="the PDF/UA validator (page-validation)")
    limits = page.SafetyLimits(max_reference_depth=100_000)
    pdfs = [arabic["booklet"]]
    for language in ("hi", "zh-Hans", "th"):
        title, body = SAMPLES[language]
        root = content_in(tmp_path / language, language, title, body)
        pdfs.append(build(root, tmp_path / f"{language}.pdf")[0])
    for pdf in pdfs:
        report = page.validate_pdf(str(pdf), profile="ua1", limits=limits)
        failures = [str(r) for r in getattr(report, "failures", [])] or None
        assert report.is_compliant, failures


# -- options, notes, bad input ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "hi", "zh-Hans"])
@pytest.mark.parametrize(
    "options",
    [("--large-print",), ("--page-size", "a5"), ("--grayscale",), ("--impose", "saddle-stitch")],
    ids=["large-print", "a5", "grayscale", "imposed"],
)
def test_large_print_a5_grayscale_and_imposed(
    tmp_path: Path, language: str, options: tuple[str, ...]
) -> None:
    title, body = SAMPLES[language]
    root = content_in(tmp_path, language, title, body)
    pdf, warnings = build(root, tmp_path / "b.pdf", *options)
    assert warnings == ""
    if "--impose" not in options:
        assert comparable(body) in comparable(pdftotext(pdf))


@pytest.mark.parametrize("language", ["ar", "zh-Hans"])
def test_a_note_for_the_patient_in_their_script(tmp_path: Path, language: str) -> None:
    title, body = SAMPLES[language]
    root = content_in(tmp_path, language, title, body)
    note = {"ar": "خذ الدواء بعد الأكل.", "zh-Hans": "饭后吃药。"}[language]
    pdf = tmp_path / "for-the-patient.pdf"
    result = run("handout", "acupuncture", "--content", root, "--out", pdf, "--note", note)
    assert result.stderr == ""
    assert comparable(note) in comparable(pdftotext(pdf))


def test_text_no_font_has_is_a_warning_naming_file_line_and_script(tmp_path: Path) -> None:
    title, body = SAMPLES["ar"]
    root = content_in(tmp_path, "ar", title, body)
    therapy = root / "therapies" / "acupuncture.yaml"
    data = yaml.safe_load(therapy.read_text(encoding="utf-8"))
    data["body"] = body + " ཀ \ue123"
    therapy.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("build", "--content", root, "--out", tmp_path / "b.pdf")
    lines = result.stderr.splitlines()
    line = next(
        i for i, text in enumerate(therapy.read_text("utf-8").splitlines(), 1) if "body" in text
    )
    assert lines == [
        f"{therapy}:{line}: warning: no bundled font can print ཀ (U+0F40, Tibetan): left out",
        f"{therapy}:{line}: warning: no bundled font can print \ue123 (U+E123, private use): "
        "left out",
    ]
    checked = CliRunner().invoke(cli, ["check", "--content", str(root)])
    assert all(text in checked.stderr for text in lines)
    assert len(DRAFT_HEADINGS.findall(checked.stderr)) == 1  # and the headings are a draft
    assert comparable(body) in comparable(pdftotext(tmp_path / "b.pdf"))


def test_a_latin_booklet_never_loads_harfbuzz_bidi_or_the_thai_dictionary(tmp_path: Path) -> None:
    # The shipped English booklet, less its language-help page (whose lines are in Arabic,
    # Hindi, Chinese...: those do need HarfBuzz).
    content = copy_content(ROOT / "content", tmp_path / "content")
    booklet = content / "booklet.yaml"
    booklet.write_text(booklet.read_text("utf-8") + "\nlanguage_help: []\n", "utf-8")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "b.pdf")]
    code = (
        "import sys\n"
        "from cdbooklet.cli import cli\n"
        "try:\n"
        f"    cli({args!r}, prog_name='cdbooklet')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sys.modules.get('uharfbuzz'), 'bidi' in sys.modules, 'pythainlp' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1].split() == ["None", "False", "False"], out.stdout


def test_a_letter_with_a_nukta_reads_back_as_it_is_written(tmp_path: Path) -> None:
    """ज़ and ਸ਼ have precomposed code points (U+095B, U+0A36) that text never holds after
    normalisation, and the faces map their glyphs from them: copy, search and a screen reader
    get the letter and its nukta, as typed, from every reader (pdftotext, the structure text)."""
    body = "ज़रूरी बात: रोज़ थोड़ा चलें। ਭਾਸ਼ਾ"
    root = content_in(tmp_path, "hi", "ज़रूरी", body)
    pdf, _warnings = build(root, tmp_path / "b.pdf")
    for text in (pdftotext(pdf), pdftotext(pdf, "-raw")):
        assert "\u095b" not in text and "\u0a36" not in text
        assert "\u091c\u093c\u0930\u0942\u0930\u0940" in text  # ज + nukta, then रूरी
    struct = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "\u095b" not in struct and "\u091c\u093c" in struct
