"""Draft catalogues of the fixed labels in fifteen more languages. Never imports ReportLab.

Simplified and Traditional Chinese, Japanese, Korean, Arabic, Persian, Urdu, Hebrew, Hindi,
Bengali, Punjabi (Gurmukhi), Gujarati, Thai, Khmer and Amharic. `labels.labels_for` imports this
module only when a booklet's language is neither English nor Spanish (this module imports
`labels`, so `labels` cannot import it at its top), and `world_labels_for` says which catalogue,
if any, a BCP 47 tag gets.

These are drafts written by a machine and not reviewed by anyone who reads the language: every
catalogue here has `is_draft=True`. Have a qualified translator check one before a clinic hands
out booklets in that language, then set its `is_draft` to False (or move it into `labels`).

The front-desk page (`desk`) is for clinic staff and stays in English; only the language
switch's name of each language is in its own script. Numbers are Western digits (Python formats
them). Khmer text marks each word boundary with U+200B ZERO WIDTH SPACE, as Khmer digital text
does, so lines can break there; below it is written with "|" and `_break_khmer_words` swaps it.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from cdbooklet.text.labels import _EN, DeskLabels, Labels


def _desk(language_name: str) -> DeskLabels:
    """The English front-desk words, with this language's own name in the language switch."""
    return replace(_EN.desk, language_name=language_name, language="Language")


def _break_khmer_words(labels: Labels) -> Labels:
    """Every "|" in the text fields (months included) as U+200B ZERO WIDTH SPACE."""
    changes: dict[str, Any] = {}
    for field in fields(labels):
        value = getattr(labels, field.name)
        if isinstance(value, str):
            changes[field.name] = value.replace("|", "\u200b")
    changes["months"] = tuple(month.replace("|", "\u200b") for month in labels.months)
    return replace(labels, **changes)


_ZH_HANS = Labels(
    contents="目录",
    introduction="关于本手册",
    tips="如何开始",
    cautions="有以下情况时，请先咨询您的医护团队：",
    questions="可以问医护人员的问题",
    references="资料来源",
    closing="最后的话",
    disclaimer="重要提示",
    contact="联系我们",
    notes="医护团队给您的留言",
    continued="{heading}（续）",
    page="第 {page} 页，共 {total} 页",
    published="发布日期",
    review_by="下次审核日期",
    phone="电话",
    email="电子邮件",
    website="网站",
    footer="仅供一般参考。尝试任何疗法前，请先咨询您的医护团队。",
    draft_translation="翻译初稿：尚未经合格译员审校",
    months=tuple(f"{n}月" for n in range(1, 13)),
    date_format="{year}年{month}{day}日",
    logo_alt="{clinic}的标志",
    qr_alt="二维码：链接至 {url}",
    skip_link="跳到主要内容",
    therapies="疗法",
    all_therapies="全部疗法",
    desk=_desk("简体中文"),
    colon="：",
    is_draft=True,
)

# Traditional Chinese in the words of Taiwan (聯絡, 網站, 醫療團隊).
_ZH_HANT = Labels(
    contents="目錄",
    introduction="關於本手冊",
    tips="如何開始",
    cautions="有以下情況時，請先諮詢您的醫療團隊：",
    questions="可以問醫護人員的問題",
    references="資料來源",
    closing="最後的話",
    disclaimer="重要事項",
    contact="聯絡我們",
    notes="醫療團隊給您的留言",
    continued="{heading}（續）",
    page="第 {page} 頁，共 {total} 頁",
    published="發布日期",
    review_by="下次審閱日期",
    phone="電話",
    email="電子郵件",
    website="網站",
    footer="僅供一般參考。嘗試任何療法前，請先諮詢您的醫療團隊。",
    draft_translation="翻譯初稿：尚未經合格譯者審校",
    months=tuple(f"{n}月" for n in range(1, 13)),
    date_format="{year}年{month}{day}日",
    logo_alt="{clinic}的標誌",
    qr_alt="QR 碼：連結至 {url}",
    skip_link="跳到主要內容",
    therapies="療法",
    all_therapies="全部療法",
    desk=_desk("繁體中文"),
    colon="：",
    is_draft=True,
)

