// Package catalogue names the codes of the system — categories, discrimination grounds, case
// statuses, sanctions and the rest — in the languages of the people who see them: Dutch and
// English for staff, and for what reporters see (categories, their case's status, the choice of
// anonymity, the kind of a confidential adviser) also Arabic, Polish and Turkish. The staff
// pages, the reporter pages and the annual report all take their names from here, so that one
// code has one name everywhere.
//
// The names follow the policy's wording: the sanctions are those of the zero-tolerance policy
// ("ontslag op staande voet, opzeggen van de arbeidsovereenkomst via de kantonrechter of een
// schriftelijke waarschuwing") and of domain.md §2. The package depends on nothing, so that the
// domain (the taxonomy, the annual report) can use it too; it is keyed by the codes without their
// enum prefix ("TERMINATION_BY_COURT", not "SANCTION_TERMINATION_BY_COURT").
package catalogue

// Kind is one kind of code.
type Kind string

// The kinds of code. Staff see every kind in Dutch and English; reporters see ReporterKinds.
const (
	Category          Kind = "category"
	Ground            Kind = "ground"
	Status            Kind = "status"             // a case's status as staff see it
	ReporterStatus    Kind = "reporter_status"    // a case's status as its reporter sees it
	Anonymity         Kind = "anonymity"          // a report's anonymity, for staff and the annual report
	ReporterAnonymity Kind = "reporter_anonymity" // the reporter's choice of anonymity, in their words
	Channel           Kind = "channel"
	Consent           Kind = "consent"
	Sanction          Kind = "sanction"
	Finding           Kind = "finding"
	Outcome           Kind = "outcome"
	Severity          Kind = "severity"
	Role              Kind = "role"
	Deadline          Kind = "deadline"
	Weighing          Kind = "weighing"
	AdviserKind       Kind = "adviser_kind"
)

// StaffLanguages are the languages of the staff pages and the annual report; ReporterLanguages
// those of the reporter pages.
var (
	StaffLanguages    = []string{"nl", "en"}
	ReporterLanguages = []string{"nl", "en", "ar", "pl", "tr"}
)

// ReporterKinds are the kinds reporters see, named in every reporter language.
var ReporterKinds = []Kind{Category, ReporterStatus, ReporterAnonymity, AdviserKind}

// Names are one code's names, by language.
type Names struct{ NL, EN, AR, PL, TR string }

// In is the name in lang, "" when there is none.
func (n Names) In(lang string) string {
	switch lang {
	case "nl":
		return n.NL
	case "en":
		return n.EN
	case "ar":
		return n.AR
	case "pl":
		return n.PL
	case "tr":
		return n.TR
	}
	return ""
}

// Entry is one code with its names.
type Entry struct {
	Code  string
	Names Names
}

// Kinds returns every kind of code.
func Kinds() []Kind {
	return append([]Kind(nil), order...)
}

var order = []Kind{Category, Ground, Status, ReporterStatus, Anonymity, ReporterAnonymity, Channel, Consent,
	Sanction, Finding, Outcome, Severity, Role, Deadline, Weighing, AdviserKind}

// Languages are the languages a kind is named in.
func Languages(k Kind) []string {
	for _, r := range ReporterKinds {
		if r == k {
			return ReporterLanguages
		}
	}
	return StaffLanguages
}

// Entries returns a kind's codes with their names, in the order forms and tables list them.
func Entries(k Kind) []Entry { return append([]Entry(nil), entries[k]...) }

// Lookup is the name of a code of a kind in lang; in Dutch when lang has none; ok is false
// when the catalogue does not know the code.
func Lookup(k Kind, code, lang string) (name string, ok bool) {
	for _, e := range entries[k] {
		if e.Code == code {
			if s := e.Names.In(lang); s != "" {
				return s, true
			}
			return e.Names.NL, true
		}
	}
	return "", false
}

// Name is the name of a code of a kind in lang (see Lookup), or the code itself when the
// catalogue does not know it.
func Name(k Kind, code, lang string) string {
	if s, ok := Lookup(k, code, lang); ok {
		return s
	}
	return code
}

