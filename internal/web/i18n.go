package web

import (
	"strings"
)

// language is one language of the reporter pages.
type language struct {
	Code, Name, Dir string
	// AwaitingReview marks a translation that a native speaker has not yet reviewed; the
	// catalogue says so, and the pages are served all the same (a reviewed Dutch or English text
	// is one click away on every page).
	AwaitingReview bool
}

// Languages of the reporter pages, in the order of the language switch. Dutch and English are
// complete and reviewed; others register themselves (i18n_*.go).
var languages = []language{
	{Code: "nl", Name: "Nederlands", Dir: "ltr"},
	{Code: "en", Name: "English", Dir: "ltr"},
}

// register adds a language and its texts (from an init function of its own file).
func register(l language, texts map[string]string) {
	languages = append(languages, l)
	catalogue[l.Code] = texts
}

func known(lang string) bool {
	for _, l := range languages {
		if l.Code == lang {
			return true
		}
	}
	return false
}

func direction(lang string) string {
	for _, l := range languages {
		if l.Code == lang {
			return l.Dir
		}
	}
	return "ltr"
}

// preferred picks our language the browser asks for first (Accept-Language), else Dutch.
func preferred(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if base, _, _ := strings.Cut(tag, "-"); known(base) {
			return base
		}
	}
	return "nl"
}