_JA = Labels(
    contents="目次",
    introduction="この冊子について",
    tips="始め方",
    cautions="次のような場合は、先に担当の医療スタッフに相談してください：",
    questions="医療スタッフに聞きたいこと",
    references="出典",
    closing="おわりに",
    disclaimer="ご注意",
    contact="お問い合わせ",
    notes="医療スタッフからのメモ",
    continued="{heading}（続き）",
    page="{page}ページ（全{total}ページ）",
    published="発行日",
    review_by="次回見直し日",
    phone="電話",
    email="メール",
    website="ウェブサイト",
    footer="一般的な情報です。療法を試す前に、担当の医療スタッフに相談してください。",
    draft_translation="翻訳の下書き：資格のある翻訳者の確認はまだ済んでいません",
    months=tuple(f"{n}月" for n in range(1, 13)),
    date_format="{year}年{month}{day}日",
    logo_alt="{clinic}のロゴ",
    qr_alt="QRコード：{url} へのリンク",
    skip_link="本文へ移動",
    therapies="療法",
    all_therapies="すべての療法",
    desk=_desk("日本語"),
    colon="：",
    is_draft=True,
)

_KO = Labels(
    contents="목차",
    introduction="이 책자에 대해",
    tips="시작하기",
    cautions="다음과 같은 경우에는 먼저 의료진과 상의하세요:",
    questions="의료진에게 물어볼 질문",
    references="출처",
    closing="맺음말",
    disclaimer="중요 안내",
    contact="연락처",
    notes="의료진의 메모",
    continued="{heading} (계속)",
    page="{total}쪽 중 {page}쪽",
    published="발행일",
    review_by="다음 검토일",
    phone="전화",
    email="이메일",
    website="웹사이트",
    footer="일반적인 정보입니다. 어떤 요법이든 시작하기 전에 의료진과 상의하세요.",
    draft_translation="번역 초안: 아직 자격을 갖춘 번역가의 검토를 받지 않았습니다",
    months=tuple(f"{n}월" for n in range(1, 13)),
    date_format="{year}년 {month} {day}일",
    logo_alt="{clinic} 로고",
    qr_alt="QR 코드: {url} 링크",
    skip_link="본문으로 건너뛰기",
    therapies="요법",
    all_therapies="모든 요법",
    desk=_desk("한국어"),
    is_draft=True,
)