var entries = map[Kind][]Entry{
	Category: {
		{"DISCRIMINATION", Names{NL: "Discriminatie", EN: "Discrimination", AR: "التمييز", PL: "Dyskryminacja", TR: "Ayrımcılık"}},
		{"SEXUAL_HARASSMENT", Names{NL: "Seksuele intimidatie", EN: "Sexual harassment", AR: "التحرش الجنسي", PL: "Molestowanie seksualne", TR: "Cinsel taciz"}},
		{"AGGRESSION_VIOLENCE", Names{NL: "Agressie en geweld", EN: "Aggression and violence", AR: "العدوان والعنف", PL: "Agresja i przemoc", TR: "Saldırganlık ve şiddet"}},
		{"BULLYING", Names{NL: "Pesten", EN: "Bullying", AR: "التنمر", PL: "Nękanie (mobbing)", TR: "Zorbalık"}},
		{"INTIMIDATION", Names{NL: "Intimidatie", EN: "Intimidation", AR: "الترهيب", PL: "Zastraszanie", TR: "Yıldırma"}},
		{"UNWANTED_BEHAVIOUR_OTHER", Names{NL: "Ander ongewenst gedrag", EN: "Other unwanted behaviour", AR: "سلوك غير مرغوب فيه آخر", PL: "Inne niepożądane zachowanie", TR: "Diğer istenmeyen davranışlar"}},
		{"CORRUPTION", Names{NL: "Corruptie", EN: "Corruption", AR: "الفساد", PL: "Korupcja", TR: "Yolsuzluk"}},
		{"FRAUD_THEFT_EMBEZZLEMENT", Names{NL: "Fraude, diefstal en verduistering", EN: "Fraud, theft and embezzlement", AR: "الاحتيال والسرقة والاختلاس", PL: "Oszustwo, kradzież i sprzeniewierzenie", TR: "Dolandırıcılık, hırsızlık ve zimmet"}},
		{"GIFTS", Names{NL: "Geschenken en giften", EN: "Gifts", AR: "الهدايا والعطايا", PL: "Prezenty i korzyści", TR: "Hediyeler"}},
		{"CONFLICT_OF_INTEREST", Names{NL: "Belangenverstrengeling en onverenigbare functies", EN: "Conflicts of interest and incompatible positions", AR: "تضارب المصالح والوظائف غير المتوافقة", PL: "Konflikt interesów i niedozwolone łączenie funkcji", TR: "Çıkar çatışması ve bağdaşmayan görevler"}},
		{"MISUSE_OF_INFORMATION", Names{NL: "Misbruik van informatie", EN: "Misuse of information", AR: "إساءة استخدام المعلومات", PL: "Niewłaściwe wykorzystanie informacji", TR: "Bilgilerin kötüye kullanılması"}},
		{"ABUSE_OF_AUTHORITY", Names{NL: "Misbruik van bevoegdheden", EN: "Abuse of authority", AR: "إساءة استخدام الصلاحيات", PL: "Nadużycie uprawnień", TR: "Yetkinin kötüye kullanılması"}},
		{"WASTE_POOR_PERFORMANCE", Names{NL: "Verspilling en wanprestatie", EN: "Waste and poor performance", AR: "الهدر وسوء الأداء", PL: "Marnotrawstwo i złe wykonywanie obowiązków", TR: "İsraf ve kötü performans"}},
		{"OFF_DUTY_MISCONDUCT", Names{NL: "Misdragingen in de privésfeer", EN: "Off-duty misconduct", AR: "سوء السلوك في الحياة الخاصة", PL: "Niewłaściwe zachowanie poza pracą", TR: "Özel hayattaki uygunsuz davranışlar"}},
		{"WRONGDOING", Names{NL: "Misstand (Wet bescherming klokkenluiders)", EN: "Wrongdoing of public interest (Whistleblowers Act)", AR: "مخالفة تمس المصلحة العامة (قانون حماية المبلّغين)", PL: "Nieprawidłowość w interesie publicznym (ustawa o ochronie sygnalistów)", TR: "Kamu yararını ilgilendiren usulsüzlük (İhbarcıları Koruma Yasası)"}},
		{"OTHER", Names{NL: "Overig", EN: "Other", AR: "أخرى", PL: "Inne", TR: "Diğer"}},
	},
	Ground: {
		{"ORIGIN_ETHNICITY", Names{NL: "Afkomst of etniciteit", EN: "Origin or ethnicity"}},
		{"SKIN_COLOUR", Names{NL: "Huidskleur", EN: "Skin colour"}},
		{"NATIONALITY", Names{NL: "Nationaliteit", EN: "Nationality"}},
		{"RELIGION", Names{NL: "Godsdienst", EN: "Religion"}},
		{"BELIEF", Names{NL: "Levensovertuiging", EN: "Belief"}},
		{"POLITICAL_OPINION", Names{NL: "Politieke gezindheid", EN: "Political opinion"}},
		{"SEX", Names{NL: "Geslacht", EN: "Sex"}},
		{"SEXUAL_ORIENTATION", Names{NL: "Seksuele gerichtheid", EN: "Sexual orientation"}},
		{"GENDER_IDENTITY", Names{NL: "Genderidentiteit of -expressie", EN: "Gender identity or expression"}},
		{"DISABILITY_CHRONIC_ILLNESS", Names{NL: "Handicap of chronische ziekte", EN: "Disability or chronic illness"}},
		{"AGE", Names{NL: "Leeftijd", EN: "Age"}},
		{"CIVIL_STATUS", Names{NL: "Burgerlijke staat", EN: "Civil status"}},
		{"WORKING_HOURS_CONTRACT", Names{NL: "Arbeidsduur of soort contract", EN: "Working hours or contract type"}},
	},
	Status: {
		{"RECEIVED", Names{NL: "Ontvangen", EN: "Received"}},
		{"IN_SUPPORT", Names{NL: "In begeleiding", EN: "In support"}},
		{"WEIGHING", Names{NL: "Weging", EN: "Weighing"}},
		{"FACT_FINDING", Names{NL: "Feitenonderzoek", EN: "Fact-finding"}},
		{"ASSESSMENT", Names{NL: "Beoordeling", EN: "Assessment"}},
		{"SANCTION", Names{NL: "Sanctie", EN: "Sanction"}},
		{"CLOSED", Names{NL: "Afgesloten", EN: "Closed"}},
	},
	ReporterStatus: {
		{"RECEIVED", Names{NL: "Ontvangen", EN: "Received", AR: "تم الاستلام", PL: "Otrzymane", TR: "Alındı"}},
		{"IN_SUPPORT", Names{NL: "In behandeling", EN: "Being handled", AR: "قيد المعالجة", PL: "W toku", TR: "İşlemde"}},
		{"WEIGHING", Names{NL: "Bij de werkgever voor weging", EN: "With the employer, to be weighed", AR: "لدى جهة العمل للتقييم الأولي", PL: "Wstępna ocena u pracodawcy", TR: "İşveren tarafından ön değerlendirmede"}},
		{"FACT_FINDING", Names{NL: "In onderzoek", EN: "Under investigation", AR: "قيد التحقيق", PL: "Postępowanie wyjaśniające", TR: "Araştırılıyor"}},
		{"ASSESSMENT", Names{NL: "Beoordeling", EN: "Being assessed", AR: "قيد التقييم", PL: "Ocena", TR: "Değerlendiriliyor"}},
		{"SANCTION", Names{NL: "Besluit genomen", EN: "Decision taken", AR: "تم اتخاذ قرار", PL: "Podjęto decyzję", TR: "Karar verildi"}},
		{"CLOSED", Names{NL: "Afgerond", EN: "Closed", AR: "مُغلق", PL: "Zakończone", TR: "Tamamlandı"}},
	},
	Anonymity: {
		{"ANONYMOUS", Names{NL: "Anoniem", EN: "Anonymous"}},
		{"CONFIDENTIAL", Names{NL: "Vertrouwelijk", EN: "Confidential"}},
		{"NAMED", Names{NL: "Met naam", EN: "Named"}},
	},
	ReporterAnonymity: {
		{"ANONYMOUS", Names{NL: "Anoniem", EN: "Anonymously", AR: "دون كشف الهوية", PL: "Anonimowo", TR: "Anonim"}},
		{"CONFIDENTIAL", Names{NL: "Vertrouwelijk (alleen de behandelaar kent mijn naam)", EN: "Confidentially (only the person handling it knows my name)", AR: "بسرية (الشخص الذي يتولى البلاغ هو وحده من يعرف اسمي)", PL: "Poufnie (tylko osoba prowadząca sprawę zna moje imię i nazwisko)", TR: "Gizli (adımı yalnızca bildirimle ilgilenen kişi bilir)"}},
		{"NAMED", Names{NL: "Met mijn naam", EN: "With my name", AR: "باسمي", PL: "Z moim imieniem i nazwiskiem", TR: "Adımla"}},
	},
	Channel: {
		{"WEB_FORM", Names{NL: "Webformulier", EN: "Web form"}},
		{"INTERNAL_ADVISER", Names{NL: "Interne vertrouwenspersoon", EN: "Internal confidential adviser"}},
		{"EXTERNAL_ADVISER", Names{NL: "Externe vertrouwenspersoon", EN: "External confidential adviser"}},
		{"MANAGER", Names{NL: "Leidinggevende", EN: "Manager"}},
		{"HR", Names{NL: "HR", EN: "HR"}},
		{"EMPLOYEE_NETWORK", Names{NL: "Medewerkersnetwerk", EN: "Employee network"}},
		{"EXTERNAL_COMPLAINT", Names{NL: "Externe klacht", EN: "External complaint"}},
	},
	Consent: {
		{"PASS_ON", Names{NL: "Doorgeven aan de werkgever", EN: "Passing on to the employer"}},
		{"FORMAL_REPORT", Names{NL: "Formele melding", EN: "Formal report"}},
		{"DISCLOSE_IDENTITY", Names{NL: "Identiteit bekendmaken", EN: "Disclosing the identity"}},
		{"ESCROW", Names{NL: "Namens de melder ‘Niet alleen’ vermelden", EN: "A ‘Not alone’ entry on the reporter’s behalf"}},
	},
	Sanction: {
		{"WRITTEN_WARNING", Names{NL: "Schriftelijke waarschuwing", EN: "Written warning"}},
		{"FINAL_WARNING", Names{NL: "Laatste waarschuwing", EN: "Final warning"}},
		{"TRANSFER", Names{NL: "Overplaatsing", EN: "Transfer"}},
		{"TERMINATION_BY_COURT", Names{NL: "Opzegging van de arbeidsovereenkomst via de kantonrechter", EN: "Termination of the employment contract through the subdistrict court"}},
		{"SUMMARY_DISMISSAL", Names{NL: "Ontslag op staande voet", EN: "Summary dismissal"}},
	},
	Finding: {
		{"PROVEN", Names{NL: "Bewezen", EN: "Proven"}},
		{"PARTLY_PROVEN", Names{NL: "Deels bewezen", EN: "Partly proven"}},
		{"NOT_PROVEN", Names{NL: "Niet bewezen", EN: "Not proven"}},
	},
	Outcome: {
		{"RESOLVED_INFORMALLY", Names{NL: "Informeel opgelost", EN: "Resolved informally"}},
		{"MEDIATED", Names{NL: "Bemiddeld", EN: "Mediated"}},
		{"REFERRED", Names{NL: "Doorverwezen", EN: "Referred"}},
		{"WITHDRAWN", Names{NL: "Ingetrokken", EN: "Withdrawn"}},
		{"NO_REASONABLE_SUSPICION", Names{NL: "Geen redelijk vermoeden", EN: "No reasonable suspicion"}},
		{"NOT_PROVEN", Names{NL: "Niet bewezen", EN: "Not proven"}},
		{"PROVEN_WITHOUT_SANCTION", Names{NL: "Bewezen, zonder sanctie", EN: "Proven, without a sanction"}},
		{"PROVEN_WITH_SANCTION", Names{NL: "Bewezen, met sanctie", EN: "Proven, with a sanction"}},
	},
	Severity: {
		{"LOW", Names{NL: "Licht", EN: "Minor"}},
		{"MEDIUM", Names{NL: "Middel", EN: "Moderate"}},
		{"HIGH", Names{NL: "Zwaar", EN: "Serious"}},
	},
	Role: {
		{"intake", Names{NL: "Intake", EN: "Intake"}},
		{"adviser", Names{NL: "Vertrouwenspersoon", EN: "Confidential adviser"}},
		{"manager", Names{NL: "Leidinggevende (IRM)", EN: "Manager (IRM)"}},
		{"integrity_team", Names{NL: "Standby Team Integriteit", EN: "Standby Integrity Team"}},
		{"hr", Names{NL: "HR / integriteitscoördinator", EN: "HR / integrity coordinator"}},
		{"admin", Names{NL: "Beheerder", EN: "Administrator"}},
		{"auditor", Names{NL: "Auditor", EN: "Auditor"}},
	},
	Deadline: {
		{"acknowledgement", Names{NL: "Ontvangstbevestiging", EN: "Acknowledgement of receipt"}},
		{"feedback", Names{NL: "Terugkoppeling aan de melder", EN: "Feedback to the reporter"}},
		{"weighing", Names{NL: "Weging van het signaal", EN: "Weighing of the signal"}},
	},

	Weighing: {
		{"REASONABLE_SUSPICION", Names{NL: "Redelijk vermoeden van een integriteitsschending", EN: "Reasonable suspicion of an integrity violation"}},
		{"NO_REASONABLE_SUSPICION", Names{NL: "Geen redelijk vermoeden", EN: "No reasonable suspicion"}},
		{"REFER_ELSEWHERE", Names{NL: "Doorverwezen", EN: "Referred elsewhere"}},
		{"RESOLVED_INFORMALLY", Names{NL: "Informeel opgelost", EN: "Resolved informally"}},
	},
	AdviserKind: {
		{"INTERNAL", Names{NL: "Interne vertrouwenspersoon", EN: "Internal confidential adviser", AR: "مستشار ثقة داخلي", PL: "Wewnętrzna osoba zaufania", TR: "Kurum içi güven danışmanı"}},
		{"EXTERNAL", Names{NL: "Externe vertrouwenspersoon (buiten de gemeente)", EN: "External confidential adviser (outside the municipality)", AR: "مستشار ثقة خارجي (من خارج البلدية)", PL: "Zewnętrzna osoba zaufania (spoza gminy)", TR: "Kurum dışı güven danışmanı (belediye dışından)"}},
	},
}