// catalogue holds every text of the pages, per language. Keys are snake_case so that templates
// read them as {{.T.key}}; TestEveryTextIsTranslated checks that every key a template uses is
// in every language.
var catalogue = map[string]map[string]string{
	"nl": {
		"site_name":                "Meldpunt integriteit en ongewenst gedrag",
		"organisation":             "Gemeente Utrecht",
		"skip_link":                "Direct naar de inhoud",
		"quick_exit":               "Snel weg",
		"quick_exit_hint":          "Verlaat deze site direct",
		"language":                 "Taal",
		"nav_start":                "Start",
		"nav_report":               "Melden",
		"nav_advisers":             "Vertrouwenspersonen",
		"nav_rules":                "Regels",
		"nav_followup":             "Mijn melding",
		"footer_privacy":           "Wij bewaren geen IP-adres en plaatsen geen cookies, behalve als u inlogt om uw melding te volgen.",
		"start_title":              "Iets meegemaakt op het werk? U kunt het hier melden.",
		"start_intro":              "Heeft u op uw werk te maken met discriminatie, intimidatie, pesten of ander ongewenst gedrag? Of ziet u iets wat niet integer is? Dan kunt u dat hier melden. U mag dat ook anoniem doen.",
		"start_what_title":         "Wat kunt u melden?",
		"start_what":               "Discriminatie, seksuele intimidatie, agressie, pesten, intimidatie en ander ongewenst gedrag. Maar ook integriteitsschendingen, zoals fraude, belangenverstrengeling of misbruik van informatie.",
		"start_next_title":         "Wat gebeurt er daarna?",
		"start_next":               "Binnen 7 dagen krijgt u een bevestiging dat uw melding is ontvangen. Binnen 3 maanden hoort u wat er met uw melding is gedaan. Via uw ontvangstcode kunt u altijd kijken hoe het staat en berichten sturen.",
		"start_choice_title":       "Anoniem, vertrouwelijk of met naam",
		"start_anonymous":          "Anoniem: niemand weet wie u bent. Wij kunnen u alleen bereiken via de berichten bij uw melding.",
		"start_confidential":       "Vertrouwelijk: alleen de behandelaar kent uw naam. Uw naam gaat niet verder zonder uw toestemming.",
		"start_named":              "Met naam: de behandelaars kennen uw naam.",
		"start_adviser_title":      "Liever eerst praten?",
		"start_adviser":            "Een vertrouwenspersoon luistert, denkt met u mee en helpt u kiezen wat u wilt doen. Zonder uw toestemming gaat er niets verder.",
		"start_cta":                "Een melding doen",
		"start_followup":           "Heeft u al een ontvangstcode? Bekijk uw melding",
		"advisers_title":           "Vertrouwenspersonen",
		"advisers_intro":           "U kunt een vertrouwenspersoon kiezen als u uw melding doet. U kunt ook eerst alleen met een vertrouwenspersoon praten.",
		"advisers_contact":         "Zo bereikt u een vertrouwenspersoon: kies hem of haar in het meldformulier. U hoeft uw verhaal dan nog niet helemaal op te schrijven. De vertrouwenspersoon neemt contact met u op via de berichten bij uw melding, of op de manier die u zelf aangeeft.",
		"adviser_internal":         "Interne vertrouwenspersoon",
		"adviser_external":         "Externe vertrouwenspersoon (buiten de gemeente)",
		"adviser_languages":        "Spreekt",
		"advisers_none":            "Er zijn op dit moment geen vertrouwenspersonen beschikbaar.",
		"rules_title":              "De regels: gedragscode en sancties",
		"rules_intro":              "Dit zijn de regels die voor iedereen bij de gemeente gelden, en wat er kan gebeuren als iemand zich er niet aan houdt.",
		"rules_version":            "Versie",
		"rules_zero":               "Nultolerantie: bewezen discriminatie heeft altijd een sanctie.",
		"rules_code_rule":          "Gedragscode, regel",
		"report_title":             "Een melding doen",
		"report_intro":             "Vul in wat u weet. Alleen de velden met (verplicht) moeten ingevuld zijn. U kunt alles eerst nog nakijken voordat u verstuurt.",
		"required":                 "(verplicht)",
		"field_category":           "Waar gaat uw melding over?",
		"field_description":        "Wat is er gebeurd?",
		"field_description_hint":   "Beschrijf in uw eigen woorden wat er gebeurde. Minstens 10 tekens.",
		"field_when":               "Wanneer gebeurde het?",
		"field_when_hint":          "Bijvoorbeeld: vorige week dinsdag, of sinds maart.",
		"field_where":              "Waar gebeurde het?",
		"field_subjects":           "Over wie gaat het?",
		"field_subjects_hint":      "Namen of functies, één per regel. Mag leeg blijven.",
		"field_witnesses":          "Waren er getuigen?",
		"field_witnesses_hint":     "Eén per regel. Mag leeg blijven.",
		"field_outcome":            "Wat hoopt u dat er gebeurt?",
		"field_anonymity":          "Hoe wilt u melden?",
		"anonymity_anonymous":      "Anoniem",
		"anonymity_confidential":   "Vertrouwelijk (alleen de behandelaar kent mijn naam)",
		"anonymity_named":          "Met mijn naam",
		"field_name":               "Uw naam",
		"field_name_hint":          "Alleen nodig als u vertrouwelijk of met naam meldt.",
		"field_contact":            "Hoe kunnen wij u bereiken? (telefoon of e-mail)",
		"field_adviser":            "Wilt u een vertrouwenspersoon?",
		"adviser_none_choice":      "Nee, nu niet",
		"button_review":            "Verder: nakijken",
		"review_title":             "Kijk uw melding na",
		"review_intro":             "Klopt alles? Verstuur dan uw melding. Wilt u iets veranderen? Ga dan terug.",
		"button_back":              "Terug: aanpassen",
		"button_send":              "Melding versturen",
		"errors_title":             "Er is iets niet goed ingevuld",
		"error_description":        "Beschrijf wat er gebeurde, in minstens 10 tekens.",
		"error_category":           "Kies waar uw melding over gaat.",
		"error_anonymity":          "Kies hoe u wilt melden.",
		"error_name":               "Vul uw naam in, of kies anoniem melden.",
		"error_form_expired":       "Dit formulier is verlopen. Uw tekst staat er nog; verstuur het opnieuw.",
		"error_service":            "Er ging iets mis bij het versturen. Probeer het over een paar minuten opnieuw.",
		"receipt_title":            "Uw melding is ontvangen",
		"already_sent":             "Deze melding is al verstuurd. De ontvangstcode is één keer getoond en wordt niet opnieuw getoond. Heeft u de code, kijk dan bij Mijn melding.",
		"receipt_intro":            "Dit is uw ontvangstcode. Daarmee kunt u uw melding later bekijken en berichten sturen.",
		"receipt_warning":          "Schrijf deze code op of bewaar hem. U ziet hem maar één keer. Als u de code kwijt bent, kan niemand hem terughalen — ook wij niet.",
		"receipt_reference":        "Kenmerk van uw melding",
		"receipt_copy":             "Kopieer de code",
		"receipt_download":         "Download als tekstbestand",
		"receipt_next":             "Binnen 7 dagen krijgt u een bevestiging. Kijk dan met uw code bij Mijn melding.",
		"receipt_file_text":        "Ontvangstcode van uw melding bij het Meldpunt integriteit en ongewenst gedrag",
		"login_title":              "Mijn melding bekijken",
		"login_intro":              "Vul uw ontvangstcode in. Spaties, streepjes en kleine letters mogen.",
		"field_code":               "Ontvangstcode",
		"button_login":             "Bekijken",
		"error_code":               "Deze code klopt niet. Controleer de code en probeer het opnieuw.",
		"error_locked":             "Te veel pogingen. Probeer het later opnieuw.",
		"mycase_title":             "Mijn melding",
		"mycase_status":            "Status",
		"mycase_received":          "Ontvangen op",
		"mycase_deadlines":         "Termijnen",
		"deadline_met":             "gehaald",
		"deadline_overdue":         "te laat",
		"deadline_open":            "uiterlijk",
		"mycase_messages":          "Berichten",
		"mycase_no_messages":       "Nog geen berichten.",
		"author_reporter":          "U",
		"author_staff":             "Meldpunt",
		"field_message":            "Uw bericht",
		"button_send_message":      "Bericht sturen",
		"button_logout":            "Uitloggen",
		"session_expired":          "U bent uitgelogd. Vul uw code opnieuw in.",
		"status_RECEIVED":          "Ontvangen",
		"status_IN_SUPPORT":        "In behandeling",
		"status_WEIGHING":          "Bij de werkgever voor weging",
		"status_FACT_FINDING":      "In onderzoek",
		"status_ASSESSMENT":        "Beoordeling",
		"status_SANCTION":          "Besluit genomen",
		"status_CLOSED":            "Afgerond",
		"deadline_acknowledgement": "Ontvangstbevestiging",
		"deadline_feedback":        "Terugkoppeling",
		"deadline_weighing":        "Weging",
		"evidence_title":           "Bewijs toevoegen",
		"evidence_intro":           "U kunt een foto of een PDF toevoegen, bijvoorbeeld een schermafdruk van een bericht. Wij halen gegevens zoals de plaats waar een foto is gemaakt en het toestel eruit.",
		"field_evidence":           "Bestand",
		"field_evidence_hint":      "Foto (JPEG of PNG) of PDF, hoogstens 5 MB.",
		"button_add_evidence":      "Bestand toevoegen",
		"evidence_added":           "Uw bestand is toegevoegd.",
		"error_evidence":           "Dit bestand kan niet worden toegevoegd. Alleen foto's (JPEG, PNG) en PDF's tot 5 MB, zonder wachtwoord.",
		"error_evidence_missing":   "Kies eerst een bestand.",
	},
	"en": {
		"site_name":                "Integrity and unwanted behaviour reporting point",
		"organisation":             "Municipality of Utrecht",
		"skip_link":                "Skip to content",
		"quick_exit":               "Quick exit",
		"quick_exit_hint":          "Leave this site at once",
		"language":                 "Language",
		"nav_start":                "Start",
		"nav_report":               "Report",
		"nav_advisers":             "Confidential advisers",
		"nav_rules":                "Rules",
		"nav_followup":             "My report",
		"footer_privacy":           "We keep no IP address and set no cookies, except when you sign in to follow your report.",
		"start_title":              "Did something happen at work? You can report it here.",
		"start_intro":              "Have you met discrimination, intimidation, bullying or other unwanted behaviour at work? Or do you see something that is not right? You can report it here. You may do so anonymously.",
		"start_what_title":         "What can you report?",
		"start_what":               "Discrimination, sexual harassment, aggression, bullying, intimidation and other unwanted behaviour. And integrity violations, such as fraud, conflicts of interest or misuse of information.",
		"start_next_title":         "What happens next?",
		"start_next":               "Within 7 days you get a confirmation that your report was received. Within 3 months you hear what was done with it. With your receipt code you can always see how it stands and send messages.",
		"start_choice_title":       "Anonymous, confidential or with your name",
		"start_anonymous":          "Anonymous: nobody knows who you are. We can only reach you through the messages of your report.",
		"start_confidential":       "Confidential: only the person handling it knows your name. Your name goes no further without your consent.",
		"start_named":              "With your name: those handling your report know your name.",
		"start_adviser_title":      "Would you rather talk first?",
		"start_adviser":            "A confidential adviser listens, thinks along with you and helps you choose what to do. Nothing goes further without your consent.",
		"start_cta":                "Make a report",
		"start_followup":           "Already have a receipt code? See your report",
		"advisers_title":           "Confidential advisers",
		"advisers_intro":           "You can choose a confidential adviser when you make your report. You can also just talk to an adviser first.",
		"advisers_contact":         "How to reach a confidential adviser: choose him or her in the report form. You do not have to write down your whole story yet. The adviser contacts you through the messages of your report, or in the way you say.",
		"adviser_internal":         "Internal confidential adviser",
		"adviser_external":         "External confidential adviser (outside the municipality)",
		"adviser_languages":        "Speaks",
		"advisers_none":            "No confidential advisers are available at the moment.",
		"rules_title":              "The rules: code of conduct and sanctions",
		"rules_intro":              "These are the rules for everyone working for the municipality, and what can happen when someone breaks them.",
		"rules_version":            "Version",
		"rules_zero":               "Zero tolerance: proven discrimination is always sanctioned.",
		"rules_code_rule":          "Code of conduct, rule",
		"report_title":             "Make a report",
		"report_intro":             "Fill in what you know. Only the fields marked (required) must be filled in. You can check everything before you send it.",
		"required":                 "(required)",
		"field_category":           "What is your report about?",
		"field_description":        "What happened?",
		"field_description_hint":   "Describe in your own words what happened. At least 10 characters.",
		"field_when":               "When did it happen?",
		"field_when_hint":          "For example: last Tuesday, or since March.",
		"field_where":              "Where did it happen?",
		"field_subjects":           "Who is it about?",
		"field_subjects_hint":      "Names or roles, one per line. May be left empty.",
		"field_witnesses":          "Were there witnesses?",
		"field_witnesses_hint":     "One per line. May be left empty.",
		"field_outcome":            "What do you hope will happen?",
		"field_anonymity":          "How do you want to report?",
		"anonymity_anonymous":      "Anonymously",
		"anonymity_confidential":   "Confidentially (only the person handling it knows my name)",
		"anonymity_named":          "With my name",
		"field_name":               "Your name",
		"field_name_hint":          "Only needed when you report confidentially or with your name.",
		"field_contact":            "How can we reach you? (phone or e-mail)",
		"field_adviser":            "Would you like a confidential adviser?",
		"adviser_none_choice":      "No, not now",
		"button_review":            "Next: check",
		"review_title":             "Check your report",
		"review_intro":             "Is everything right? Then send your report. Want to change something? Go back.",
		"button_back":              "Back: change",
		"button_send":              "Send report",
		"errors_title":             "Something is not filled in correctly",
		"error_description":        "Describe what happened, in at least 10 characters.",
		"error_category":           "Choose what your report is about.",
		"error_anonymity":          "Choose how you want to report.",
		"error_name":               "Fill in your name, or choose to report anonymously.",
		"error_form_expired":       "This form has expired. Your text is still there; send it again.",
		"error_service":            "Something went wrong while sending. Please try again in a few minutes.",
		"receipt_title":            "Your report was received",
		"already_sent":             "This report was sent already. The receipt code was shown once and is not shown again. If you have the code, look under My report.",
		"receipt_intro":            "This is your receipt code. With it you can see your report later and send messages.",
		"receipt_warning":          "Write this code down or keep it safe. You see it only once. If you lose the code, nobody can recover it — not even us.",
		"receipt_reference":        "Reference of your report",
		"receipt_copy":             "Copy the code",
		"receipt_download":         "Download as a text file",
		"receipt_next":             "Within 7 days you get a confirmation. Then look under My report with your code.",
		"receipt_file_text":        "Receipt code of your report to the integrity and unwanted behaviour reporting point",
		"login_title":              "See my report",
		"login_intro":              "Fill in your receipt code. Spaces, dashes and lower case are fine.",
		"field_code":               "Receipt code",
		"button_login":             "See my report",
		"error_code":               "This code is not right. Check the code and try again.",
		"error_locked":             "Too many attempts. Please try again later.",
		"mycase_title":             "My report",
		"mycase_status":            "Status",
		"mycase_received":          "Received on",
		"mycase_deadlines":         "Deadlines",
		"deadline_met":             "met",
		"deadline_overdue":         "overdue",
		"deadline_open":            "by",
		"mycase_messages":          "Messages",
		"mycase_no_messages":       "No messages yet.",
		"author_reporter":          "You",
		"author_staff":             "Reporting point",
		"field_message":            "Your message",
		"button_send_message":      "Send message",
		"button_logout":            "Sign out",
		"session_expired":          "You were signed out. Fill in your code again.",
		"status_RECEIVED":          "Received",
		"status_IN_SUPPORT":        "Being handled",
		"status_WEIGHING":          "With the employer, to be weighed",
		"status_FACT_FINDING":      "Under investigation",
		"status_ASSESSMENT":        "Being assessed",
		"status_SANCTION":          "Decision taken",
		"status_CLOSED":            "Closed",
		"deadline_acknowledgement": "Acknowledgement of receipt",
		"deadline_feedback":        "Feedback",
		"deadline_weighing":        "Weighing",
		"evidence_title":           "Add evidence",
		"evidence_intro":           "You can add a photo or a PDF, for example a screenshot of a message. We remove data such as where a photo was taken and on which device.",
		"field_evidence":           "File",
		"field_evidence_hint":      "Photo (JPEG or PNG) or PDF, at most 5 MB.",
		"button_add_evidence":      "Add file",
		"evidence_added":           "Your file was added.",
		"error_evidence":           "This file cannot be added. Only photos (JPEG, PNG) and PDFs up to 5 MB, without a password.",
		"error_evidence_missing":   "Choose a file first.",
	},
}
