"""How many real template lines of news sites the built-in rules remove, each inside an article.

`benchmarks/template-lines/` holds template lines as news sites print them (share and follow
prompts, newsletter and paywall boxes, credits, datelines, player and page controls), a file
per family of sites or languages (benchmarks/README.md lists them), one per line, gathered while
writing the rules: a check of what the pack covers, and of what a change stops covering, not a
measure on unseen pages. Each line is cleaned between sentences of an article in its own script,
so that it is judged where it would stand; lines left on purpose (single words that are also
subheadings, block headings with no list under them, credits that the reference articles keep)
count as kept.

    python benchmarks/template_lines.py [--show-kept]
    python benchmarks/template_lines.py --held-out

`held-out-lines/` holds noise lines of the same kinds that no rule was written or widened from:
lines other projects' scrapers strip, gathered while rules were widened from other lines. They
measure how the pack does on lines nobody fitted it to, so `--held-out` prints the rows only:
seeing the kept lines would be the first step to fitting them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from tables import render

import declutter

LINES = Path(__file__).parent / "template-lines"
HELD_OUT = Path(__file__).parent / "held-out-lines"

# Written for this benchmark: two sentences before the line, one after, in the line's script.
PROSE = {
    "latin": (
        "The council met on Tuesday evening and agreed the budget after a long and heated debate.",
        "Opponents said the plan would raise council tax for thousands of households while doing little to fix the roads.",
        "Residents will be able to comment on the plans at the town hall until the end of the month.",
    ),
    "chinese": (
        "国务院常务会议周三研究部署了进一步推动城乡居民增收的若干措施，会议强调要稳定就业。",
        "业内人士分析认为，随着政策效应逐步显现，下半年消费市场有望继续保持平稳增长态势。",
        "据了解，相关部门将在下个月公布具体实施细则，并在部分省份先行试点。",
    ),
    "japanese": (
        "政府は１日、物価高対策として電気・ガス料金の補助を来年３月まで延長する方針を固めた。",
        "専門家は、補助の延長で家計の負担は一定程度和らぐものの、抜本的な対策が必要だと指摘している。",
        "関係者によると、財源は予備費から充てる方向で調整しており、近く閣議決定する見通しだ。",
    ),
    "korean": (
        "정부는 1일 물가 안정을 위해 농산물 할인 지원 예산을 추가로 편성하기로 했다고 밝혔다.",
        "전문가들은 할인 지원이 단기적으로 체감 물가를 낮추는 데 도움이 되겠지만 근본적인 대책이 필요하다고 지적했다.",
        "기획재정부 관계자는 다음 달부터 전국 대형마트와 전통시장에서 할인이 적용된다고 설명했다.",
    ),
    "cyrillic": (
        "Правительство в среду одобрило проект бюджета на следующий год, сообщили в пресс-службе кабмина.",
        "Эксперты отмечают, что рост расходов на социальную сферу поддержит спрос в ближайшие месяцы.",
        "По словам министра финансов, основные расходы придутся на социальные программы и дороги.",
    ),
    "arabic": (
        "وافق مجلس الوزراء يوم الثلاثاء على مشروع الموازنة العامة للعام المقبل بعد نقاش استمر عدة ساعات.",
        "وقال وزير المالية إن الزيادة في الإنفاق ستذهب أساسا إلى قطاعي الصحة والتعليم وإلى دعم الأسر محدودة الدخل.",
        "ومن المتوقع أن يحيل المجلس المشروع إلى البرلمان لمناقشته والتصويت عليه خلال الشهر المقبل.",
    ),
    "devanagari": (
        "राज्य सरकार ने मंगलवार को अगले वित्त वर्ष के बजट को मंजूरी दे दी, जिसमें सड़कों और स्कूलों के लिए अधिक राशि रखी गई है।",
        "वित्त मंत्री ने कहा कि बढ़ा हुआ खर्च मुख्य रूप से स्वास्थ्य और ग्रामीण रोजगार योजनाओं पर किया जाएगा।",
        "विपक्ष ने आरोप लगाया कि बजट में महंगाई से राहत के लिए कोई ठोस कदम नहीं उठाया गया है।",
    ),
    "thai": (
        "คณะรัฐมนตรีมีมติเห็นชอบร่างงบประมาณรายจ่ายประจำปีฉบับใหม่ในการประชุมเมื่อวันอังคารที่ผ่านมา",
        "รัฐมนตรีว่าการกระทรวงการคลังกล่าวว่างบประมาณที่เพิ่มขึ้นจะนำไปใช้ด้านสาธารณสุขและการศึกษาเป็นหลัก",
        "ทั้งนี้คาดว่าร่างงบประมาณจะเข้าสู่การพิจารณาของสภาผู้แทนราษฎรภายในเดือนหน้า",
    ),
    "greek": (
        "Το υπουργικό συμβούλιο ενέκρινε την Τρίτη το σχέδιο του προϋπολογισμού για το επόμενο έτος μετά από πολύωρη συζήτηση.",
        "Ο υπουργός Οικονομικών ανέφερε ότι οι πρόσθετες δαπάνες θα κατευθυνθούν κυρίως στην υγεία και την παιδεία.",
        "Το σχέδιο αναμένεται να κατατεθεί στη Βουλή και να ψηφιστεί μέσα στον επόμενο μήνα.",
    ),
    "hebrew": (
        "הממשלה אישרה ביום שלישי את הצעת התקציב לשנה הבאה לאחר דיון ארוך שנמשך עד שעות הלילה.",
        "שר האוצר אמר כי רוב התוספת תופנה למערכות הבריאות והחינוך ולסיוע למשפחות מעוטות יכולת.",
        "ההצעה צפויה לעלות לקריאה ראשונה בכנסת כבר בחודש הבא.",
    ),
    "bengali": (
        "রাজ্য সরকার মঙ্গলবার আগামী অর্থবছরের বাজেট অনুমোদন করেছে, যেখানে রাস্তা ও স্কুলের জন্য বেশি অর্থ বরাদ্দ রাখা হয়েছে।",
        "অর্থমন্ত্রী বলেন, বাড়তি ব্যয়ের বড় অংশ স্বাস্থ্য ও গ্রামীণ কর্মসংস্থান প্রকল্পে খরচ করা হবে।",
        "বিরোধীরা অভিযোগ করেছেন যে বাজেটে মূল্যবৃদ্ধি থেকে স্বস্তি দেওয়ার মতো কোনো কার্যকর পদক্ষেপ নেই।",
    ),
    "tamil": (
        "மாநில அரசு செவ்வாய்க்கிழமை அடுத்த நிதியாண்டுக்கான பட்ஜெட்டுக்கு ஒப்புதல் அளித்தது, இதில் சாலைகள் மற்றும் பள்ளிகளுக்கு கூடுதல் நிதி ஒதுக்கப்பட்டுள்ளது.",
        "அதிகரிக்கப்பட்ட செலவினம் பெரும்பாலும் சுகாதாரம் மற்றும் ஊரக வேலைவாய்ப்புத் திட்டங்களுக்குச் செலவிடப்படும் என்று நிதியமைச்சர் தெரிவித்தார்.",
        "விலைவாசி உயர்விலிருந்து மக்களுக்கு நிவாரணம் அளிக்க பட்ஜெட்டில் உறுதியான நடவடிக்கை எதுவும் இல்லை என்று எதிர்க்கட்சிகள் குற்றம் சாட்டின.",
    ),
    "gujarati": (
        "રાજ્ય સરકારે મંગળવારે આગામી નાણાકીય વર્ષના બજેટને મંજૂરી આપી, જેમાં રસ્તાઓ અને શાળાઓ માટે વધુ રકમ ફાળવવામાં આવી છે.",
        "નાણામંત્રીએ કહ્યું કે વધારાનો ખર્ચ મુખ્યત્વે આરોગ્ય અને ગ્રામીણ રોજગાર યોજનાઓ પર કરવામાં આવશે.",
        "વિપક્ષે આરોપ લગાવ્યો કે બજેટમાં મોંઘવારીમાંથી રાહત માટે કોઈ નક્કર પગલું લેવામાં આવ્યું નથી.",
    ),
    "gurmukhi": (
        "ਰਾਜ ਸਰਕਾਰ ਨੇ ਮੰਗਲਵਾਰ ਨੂੰ ਅਗਲੇ ਵਿੱਤੀ ਸਾਲ ਦੇ ਬਜਟ ਨੂੰ ਮਨਜ਼ੂਰੀ ਦੇ ਦਿੱਤੀ, ਜਿਸ ਵਿੱਚ ਸੜਕਾਂ ਅਤੇ ਸਕੂਲਾਂ ਲਈ ਵੱਧ ਰਕਮ ਰੱਖੀ ਗਈ ਹੈ।",
        "ਵਿੱਤ ਮੰਤਰੀ ਨੇ ਕਿਹਾ ਕਿ ਵਧਿਆ ਹੋਇਆ ਖਰਚ ਮੁੱਖ ਤੌਰ 'ਤੇ ਸਿਹਤ ਅਤੇ ਪੇਂਡੂ ਰੁਜ਼ਗਾਰ ਯੋਜਨਾਵਾਂ 'ਤੇ ਕੀਤਾ ਜਾਵੇਗਾ।",
        "ਵਿਰੋਧੀ ਧਿਰ ਨੇ ਦੋਸ਼ ਲਾਇਆ ਕਿ ਬਜਟ ਵਿੱਚ ਮਹਿੰਗਾਈ ਤੋਂ ਰਾਹਤ ਲਈ ਕੋਈ ਠੋਸ ਕਦਮ ਨਹੀਂ ਚੁੱਕਿਆ ਗਿਆ।",
    ),
    "telugu": (
        "రాష్ట్ర ప్రభుత్వం మంగళవారం వచ్చే ఆర్థిక సంవత్సరం బడ్జెట్‌ను ఆమోదించింది, ఇందులో రహదారులు మరియు పాఠశాలలకు ఎక్కువ నిధులు కేటాయించారు.",
        "పెరిగిన వ్యయం ప్రధానంగా ఆరోగ్యం మరియు గ్రామీణ ఉపాధి పథకాలపై ఖర్చు చేస్తామని ఆర్థిక మంత్రి తెలిపారు.",
        "ధరల పెరుగుదల నుంచి ఉపశమనం కోసం బడ్జెట్‌లో ఎలాంటి గట్టి చర్యలు లేవని ప్రతిపక్షం ఆరోపించింది.",
    ),
    "kannada": (
        "ರಾಜ್ಯ ಸರ್ಕಾರ ಮಂಗಳವಾರ ಮುಂದಿನ ಹಣಕಾಸು ವರ್ಷದ ಬಜೆಟ್‌ಗೆ ಅನುಮೋದನೆ ನೀಡಿದ್ದು, ರಸ್ತೆಗಳು ಮತ್ತು ಶಾಲೆಗಳಿಗೆ ಹೆಚ್ಚಿನ ಅನುದಾನ ಮೀಸಲಿಡಲಾಗಿದೆ.",
        "ಹೆಚ್ಚಿದ ವೆಚ್ಚವನ್ನು ಮುಖ್ಯವಾಗಿ ಆರೋಗ್ಯ ಮತ್ತು ಗ್ರಾಮೀಣ ಉದ್ಯೋಗ ಯೋಜನೆಗಳಿಗೆ ಬಳಸಲಾಗುವುದು ಎಂದು ಹಣಕಾಸು ಸಚಿವರು ಹೇಳಿದರು.",
        "ಬೆಲೆ ಏರಿಕೆಯಿಂದ ಪರಿಹಾರ ನೀಡಲು ಬಜೆಟ್‌ನಲ್ಲಿ ಯಾವುದೇ ದೃಢವಾದ ಕ್ರಮವಿಲ್ಲ ಎಂದು ವಿರೋಧ ಪಕ್ಷಗಳು ಆರೋಪಿಸಿವೆ.",
    ),
    "malayalam": (
        "അടുത്ത സാമ്പത്തിക വർഷത്തെ ബജറ്റിന് സംസ്ഥാന സർക്കാർ ചൊവ്വാഴ്ച അംഗീകാരം നൽകി, റോഡുകൾക്കും സ്കൂളുകൾക്കും കൂടുതൽ തുക നീക്കിവച്ചിട്ടുണ്ട്.",
        "വർധിപ്പിച്ച ചെലവ് പ്രധാനമായും ആരോഗ്യ, ഗ്രാമീണ തൊഴിൽ പദ്ധതികൾക്കായി വിനിയോഗിക്കുമെന്ന് ധനമന്ത്രി പറഞ്ഞു.",
        "വിലക്കയറ്റത്തിൽ നിന്ന് ആശ്വാസം നൽകാൻ ബജറ്റിൽ ഉറച്ച നടപടികളൊന്നുമില്ലെന്ന് പ്രതിപക്ഷം ആരോപിച്ചു.",
    ),
}
_SCRIPTS = (
    ("japanese", re.compile("[\u3040-\u30ff]")),
    ("korean", re.compile("[\uac00-\ud7a3]")),
    ("cyrillic", re.compile("[\u0400-\u04ff]")),
    ("chinese", re.compile("[\u4e00-\u9fff]")),
    ("arabic", re.compile("[\u0600-\u06ff]")),
    ("devanagari", re.compile("[\u0900-\u097f]")),
    ("thai", re.compile("[\u0e00-\u0e7f]")),
    ("greek", re.compile("[\u0370-\u03ff]")),
    ("hebrew", re.compile("[\u0590-\u05ff]")),
    ("bengali", re.compile("[\u0980-\u09ff]")),
    ("tamil", re.compile("[\u0b80-\u0bff]")),
    ("gujarati", re.compile("[\u0a80-\u0aff]")),
    ("gurmukhi", re.compile("[\u0a00-\u0a7f]")),
    ("telugu", re.compile("[\u0c00-\u0c7f]")),
    ("kannada", re.compile("[\u0c80-\u0cff]")),
    ("malayalam", re.compile("[\u0d00-\u0d7f]")),
)


def script_of(line: str) -> str:
    return next((name for name, letters in _SCRIPTS if letters.search(line)), "latin")


def removed(cleaner: declutter.Cleaner, line: str) -> list[str]:
    """The rules that remove `line` from an article in its script."""
    first, second, third = PROSE[script_of(line)]
    result = cleaner.clean_text(f"{first}\n{second}\n{line}\n{third}\n")
    return [removal.rule for removal in result.removed]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-kept", action="store_true", help="list the lines no rule removes")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--held-out", action="store_true", help="measure the held-out lines (rows only)")
    args = parser.parse_args(argv)
    if args.held_out and args.show_kept:
        parser.error("--held-out prints no lines: rules are never widened from held-out lines")
    cleaner = declutter.Cleaner()
    rows, kept = [], []
    for path in sorted((HELD_OUT if args.held_out else LINES).glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        misses = [line for line in lines if not removed(cleaner, line)]
        kept += [f"{path.stem}: {line}" for line in misses]
        share = 100 * (len(lines) - len(misses)) / len(lines)
        rows.append([path.stem, str(len(lines)), str(len(lines) - len(misses)), f"{share:.1f}"])
    print(render(["lines", "template lines", "removed", "removed %"], rows, args.markdown))
    if args.show_kept:
        print("\nkept:\n" + "\n".join(kept))


if __name__ == "__main__":
    main()
