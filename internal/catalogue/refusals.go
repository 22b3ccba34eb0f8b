package catalogue

import "strings"

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

// ImportProblem is the sentence for the reason of a problem in an import file (a field
// violation's reason), in lang, naming value (the unknown code, the line a key repeats, the
// missing column) after a colon when there is one. ok is false for a reason it does not know.
func ImportProblem(reason, value, lang string) (sentence string, ok bool) {
	s, ok := Refusal(reason, lang)
	if !ok {
		return "", false
	}
	if value == "" {
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
		return s, true
	}
	return strings.TrimSuffix(s, ".") + ": " + value + ".", true
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
	// The problems of an import file; the value a reason names follows its sentence after a colon.
	"FILE_NOT_UTF8": {NL: "Het bestand is geen UTF-8-tekst. Sla het op als \"CSV UTF-8\" (in Excel: Opslaan als, CSV UTF-8 (door komma's gescheiden)).",
		EN: "The file is not UTF-8 text. Save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8 (comma delimited))."},
	"FILE_EMPTY":      {NL: "Het bestand is leeg; het heeft een kopregel en een regel per rij nodig.", EN: "The file is empty; it needs a header row and a row per item."},
	"FILE_UNREADABLE": {NL: "De kopregel is niet te lezen; controleer de aanhalingstekens.", EN: "The header row cannot be read; check the quotes."},
	"COLUMN_MISSING": {NL: "In de kopregel ontbreekt een kolom (een kolom die niet verplicht is mag leeg blijven, maar moet er wel zijn)",
		EN: "The header row lacks a column (an optional column may be left empty, but must be there)"},
	"COLUMN_UNKNOWN":  {NL: "De kopregel heeft een onbekende kolom; hernoem of verwijder die", EN: "The header row has an unknown column; rename or remove it"},
	"COLUMN_REPEATED": {NL: "De kopregel heeft een kolom meer dan eens; elke kolom mag maar één keer voorkomen", EN: "The header row has a column more than once; each column may appear only once"},
	"COLUMNS_OTHER_FILE": {NL: "Dit lijkt het andere bestand: de kolommen horen bij het bestand met medewerkers of met onderdelen. Kies het juiste bestand bij het juiste veld.",
		EN: "This looks like the other file: its columns are those of the employees or the units file. Give each file in its own field."},
	"COLUMNS_NOT_SEPARATED": {NL: "De kopregel heeft maar één kolom: scheid de kolommen met komma's of puntkomma's.", EN: "The header row has only one column: separate the columns with commas or semicolons."},
	"ROW_UNREADABLE": {NL: "De regel is niet te lezen: controleer de aanhalingstekens en de vorm van de regel (een \" binnen een waarde tussen aanhalingstekens schrijf je als \"\").",
		EN: "The row cannot be read: check the quotes and the form of the row (a \" inside a quoted value is written \"\")."},
	"ROW_COLUMN_COUNT": {NL: "De regel heeft een ander aantal waarden dan de kopregel kolommen; zet een waarde met een komma of puntkomma tussen dubbele aanhalingstekens. Aantal kolommen",
		EN: "The row has a different number of values than the header has columns; put a value that contains a comma or semicolon in double quotes. Number of columns"},
	"VALUE_REQUIRED":     {NL: "Deze waarde ontbreekt; vul haar in.", EN: "This value is missing; fill it in."},
	"VALUE_TOO_LONG":     {NL: "Deze waarde is te lang; het aantal tekens is hoogstens", EN: "This value is too long; the most characters allowed is"},
	"VALUE_NOT_TEXT":     {NL: "Deze waarde is geen geldige tekst (geen UTF-8, of met een NUL-teken).", EN: "This value is not valid text (not UTF-8, or with a NUL character)."},
	"VALUE_MALFORMED":    {NL: "Deze waarde heeft niet de vorm die de kolom vraagt (letters, cijfers en . _ - zonder spaties).", EN: "This value does not have the form the column needs (letters, digits and . _ - without spaces)."},
	"VALUE_NOT_NUMBER":   {NL: "Dit is geen getal.", EN: "This is not a number."},
	"VALUE_OUT_OF_RANGE": {NL: "Deze waarde valt buiten het toegestane bereik", EN: "This value is outside the range allowed"},
	"VALUE_NOT_ALLOWED":  {NL: "Deze code kent Meldpunt niet in deze kolom", EN: "Meldpunt does not know this code in this column"},
	"TOO_MANY_VALUES":    {NL: "Deze lijst heeft te veel waarden; het aantal is hoogstens", EN: "This list has too many values; the most allowed is"},
	"NOT_AN_EMAIL":       {NL: "Dit is geen e-mailadres (zoals naam@utrecht.nl); verbeter het of laat het leeg.", EN: "This is not an e-mail address (like name@utrecht.nl); correct it or leave it empty."},
	"REPEATS_LINE":       {NL: "Dezelfde waarde staat al op een eerdere regel; geef elke waarde één keer. Eerdere regel", EN: "The same value is on an earlier line already; give each once. Earlier line"},
	"UNKNOWN_UNIT": {NL: "Er is geen onderdeel met deze code in het bestand met onderdelen of in Meldpunt; verbeter de code of voeg het onderdeel toe. Onbekende code",
		EN: "There is no unit with this code in the units file or in Meldpunt; correct the code or add the unit. Unknown code"},
	"UNKNOWN_EMPLOYEE": {NL: "Er is geen medewerker met dit personeelsnummer in het bestand met medewerkers of in Meldpunt; verbeter het nummer of voeg de medewerker toe. Onbekend nummer",
		EN: "There is no employee with this personnel number in the employees file or in Meldpunt; correct the number or add the employee. Unknown number"},
	"OWN_PARENT": {NL: "Een onderdeel kan niet zijn eigen bovenliggende onderdeel zijn; laat parent_code leeg voor een onderdeel aan de top.",
		EN: "A unit cannot be its own parent; leave parent_code empty for a unit at the top."},
	"UNIT_LOOP": {NL: "De bovenliggende onderdelen vormen een kring: een onderdeel kan geen deel van zichzelf zijn, dus verbeter een van deze codes",
		EN: "The parent units make a loop: a unit cannot be part of itself, so correct one of these codes"},
	"SUBJECT_HELD": {NL: "Deze aanmelding (staff_subject) hoort in Meldpunt bij een andere medewerker die niet in dit bestand staat; verbeter haar, of neem die medewerker op met een eigen aanmelding. Personeelsnummer",
		EN: "This sign-in (staff_subject) belongs in Meldpunt to another employee who is not in this file; correct it, or add that employee with a sign-in of their own. Personnel number"},
	"NOT_PROVEN_SANCTION":        {NL: "Bij een precedent waarvan de feiten niet bewezen zijn hoort geen sanctie.", EN: "A precedent whose facts were not proven has no sanction."},
	"GROUNDS_NOT_DISCRIMINATION": {NL: "Discriminatiegronden horen alleen bij de categorie discriminatie.", EN: "Discrimination grounds belong only with the category discrimination."},
	"FILE_TOO_MANY_ROWS":         {NL: "Het bestand heeft te veel regels; splits het in kleinere bestanden. Hoogstens", EN: "The file has too many rows; split it into smaller files. At most"},
	"LINE_TOO_LONG":              {NL: "Een regel van het bestand is langer dan 1 MiB; maak haar korter. Regel", EN: "A line of the file is longer than 1 MiB; make it shorter. Line"},
	"FORMAT_UNKNOWN":             {NL: "Kies de vorm jsonl of csv.", EN: "Choose the format jsonl or csv."},
	// The problems of a rule set document; the value (the norm or circumstance, its severity) follows after a colon.
	"RULESET_MALFORMED":         {NL: "Het document is geen regelset in JSON (controleer haakjes, komma's en veldnamen, en dat er niets na komt).", EN: "The document is not a rule set in JSON (check brackets, commas and field names, and that nothing follows it)."},
	"RULESET_VERSION":           {NL: "De versie ontbreekt of is geen geldige code (geen spaties; letters, cijfers en . _ -).", EN: "The version is missing or not a valid code (no spaces; letters, digits and . _ -)."},
	"RULESET_EFFECTIVE_DATE":    {NL: "De ingangsdatum (effective_date) is geen datum in de vorm JJJJ-MM-DD.", EN: "The effective date (effective_date) is not a date of the form YYYY-MM-DD."},
	"RULESET_REPETITION":        {NL: "De waarden voor herhaling mogen niet negatief zijn en niet groter dan het aantal sancties", EN: "The repetition values may not be negative nor larger than the number of sanctions"},
	"RULESET_ID_MISSING":        {NL: "Een norm of omstandigheid heeft geen id. Plaats", EN: "A norm or circumstance has no id. Place"},
	"RULESET_ID_REPEATED":       {NL: "Dit id komt meer dan eens voor; geef elke norm en omstandigheid een eigen id", EN: "This id appears more than once; give each norm and circumstance its own id"},
	"RULESET_ID_MALFORMED":      {NL: "Een id is geen geldige code (geen spaties; letters, cijfers en . _ -).", EN: "An id is not a valid code (no spaces; letters, digits and . _ -)."},
	"RULESET_CIRCUMSTANCE_KIND": {NL: "De soort van de omstandigheid is niet AGGRAVATING (verzwarend) of MITIGATING (verzachtend)", EN: "The kind of the circumstance is neither AGGRAVATING nor MITIGATING"},
	"RULESET_STEPS":             {NL: "Het aantal stappen van de omstandigheid valt buiten het toegestane bereik", EN: "The circumstance's number of steps is outside the range allowed"},
	"RULESET_ZT_MITIGATING":     {NL: "zero_tolerance_mitigating kan alleen bij een verzachtende omstandigheid", EN: "zero_tolerance_mitigating applies only to a mitigating circumstance"},
	"RULESET_TEXT_MISSING":      {NL: "Een verplichte tekst ontbreekt", EN: "A required text is missing"},
	"RULESET_NO_NORMS":          {NL: "De regelset heeft geen normen.", EN: "The rule set has no norms."},
	"RULESET_NO_CATEGORIES":     {NL: "De norm heeft geen categorieën", EN: "The norm has no categories"},
	"RULESET_SOURCE_KIND":       {NL: "De soort bron van de norm is niet QUOTED (letterlijk) of PARAPHRASE (samengevat)", EN: "The norm's source kind is neither QUOTED nor PARAPHRASE"},
	"RULESET_SEVERITY_UNKNOWN":  {NL: "De norm heeft richtlijnen voor een onbekende ernst", EN: "The norm has guidance for an unknown severity"},
	"RULESET_GUIDANCE_MISSING":  {NL: "De norm heeft geen richtlijn voor deze ernst", EN: "The norm has no guidance for this severity"},
	"RULESET_ALLOWED_EMPTY":     {NL: "De richtlijn staat geen enkele sanctie toe; noem de toegestane sancties", EN: "The guidance allows no sanction; list the sanctions allowed"},
	"RULESET_SANCTION_UNKNOWN":  {NL: "De richtlijn noemt een onbekende sanctie", EN: "The guidance lists an unknown sanction"},
	"RULESET_SANCTION_REPEATED": {NL: "De richtlijn noemt een sanctie twee keer", EN: "The guidance lists a sanction twice"},
	"RULESET_ZT_SANCTION":       {NL: "Bij een norm met zero tolerance is deze sanctie niet toegestaan", EN: "A zero-tolerance norm may not allow this sanction"},
	"RULESET_RECOMMENDED":       {NL: "De aanbevolen sanctie is onbekend of staat niet bij de toegestane sancties", EN: "The recommended sanction is unknown or not among the allowed sanctions"},
	"RULESET_ZT_RECOMMENDED":    {NL: "Bij een norm met zero tolerance is ontslag de aanbevolen sanctie", EN: "A zero-tolerance norm must recommend dismissal"},
}
