package catalogue

// Refusal is the sentence that says a refused request's stable reason (the API's
// google.rpc.ErrorInfo reason, see package apperr) in lang; in Dutch when lang has none; ok is
// false for a reason the catalogue does not know. The pages show it instead of the service's
// English message, after the name of the field it is about when there is one.
func Refusal(reason, lang string) (sentence string, ok bool) {
	n, ok := refusals[reason]
	if !ok {
		return "", false
	}
	if s := n.In(lang); s != "" {
		return s, true
	}
	return n.NL, true
}

// RefusalNames are a reason's sentences, for the test that every reason has one in every
// language its readers read.
func RefusalNames(reason string) (Names, bool) {
	n, ok := refusals[reason]
	return n, ok
}

var refusals = map[string]Names{
	// The general reasons; a reporter can get each of them.
	"INVALID_FIELD": {NL: "Dit is niet goed ingevuld.", EN: "This is not filled in correctly.",
		AR: "لم يتم ملء هذا بشكل صحيح.", PL: "To nie jest poprawnie wypełnione.", TR: "Bu doğru doldurulmamış."},
	"NOT_FOUND": {NL: "Niet gevonden, of je hebt er geen toegang toe.", EN: "Not found, or you have no access to it.",
		AR: "غير موجود، أو ليس لديك صلاحية الوصول إليه.", PL: "Nie znaleziono albo nie masz do tego dostępu.", TR: "Bulunamadı veya buna erişiminiz yok."},
	"ALREADY_EXISTS": {NL: "Dit is al eerder gedaan.", EN: "This has been done already.",
		AR: "تم القيام بذلك من قبل.", PL: "To zostało już zrobione.", TR: "Bu daha önce yapıldı."},
	"NOT_ALLOWED_NOW": {NL: "Dit kan nu niet.", EN: "This is not possible now.",
		AR: "هذا غير ممكن الآن.", PL: "To nie jest teraz możliwe.", TR: "Bu şu anda mümkün değil."},
	"CHANGED_MEANWHILE": {NL: "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.",
		EN: "Someone else changed this in the meantime. Reload the page and try again.",
		AR: "قام شخص آخر بتغيير هذا في هذه الأثناء. أعد تحميل الصفحة وحاول مرة أخرى.",
		PL: "Ktoś inny w międzyczasie to zmienił. Odśwież stronę i spróbuj ponownie.",
		TR: "Bu arada başka biri bunu değiştirdi. Sayfayı yeniden yükleyin ve tekrar deneyin."},
	"UNAUTHENTICATED": {NL: "Je bent niet (meer) aangemeld, of de code klopt niet.", EN: "You are not signed in (any more), or the code is not right.",
		AR: "لم تعد مسجّلاً للدخول، أو أن الرمز غير صحيح.", PL: "Nie jesteś (już) zalogowany albo kod jest nieprawidłowy.", TR: "Oturumunuz açık değil veya kod doğru değil."},
	"FORBIDDEN": {NL: "Je mag dit niet doen.", EN: "You are not allowed to do this.",
		AR: "غير مسموح لك بالقيام بذلك.", PL: "Nie masz uprawnień, aby to zrobić.", TR: "Bunu yapmaya yetkiniz yok."},
	"RATE_LIMITED": {NL: "Te veel pogingen. Wacht even en probeer het dan opnieuw.", EN: "Too many attempts. Wait a while, then try again.",
		AR: "محاولات كثيرة جداً. انتظر قليلاً ثم حاول مرة أخرى.", PL: "Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie.", TR: "Çok fazla deneme. Biraz bekleyin ve tekrar deneyin."},
	"UNAVAILABLE": {NL: "Meldpunt is even niet bereikbaar. Probeer het over een paar seconden opnieuw.", EN: "Meldpunt is briefly unavailable. Try again in a few seconds.",
		AR: "Meldpunt غير متاح مؤقتاً. حاول مرة أخرى بعد بضع ثوانٍ.", PL: "Meldpunt jest chwilowo niedostępny. Spróbuj ponownie za kilka sekund.", TR: "Meldpunt kısa bir süre için kullanılamıyor. Birkaç saniye sonra tekrar deneyin."},
	// The reporter's case.
	"CASE_CLOSED": {NL: "De zaak is afgesloten: er kan niets meer aan worden toegevoegd.", EN: "The case is closed: nothing more can be added to it.",
		AR: "القضية مغلقة: لا يمكن إضافة أي شيء إليها بعد الآن.", PL: "Sprawa jest zamknięta: nie można już nic do niej dodać.", TR: "Dosya kapatıldı: artık ona hiçbir şey eklenemez."},
	"NOTIFY_ANONYMOUS": {NL: "Bij een anonieme melding bewaren we geen e-mailadres: dat kan je herkenbaar maken. Kijk met je ontvangstcode of er een antwoord is.",
		EN: "No e-mail address is kept for an anonymous report: it could identify you. Check for a reply with your receipt code.",
		AR: "لا نحتفظ بعنوان بريد إلكتروني لبلاغ مجهول الهوية: فقد يكشف هويتك. تحقق من وجود رد باستخدام رمز الاستلام الخاص بك.",
		PL: "Przy anonimowym zgłoszeniu nie przechowujemy adresu e-mail: mógłby cię zidentyfikować. Sprawdzaj odpowiedź za pomocą kodu potwierdzenia.",
		TR: "Anonim bir bildirim için e-posta adresi saklanmaz: sizi tanınır kılabilir. Yanıt olup olmadığını alındı kodunuzla kontrol edin."},
	// The sanction decision (staff).
	"SANCTION_OUTSIDE_ALLOWED": {NL: "Bij bewezen discriminatie geldt zero tolerance: kies een van de sancties die de regels toestaan.",
		EN: "Proven discrimination means zero tolerance: choose one of the sanctions the rules allow."},
	"MOTIVATION_REQUIRED": {NL: "Een lichtere sanctie dan de aanbevolen vraagt een schriftelijke motivering van een paar zinnen.",
		EN: "A lighter sanction than the recommended one needs a written motivation of a few sentences."},
	"NO_SANCTION_ALLOWED": {NL: "Er is niets bewezen, dus er mag geen sanctie worden opgelegd. Sluit de zaak af met terugkoppeling.",
		EN: "Nothing is proven, so no sanction may be imposed. Close the case with feedback instead."},
	"ASSESSMENT_MISSING": {NL: "Leg eerst de beoordeling vast (de bewezen feiten getoetst aan de normen); daarna kan het sanctiebesluit worden genomen.",
		EN: "Record the assessment first (the proven facts qualified against the norms); then the sanction can be decided."},
	"FACTS_KNOWN_AT_OUT_OF_RANGE": {NL: "Geef de dag waarop de feiten bekend werden: niet vóór de melding en niet in de toekomst.",
		EN: "Give the day the facts became known: not before the report and not in the future."},
	"SANCTION_DECIDED":        {NL: "Voor deze zaak is al een sanctiebesluit genomen.", EN: "This case has its sanction decision already."},
	"NOT_ACCOUNTABLE_MANAGER": {NL: "Alleen de verantwoordelijke leidinggevende van deze zaak kan dit doen.", EN: "Only the accountable manager of this case can do this."},
	"CASE_STATUS":             {NL: "Dit kan niet in de fase waarin de zaak nu is.", EN: "This is not possible in the stage the case is in now."},
}