# Modern Standard Arabic. The months are the names used in Egypt, the Gulf and most of North
# Africa (يناير ... ديسمبر), not the Syriac names of the Levant and Iraq (كانون الثاني ...).
# "Review by" is the next update (التحديث), not مراجعة, which also means a follow-up visit.
_AR = Labels(
    contents="المحتويات",
    introduction="عن هذا الكتيب",
    tips="كيف تبدأ",
    cautions="تحدث إلى فريق رعايتك أولًا إذا…",
    questions="أسئلة لمقدم الرعاية الصحية",
    references="المصادر",
    closing="كلمة أخيرة",
    disclaimer="تنبيه مهم",
    contact="اتصل بنا",
    notes="ملاحظات من فريق رعايتك",
    continued="{heading} (تتمة)",
    page="صفحة {page} من {total}",
    published="تاريخ النشر",
    review_by="تاريخ التحديث القادم",
    phone="الهاتف",
    email="البريد الإلكتروني",
    website="الموقع الإلكتروني",
    footer="معلومات عامة فقط. اسأل فريق رعايتك قبل أن تجرب أي علاج.",
    draft_translation="ترجمة أولية: لم يراجعها مترجم مؤهل بعد",
    months=(
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
    date_format="{day} {month} {year}",
    logo_alt="شعار {clinic}",
    qr_alt="رمز QR: رابط إلى {url}",
    skip_link="انتقل إلى المحتوى",
    therapies="العلاجات",
    all_therapies="كل العلاجات",
    desk=_desk("العربية"),
    is_draft=True,
)

# Persian as written in Iran. The dates are Gregorian, so the months are the Gregorian names as
# Iranians write them in Persian (ژانویه ... دسامبر), not the solar Hijri months (فروردین ...).
_FA = Labels(
    contents="فهرست",
    introduction="درباره این دفترچه",
    tips="چطور شروع کنید",
    cautions="در این موارد، اول با تیم درمان خود صحبت کنید:",
    questions="سؤال‌هایی برای پزشک یا درمانگر",
    references="منابع",
    closing="سخن پایانی",
    disclaimer="نکته مهم",
    contact="تماس با ما",
    notes="یادداشت‌های تیم درمان شما",
    continued="{heading} (ادامه)",
    page="صفحه {page} از {total}",
    published="تاریخ انتشار",
    review_by="تاریخ بازنگری بعدی",
    phone="تلفن",
    email="ایمیل",
    website="وب‌سایت",
    footer="این اطلاعات عمومی است. پیش از امتحان هر درمانی، با تیم درمان خود مشورت کنید.",
    draft_translation="ترجمه پیش‌نویس: هنوز مترجم واجد شرایط آن را بررسی نکرده است",
    months=(
        "ژانویه",
        "فوریه",
        "مارس",
        "آوریل",
        "مه",
        "ژوئن",
        "ژوئیه",
        "اوت",
        "سپتامبر",
        "اکتبر",
        "نوامبر",
        "دسامبر",
    ),
    date_format="{day} {month} {year}",
    logo_alt="لوگوی {clinic}",
    qr_alt="کد QR: پیوند به {url}",
    skip_link="رفتن به محتوا",
    therapies="درمان‌ها",
    all_therapies="همه درمان‌ها",
    desk=_desk("فارسی"),
    is_draft=True,
)

_UR = Labels(
    contents="فہرست",
    introduction="اس کتابچے کے بارے میں",
    tips="شروع کیسے کریں",
    cautions="ان صورتوں میں پہلے اپنی طبی ٹیم سے بات کریں:",
    questions="اپنے معالج سے پوچھنے کے لیے سوالات",
    references="ماخذ",
    closing="آخری بات",
    disclaimer="اہم بات",
    contact="ہم سے رابطہ کریں",
    notes="آپ کی طبی ٹیم کے نوٹس",
    continued="{heading} (جاری)",
    page="صفحہ {page} از {total}",
    published="تاریخ اشاعت",
    review_by="اگلی نظرثانی کی تاریخ",
    phone="فون",
    email="ای میل",
    website="ویب سائٹ",
    footer="صرف عمومی معلومات۔ کوئی بھی علاج آزمانے سے پہلے اپنی طبی ٹیم سے پوچھیں۔",
    draft_translation="ترجمے کا مسودہ: ابھی کسی مستند مترجم نے اس کی جانچ نہیں کی",
    months=(
        "جنوری",
        "فروری",
        "مارچ",
        "اپریل",
        "مئی",
        "جون",
        "جولائی",
        "اگست",
        "ستمبر",
        "اکتوبر",
        "نومبر",
        "دسمبر",
    ),
    date_format="{day} {month} {year}",
    logo_alt="{clinic} کا لوگو",
    qr_alt="کیو آر کوڈ: {url} کا لنک",
    skip_link="مواد پر جائیں",
    therapies="علاج کے طریقے",
    all_therapies="علاج کے تمام طریقے",
    desk=_desk("اردو"),
    is_draft=True,
)

# Hebrew addresses the reader in the plural (דברו, צרו), which reads as neither gender.
_HE = Labels(
    contents="תוכן העניינים",
    introduction="על החוברת",
    tips="איך מתחילים",
    cautions="דברו קודם עם הצוות המטפל אם…",
    questions="שאלות לרופא או למטפל",
    references="מקורות",
    closing="מילה אחרונה",
    disclaimer="חשוב לדעת",
    contact="צרו קשר",
    notes="הערות מהצוות המטפל",
    continued="{heading} (המשך)",
    page="עמוד {page} מתוך {total}",
    published="תאריך פרסום",
    review_by="מועד העדכון הבא",
    phone="טלפון",
    email="דוא״ל",
    website="אתר אינטרנט",
    footer="מידע כללי בלבד. לפני שמנסים טיפול כלשהו, כדאי להתייעץ עם הצוות המטפל.",
    draft_translation="טיוטת תרגום: טרם נבדקה בידי מתרגם מוסמך",
    months=(
        "ינואר",
        "פברואר",
        "מרץ",
        "אפריל",
        "מאי",
        "יוני",
        "יולי",
        "אוגוסט",
        "ספטמבר",
        "אוקטובר",
        "נובמבר",
        "דצמבר",
    ),
    date_format="{day} ב{month} {year}",
    logo_alt="הלוגו של {clinic}",
    qr_alt="קוד QR: קישור אל {url}",
    skip_link="דילוג לתוכן",
    therapies="טיפולים",
    all_therapies="כל הטיפולים",
    desk=_desk("עברית"),
    is_draft=True,
)

_HI = Labels(
    contents="विषय-सूची",
    introduction="इस पुस्तिका के बारे में",
    tips="शुरुआत कैसे करें",
    cautions="इनमें से कोई बात हो, तो पहले अपनी देखभाल टीम से बात करें:",
    questions="अपने डॉक्टर से पूछने के लिए सवाल",
    references="स्रोत",
    closing="अंत में",
    disclaimer="महत्वपूर्ण",
    contact="हमसे संपर्क करें",
    notes="आपकी देखभाल टीम के नोट्स",
    continued="{heading} (जारी)",
    page="{total} में से पृष्ठ {page}",
    published="प्रकाशन की तिथि",
    review_by="अगली समीक्षा की तिथि",
    phone="फ़ोन",
    email="ईमेल",
    website="वेबसाइट",
    footer="यह केवल सामान्य जानकारी है। कोई भी उपचार आज़माने से पहले अपनी देखभाल टीम से पूछें।",
    draft_translation="अनुवाद का मसौदा: अभी किसी योग्य अनुवादक ने इसकी जाँच नहीं की है",
    months=(
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्टूबर",
        "नवंबर",
        "दिसंबर",
    ),
    date_format="{day} {month} {year}",
    logo_alt="{clinic} का लोगो",
    qr_alt="क्यूआर कोड: {url} का लिंक",
    skip_link="मुख्य सामग्री पर जाएँ",
    therapies="उपचार",
    all_therapies="सभी उपचार",
    desk=_desk("हिन्दी"),
    is_draft=True,
)

_BN = Labels(
    contents="সূচিপত্র",
    introduction="এই পুস্তিকা সম্পর্কে",
    tips="কীভাবে শুরু করবেন",
    cautions="এসব ক্ষেত্রে আগে আপনার চিকিৎসা দলের সঙ্গে কথা বলুন:",
    questions="আপনার চিকিৎসককে যেসব প্রশ্ন করবেন",
    references="তথ্যসূত্র",
    closing="শেষ কথা",
    disclaimer="গুরুত্বপূর্ণ",
    contact="যোগাযোগ করুন",
    notes="আপনার চিকিৎসা দলের নোট",
    continued="{heading} (আগের পাতা থেকে)",
    page="পৃষ্ঠা {page} / {total}",
    published="প্রকাশের তারিখ",
    review_by="পরবর্তী পর্যালোচনার তারিখ",
    phone="ফোন",
    email="ইমেইল",
    website="ওয়েবসাইট",
    footer="শুধু সাধারণ তথ্য। কোনো থেরাপি শুরুর আগে আপনার চিকিৎসা দলকে জিজ্ঞেস করুন।",
    draft_translation="খসড়া অনুবাদ: এখনো কোনো যোগ্য অনুবাদক এটি যাচাই করেননি",
    months=(
        "জানুয়ারি",
        "ফেব্রুয়ারি",
        "মার্চ",
        "এপ্রিল",
        "মে",
        "জুন",
        "জুলাই",
        "আগস্ট",
        "সেপ্টেম্বর",
        "অক্টোবর",
        "নভেম্বর",
        "ডিসেম্বর",
    ),
    date_format="{day} {month} {year}",
    logo_alt="{clinic}-এর লোগো",
    qr_alt="কিউআর কোড: {url}-এর লিংক",
    skip_link="মূল লেখায় যান",
    therapies="থেরাপি",
    all_therapies="সব থেরাপি",
    desk=_desk("বাংলা"),
    is_draft=True,
)

# Punjabi in Gurmukhi, as written in India. Shahmukhi (pa-Arab, and pa-PK) has no catalogue.
_PA = Labels(
    contents="ਵਿਸ਼ਾ-ਸੂਚੀ",
    introduction="ਇਸ ਕਿਤਾਬਚੇ ਬਾਰੇ",
    tips="ਸ਼ੁਰੂਆਤ ਕਿਵੇਂ ਕਰੀਏ",
    cautions="ਇਹਨਾਂ ਹਾਲਤਾਂ ਵਿੱਚ ਪਹਿਲਾਂ ਆਪਣੀ ਦੇਖਭਾਲ ਟੀਮ ਨਾਲ ਗੱਲ ਕਰੋ:",
    questions="ਆਪਣੇ ਡਾਕਟਰ ਨੂੰ ਪੁੱਛਣ ਲਈ ਸਵਾਲ",
    references="ਸਰੋਤ",
    closing="ਆਖ਼ਰੀ ਗੱਲ",
    disclaimer="ਮਹੱਤਵਪੂਰਨ",
    contact="ਸਾਡੇ ਨਾਲ ਸੰਪਰਕ ਕਰੋ",
    notes="ਤੁਹਾਡੀ ਦੇਖਭਾਲ ਟੀਮ ਦੇ ਨੋਟ",
    continued="{heading} (ਜਾਰੀ)",
    page="{total} ਵਿੱਚੋਂ ਪੰਨਾ {page}",
    published="ਪ੍ਰਕਾਸ਼ਨ ਦੀ ਤਾਰੀਖ਼",
    review_by="ਅਗਲੀ ਸਮੀਖਿਆ ਦੀ ਤਾਰੀਖ਼",
    phone="ਫ਼ੋਨ",
    email="ਈਮੇਲ",
    website="ਵੈੱਬਸਾਈਟ",
    footer="ਸਿਰਫ਼ ਆਮ ਜਾਣਕਾਰੀ। ਕੋਈ ਵੀ ਇਲਾਜ ਅਜ਼ਮਾਉਣ ਤੋਂ ਪਹਿਲਾਂ ਆਪਣੀ ਦੇਖਭਾਲ ਟੀਮ ਨੂੰ ਪੁੱਛੋ।",
    draft_translation="ਅਨੁਵਾਦ ਦਾ ਖਰੜਾ: ਹਾਲੇ ਕਿਸੇ ਯੋਗ ਅਨੁਵਾਦਕ ਨੇ ਇਸ ਦੀ ਜਾਂਚ ਨਹੀਂ ਕੀਤੀ",
    months=(
        "ਜਨਵਰੀ",
        "ਫ਼ਰਵਰੀ",
        "ਮਾਰਚ",
        "ਅਪ੍ਰੈਲ",
        "ਮਈ",
        "ਜੂਨ",
        "ਜੁਲਾਈ",
        "ਅਗਸਤ",
        "ਸਤੰਬਰ",
        "ਅਕਤੂਬਰ",
        "ਨਵੰਬਰ",
        "ਦਸੰਬਰ",
    ),
    date_format="{day} {month} {year}",
    logo_alt="{clinic} ਦਾ ਲੋਗੋ",
    qr_alt="QR ਕੋਡ: {url} ਦਾ ਲਿੰਕ",
    skip_link="ਸਮੱਗਰੀ ਉੱਤੇ ਜਾਓ",
    therapies="ਇਲਾਜ",
    all_therapies="ਸਾਰੇ ਇਲਾਜ",
    desk=_desk("ਪੰਜਾਬੀ"),
    is_draft=True,
)

# Modern Gujarati ends a sentence with a full stop, not a danda.
_GU = Labels(
    contents="અનુક્રમણિકા",
    introduction="આ પુસ્તિકા વિશે",
    tips="શરૂઆત કેવી રીતે કરવી",
    cautions="આવા સંજોગોમાં પહેલાં તમારી સંભાળ ટીમ સાથે વાત કરો:",
    questions="તમારા ડૉક્ટરને પૂછવાના પ્રશ્નો",
    references="સ્રોત",
    closing="છેલ્લી વાત",
    disclaimer="મહત્ત્વની વાત",
    contact="અમારો સંપર્ક કરો",
    notes="તમારી સંભાળ ટીમની નોંધ",
    continued="{heading} (ચાલુ)",
    page="કુલ {total}માંથી પાનું {page}",
    published="પ્રકાશનની તારીખ",
    review_by="આગામી સમીક્ષાની તારીખ",
    phone="ફોન",
    email="ઈમેલ",
    website="વેબસાઇટ",
    footer="ફક્ત સામાન્ય માહિતી. કોઈ પણ ઉપચાર અજમાવતા પહેલાં તમારી સંભાળ ટીમને પૂછો.",
    draft_translation="અનુવાદનો મુસદ્દો: હજી કોઈ લાયક અનુવાદકે તેની ચકાસણી કરી નથી",
    months=(
        "જાન્યુઆરી",
        "ફેબ્રુઆરી",
        "માર્ચ",
        "એપ્રિલ",
        "મે",
        "જૂન",
        "જુલાઈ",
        "ઑગસ્ટ",
        "સપ્ટેમ્બર",
        "ઑક્ટોબર",
        "નવેમ્બર",
        "ડિસેમ્બર",
    ),
    date_format="{day} {month} {year}",
    logo_alt="{clinic}નો લોગો",
    qr_alt="QR કોડ: {url}ની લિંક",
    skip_link="મુખ્ય સામગ્રી પર જાઓ",
    therapies="ઉપચારો",
    all_therapies="બધા ઉપચારો",
    desk=_desk("ગુજરાતી"),
    is_draft=True,
)

# Thai: a space separates phrases and sentences, and there is no full stop. The months are the
# Thai names of the Gregorian months (the same twelve the Thai solar calendar uses), and the year
# is the Gregorian one Python gives, marked ค.ศ. (Common Era) so that no reader takes it for a
# Buddhist Era year, which is 543 more and what Thai dates usually show.
_TH = Labels(
    contents="สารบัญ",
    introduction="เกี่ยวกับคู่มือเล่มนี้",
    tips="วิธีเริ่มต้น",
    cautions="ปรึกษาทีมดูแลรักษาของคุณก่อน หาก…",
    questions="คำถามที่ควรถามแพทย์",
    references="แหล่งอ้างอิง",
    closing="ส่งท้าย",
    disclaimer="ข้อควรทราบ",
    contact="ติดต่อเรา",
    notes="บันทึกจากทีมดูแลรักษา",
    continued="{heading} (ต่อ)",
    page="หน้า {page} จาก {total}",
    published="วันที่เผยแพร่",
    review_by="ทบทวนเนื้อหาครั้งถัดไป",
    phone="โทรศัพท์",
    email="อีเมล",
    website="เว็บไซต์",
    footer="ข้อมูลทั่วไปเท่านั้น โปรดปรึกษาทีมดูแลรักษาก่อนลองการบำบัดใดๆ",
    draft_translation="ฉบับแปลร่าง: ยังไม่ได้ตรวจสอบโดยนักแปลที่มีคุณวุฒิ",
    months=(
        "มกราคม",
        "กุมภาพันธ์",
        "มีนาคม",
        "เมษายน",
        "พฤษภาคม",
        "มิถุนายน",
        "กรกฎาคม",
        "สิงหาคม",
        "กันยายน",
        "ตุลาคม",
        "พฤศจิกายน",
        "ธันวาคม",
    ),
    date_format="{day} {month} ค.ศ. {year}",
    logo_alt="โลโก้ของ {clinic}",
    qr_alt="คิวอาร์โค้ด: ลิงก์ไปยัง {url}",
    skip_link="ข้ามไปยังเนื้อหา",
    therapies="การบำบัด",
    all_therapies="การบำบัดทั้งหมด",
    desk=_desk("ไทย"),
    is_draft=True,
)

# Khmer: "|" marks a word boundary (U+200B in the catalogue), a space a phrase boundary, and
# ។ ends a sentence; ៖ is the Khmer colon. The months are the Gregorian months' Khmer names.
_KM = _break_khmer_words(
    Labels(
        contents="មាតិកា",
        introduction="អំពី|កូនសៀវភៅ|នេះ",
        tips="របៀប|ចាប់ផ្តើម",
        cautions="សូម|ពិគ្រោះ|ជាមួយ|ក្រុម|ថែទាំ|សុខភាព|របស់|អ្នក|ជាមុន|សិន ប្រសិនបើ…",
        questions="សំណួរ|សម្រាប់|សួរ|គ្រូពេទ្យ|របស់|អ្នក",
        references="ប្រភព|ឯកសារ",
        closing="ពាក្យ|បញ្ចប់",
        disclaimer="ចំណាំ|សំខាន់",
        contact="ទាក់ទង|មក|យើង",
        notes="កំណត់|ចំណាំ|ពី|ក្រុម|ថែទាំ|សុខភាព|របស់|អ្នក",
        continued="{heading} (បន្ត)",
        page="ទំព័រ {page} នៃ {total}",
        published="កាលបរិច្ឆេទ|បោះពុម្ព|ផ្សាយ",
        review_by="កាលបរិច្ឆេទ|ពិនិត្យ|ឡើងវិញ",
        phone="ទូរសព្ទ",
        email="អ៊ីមែល",
        website="គេហទំព័រ",
        footer="ព័ត៌មាន|ទូទៅ|ប៉ុណ្ណោះ។ សូម|សួរ|ក្រុម|ថែទាំ|សុខភាព|របស់|អ្នក|មុន|សាកល្បង|ការព្យាបាល|ណាមួយ។",
        draft_translation="ការបកប្រែ|ព្រាង៖ មិន|ទាន់|បាន|ពិនិត្យ|ដោយ|អ្នកបកប្រែ|ដែល|មាន|គុណវុឌ្ឍិ|នៅ|ឡើយ",
        months=(
            "មករា",
            "កុម្ភៈ",
            "មីនា",
            "មេសា",
            "ឧសភា",
            "មិថុនា",
            "កក្កដា",
            "សីហា",
            "កញ្ញា",
            "តុលា",
            "វិច្ឆិកា",
            "ធ្នូ",
        ),
        date_format="ថ្ងៃទី {day} ខែ{month} ឆ្នាំ {year}",
        logo_alt="ស្លាកសញ្ញា|របស់ {clinic}",
        qr_alt="កូដ QR៖ តំណ|ទៅ {url}",
        skip_link="រំលង|ទៅ|ខ្លឹមសារ",
        therapies="ការព្យាបាល",
        all_therapies="ការព្យាបាល|ទាំងអស់",
        desk=_desk("ខ្មែរ"),
        is_draft=True,
    )
)

# Amharic: ። ends a sentence and ፦ introduces a list or what follows. The months are the
# Gregorian months' Amharic names, and the year is marked እ.ኤ.አ. (Gregorian) so that no reader
# takes it for a year of the Ethiopian calendar, the one Ethiopian dates usually show.
_AM = Labels(
    contents="ማውጫ",
    introduction="ስለዚህ ቡክሌት",
    tips="ለመጀመር",
    cautions="በሚከተሉት ሁኔታዎች መጀመሪያ የጤና ቡድንዎን ያነጋግሩ፦",
    questions="የጤና ባለሙያዎን የሚጠይቋቸው ጥያቄዎች",
    references="ምንጮች",
    closing="የመጨረሻ ቃል",
    disclaimer="ጠቃሚ ማሳሰቢያ",
    contact="ያግኙን",
    notes="ከጤና ቡድንዎ የተሰጡ ማስታወሻዎች",
    continued="{heading} (የቀጠለ)",
    page="ገጽ {page} ከ{total}",
    published="የታተመበት ቀን",
    review_by="የሚከለስበት ቀን",
    phone="ስልክ",
    email="ኢሜይል",
    website="ድረ-ገጽ",
    footer="አጠቃላይ መረጃ ብቻ ነው። ማንኛውንም ሕክምና ከመሞከርዎ በፊት የጤና ቡድንዎን ይጠይቁ።",
    draft_translation="ረቂቅ ትርጉም፦ ገና ብቁ በሆነ ተርጓሚ አልተረጋገጠም",
    months=(
        "ጃንዩወሪ",
        "ፌብሩወሪ",
        "ማርች",
        "ኤፕሪል",
        "ሜይ",
        "ጁን",
        "ጁላይ",
        "ኦገስት",
        "ሴፕቴምበር",
        "ኦክቶበር",
        "ኖቬምበር",
        "ዲሴምበር",
    ),
    date_format="{month} {day} ቀን {year} እ.ኤ.አ.",
    logo_alt="የ{clinic} አርማ",
    qr_alt="የQR ኮድ፦ ወደ {url} የሚወስድ አገናኝ",
    skip_link="ወደ ዋናው ይዘት ይዝለሉ",
    therapies="ሕክምናዎች",
    all_therapies="ሁሉም ሕክምናዎች",
    desk=_desk("አማርኛ"),
    colon="፦",
    is_draft=True,
)

WORLD_CATALOGUES: dict[str, Labels] = {
    "zh-Hans": _ZH_HANS,
    "zh-Hant": _ZH_HANT,
    "ja": _JA,
    "ko": _KO,
    "ar": _AR,
    "fa": _FA,
    "ur": _UR,
    "he": _HE,
    "hi": _HI,
    "bn": _BN,
    "pa": _PA,
    "gu": _GU,
    "th": _TH,
    "km": _KM,
    "am": _AM,
}
"""Each draft catalogue by its BCP 47 tag."""

_SCRIPTS: dict[str, frozenset[str]] = {
    "zh-Hans": frozenset({"hans"}),
    "zh-Hant": frozenset({"hant"}),
    "ja": frozenset({"jpan"}),
    "ko": frozenset({"kore", "hang"}),
    "ar": frozenset({"arab"}),
    "fa": frozenset({"arab"}),
    "ur": frozenset({"arab"}),
    "he": frozenset({"hebr"}),
    "hi": frozenset({"deva"}),
    "bn": frozenset({"beng"}),
    "pa": frozenset({"guru"}),
    "gu": frozenset({"gujr"}),
    "th": frozenset({"thai"}),
    "km": frozenset({"khmr"}),
    "am": frozenset({"ethi"}),
}
"""The script subtags (ISO 15924, lower case) each catalogue is written in: a tag that names
another script (pa-Arab, hi-Latn) gets no catalogue here."""

_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})
"""Where Chinese written without a script subtag means Traditional characters."""
_SHAHMUKHI_REGIONS = frozenset({"pk"})
"""Where Punjabi written without a script subtag means Shahmukhi, which has no catalogue."""


def world_labels_for(language: str) -> Labels | None:
    """The draft catalogue for a BCP 47 tag (any case), or None if none of these fits it.

    Chinese: a Hant script subtag, or no script and the region TW, HK or MO, gives zh-Hant; any
    other Chinese tag (zh, zh-Hans, zh-CN, zh-SG...) zh-Hans. The others go by their primary
    subtag (ar-EG uses ar, pa-Guru-IN pa), unless the tag names a script the catalogue is not
    written in (pa-Arab), or is Punjabi from Pakistan with no script (Shahmukhi there).
    """
    subtags = language.lower().split("-")
    primary, rest = subtags[0], subtags[1:]
    # Subtags after a singleton (an extension such as -u-..., or private use -x-...) are not
    # the script's or the region's.
    singleton = next((i for i, sub in enumerate(rest) if len(sub) == 1), len(rest))
    rest = rest[:singleton]
    script = next((sub for sub in rest if len(sub) == 4 and sub.isalpha()), None)
    region = next(
        (
            sub
            for sub in rest
            if (len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit())
        ),
        None,
    )
    if primary == "zh":
        is_traditional = script == "hant" or (script is None and region in _TRADITIONAL_REGIONS)
        key = "zh-Hant" if is_traditional else "zh-Hans"
    elif primary in WORLD_CATALOGUES:
        key = primary
    else:
        return None
    if script is not None and script not in _SCRIPTS[key]:
        return None
    if key == "pa" and script is None and region in _SHAHMUKHI_REGIONS:
        return None
    return WORLD_CATALOGUES[key]
