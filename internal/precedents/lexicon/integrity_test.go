package lexicon

import (
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

// lexemeOf is the full-text lexeme of a Dutch word.
func lexemeOf(t *testing.T, word string) string {
	t.Helper()
	terms := dutch.Terms("nl", word)
	if len(terms) == 0 {
		t.Fatalf("no lexeme for %q", word)
	}
	return terms[0]
}

// strength is the summed weight Analyze gives a fact in a text, 0 when it is not found.
func strength(ev []Evidence, kind, code string) float64 {
	for _, e := range ev {
		if e.Kind == kind && e.Code == code {
			return e.Weight
		}
	}
	return 0
}

// fact names a fact of a text: kind and code.
type fact struct{ kind, code string }

var (
	fraud       = fact{Category, "FRAUD_THEFT_EMBEZZLEMENT"}
	gifts       = fact{Category, "GIFTS"}
	corruption  = fact{Category, "CORRUPTION"}
	conflict    = fact{Category, "CONFLICT_OF_INTEREST"}
	misuseInfo  = fact{Category, "MISUSE_OF_INFORMATION"}
	authority   = fact{Category, "ABUSE_OF_AUTHORITY"}
	offDuty     = fact{Category, "OFF_DUTY_MISCONDUCT"}
	position    = fact{Aggravating, "ABUSE_OF_POSITION"}
	vulnerable  = fact{Aggravating, "VULNERABLE_VICTIM"}
	publicHarm  = fact{Aggravating, "PUBLIC_HARM"}
	repeated    = fact{Aggravating, "REPEATED_CONDUCT"}
	obstruction = fact{Aggravating, "OBSTRUCTION"}
	selfReport  = fact{Mitigating, "SELF_REPORT"}
	remorse     = fact{Mitigating, "REMORSE_AND_REPAIR"}
	shortServ   = fact{Mitigating, "SHORT_SERVICE_NO_INSTRUCTION"}
	provocation = fact{Mitigating, "PROVOCATION"}
	longService = fact{Mitigating, "LONG_UNBLEMISHED_SERVICE"}
	notProven   = fact{Findings, NotProven}
)

// A fact counts as read from a text when its cues weigh at least 0.75 together (a confidence of
// about 0.6: a likely category, or a circumstance a precedent can differ in); a trap is a fact
// whose cues weigh less than 0.4 (not suggested at all).
const (
	readWeight = 0.75
	trapWeight = 0.4
)

// Texts of the integrity area said the way staff, intake officers, the people involved and
// investigators say them: the facts that must be read from them, and those that must not.
func TestIntegrityConductInEverydayWords(t *testing.T) {
	for _, tc := range []struct {
		text      string
		want, not []fact
	}{
		// Fraud, in the words of a team leader, an investigator and a colleague.
		{"Een medewerker van de buitendienst heeft maandenlang niet-gewerkte uren op zijn urenbriefje gezet en liet een collega voor hem inklokken.",
			[]fact{fraud, repeated}, []fact{offDuty, misuseInfo}},
		{"Uit de ritregistratie blijkt dat betrokkene stelselmatig meer kilometers heeft opgegeven dan hij voor zijn werk reed.",
			[]fact{fraud, repeated}, []fact{authority}},
		{"Ik zag dat mijn collega elke vrijdag gereedschap en bouwmateriaal uit het magazijn mee naar huis nam.",
			[]fact{fraud, repeated}, []fact{gifts, position}},
		{"Er ontbrak 400 euro in de kleine kas; de beheerder heeft het geld achterovergedrukt.",
			[]fact{fraud}, []fact{gifts, corruption}},
		{"Hij heeft met de tankpas van de gemeente ook zijn eigen auto volgegooid.",
			[]fact{fraud}, []fact{offDuty}},
		{"Zij heeft valse bonnetjes ingediend voor etentjes die nooit zakelijk waren.",
			[]fact{fraud}, nil},
		{"Ik weet niet of ik dit mag melden, maar mijn collega neemt al maanden spullen van het werk mee en schrijft volle dagen terwijl hij om twee uur weg is.",
			[]fact{fraud, repeated}, []fact{conflict, selfReport}},
		{"Met de bedrijfscreditcard deed hij privé-aankopen bij een webwinkel.",
			[]fact{fraud}, []fact{offDuty}},
		{"Het onderzoek stelt ernstig plichtsverzuim vast.",
			nil, []fact{{Category, "WASTE_POOR_PERFORMANCE"}}},

		// Gifts accepted, and gifts refused and reported: the same category, another circumstance.
		{"De aannemer gaf hem een kerstpakket en twee kaartjes voor Ajax, die hij zonder melden heeft aangenomen.",
			[]fact{gifts}, []fact{selfReport, corruption}},
		{"Een inwoner wilde mij als bedankje een envelop met geld geven; ik heb die geweigerd en gemeld bij mijn teamleider.",
			[]fact{gifts, selfReport}, []fact{position, fraud}},
		{"De leverancier bood haar een weekendje weg aan. Zij sloeg het aanbod af en meldde het aanbod bij de integriteitscoördinator.",
			[]fact{gifts, selfReport}, nil},
		{"Hij heeft het concertkaartje van de evenementenorganisator niet aangenomen en het geschenk gemeld in het register.",
			[]fact{gifts, selfReport}, nil},
		{"Na een excuusgesprek heeft de medewerker zijn excuses aangeboden aan de inwoner.",
			[]fact{remorse}, []fact{gifts}},
		{"Hij kreeg een uitnodiging voor een gesprek met zijn leidinggevende.",
			nil, []fact{gifts}},
		{"Hij kocht treinkaartjes en parkeerkaartjes voor een dienstreis.",
			nil, []fact{gifts}},

		// Corruption and conflicts of interest.
		{"De vergunningverlener liet zich door een projectontwikkelaar betalen om de bouwvergunning sneller te verlenen.",
			[]fact{corruption}, nil},
		{"De inkoper gunde de opdracht onderhands aan het hoveniersbedrijf van zijn schoonvader, zonder de familieband te melden.",
			[]fact{conflict}, nil},
		{"Naast haar baan bij de gemeente heeft zij een eigen adviesbureau dat voor dezelfde aannemers werkt; die nevenwerkzaamheden heeft zij nooit gemeld.",
			[]fact{conflict}, nil},
		{"Naast zijn werk bij de gemeente klust hij als zzp'er voor aannemers die hij zelf controleert.",
			[]fact{conflict}, nil},
		{"De controleur vroeg geld om de vergunning sneller te regelen.",
			[]fact{corruption}, []fact{gifts}},
		{"Ik denk dat iemand van de gemeente mijn gegevens heeft bekeken.",
			[]fact{misuseInfo}, nil},
		{"Een collega heeft geld aangenomen van een aannemer; in ruil daarvoor kreeg die de opdracht.",
			[]fact{corruption}, nil},
		{"In de sollicitatiecommissie zat de oom van een kandidaat, die de zoon van zijn broer het hoogst beoordeelde: vriendjespolitiek.",
			[]fact{conflict}, nil},

		// Misuse of information: look-ups, leaks, private mail, photographs.
		{"Een collega van Burgerzaken heeft in het bevolkingsregister gekeken waar zijn ex nu woont.",
			[]fact{misuseInfo}, []fact{offDuty}},
		{"Zij zocht het nieuwe adres van haar ex-vriendin niet zelf op, maar gaf het adres door aan haar broer.",
			[]fact{misuseInfo}, []fact{conflict, selfReport}},
		{"Uit de logging blijkt dat hij het dossier van een bekende voetballer heeft geraadpleegd zonder werkgerelateerde reden.",
			[]fact{misuseInfo}, nil},
		{"Zij heeft vertrouwelijke stukken over de reorganisatie naar haar privémail doorgestuurd.",
			[]fact{misuseInfo}, nil},
		{"Hij maakte met zijn telefoon foto's van het dossier van een cliënt en stuurde die naar zijn vriendin.",
			[]fact{misuseInfo}, nil},
		{"Iemand van de afdeling heeft de plannen voor de sluiting van het zwembad naar de krant gelekt.",
			[]fact{misuseInfo, publicHarm}, nil},

		// Abuse of authority: enforcement, the service car.
		{"De handhaver heeft de bekeuringen van zijn vrienden stelselmatig door de vingers gezien en een boete ingetrokken.",
			[]fact{authority, repeated}, []fact{fraud}},
		{"Hij gebruikte de dienstauto in het weekend om met zijn gezin naar de camping te rijden.",
			[]fact{authority}, nil},

		// Off duty.
		{"Buiten werktijd is hij aangehouden voor rijden onder invloed; de politierechter heeft hem veroordeeld en zijn rijbewijs is ingevorderd.",
			[]fact{offDuty}, []fact{authority}},
		{"Op haar privéaccount op Instagram plaatste een boa filmpjes waarin zij bewoners uit de wijk belachelijk maakte.",
			[]fact{offDuty, publicHarm}, nil},
		{"Zij kreeg van de ploegbaas alleen schoonmaakklussen.",
			[]fact{position}, []fact{authority}},
		{"Vrouwen horen niet achter het stuur van de veegmachine, zei de ploegbaas.",
			[]fact{position}, []fact{offDuty}},
	} {
		checkFacts(t, tc.text, tc.want, tc.not)
	}
}

// The circumstances of the rule set in a case's words, and the words that only look like them.
func TestCircumstancesInEverydayWords(t *testing.T) {
	for _, tc := range []struct {
		text      string
		want, not []fact
	}{
		// Self-report: the one at issue reported it; a manager reported to is not the one at issue.
		{"Hij heeft eenmaal het aanslagdossier van zijn buurman geopend en meldde dat de volgende dag zelf bij zijn leidinggevende.",
			[]fact{selfReport}, []fact{position, repeated}},
		{"Uit eigen beweging heeft zij opgebiecht dat zij de tankpas ook privé had gebruikt, en zij heeft alles terugbetaald.",
			[]fact{selfReport, remorse, fraud}, nil},
		{"Ik heb het gemeld bij mijn leidinggevende, maar mijn collega blijft me berichten sturen.",
			[]fact{repeated}, []fact{selfReport}},
		{"Mijn teamleider zit steeds aan mijn knie; ik heb het gemeld bij zijn leidinggevende.",
			[]fact{position, repeated}, nil},
		{"Haar leidinggevende vraagt steeds of ze haar hoofddoek af wil doen; een gesprek met haar leidinggevende veranderde niets.",
			[]fact{position, repeated}, nil},

		// Repetition, and saying it happened once.
		{"Hij heeft elf keer de gegevens van zijn ex-partner opgevraagd.", []fact{repeated}, nil},
		{"Twee maanden geleden kreeg hij van een aannemer een fles wijn.", []fact{gifts}, []fact{repeated}},
		{"Ze sturen haar al drie maanden berichten.", []fact{repeated}, nil},
		{"Het is niet de eerste keer: hij is al eerder gewaarschuwd voor hetzelfde.", []fact{repeated}, nil},
		{"Het was de eerste keer dat zoiets gebeurde; een op zichzelf staand incident.", nil, []fact{repeated}},
		{"Hij vindt dat dat nu eenmaal zo hoort, en zegt het telkens weer.", []fact{repeated}, nil},

		// Obstruction; an investigation's witnesses are no obstruction by themselves.
		{"Tijdens het onderzoek heeft hij zijn mailbox gewist en een getuige benaderd om de verklaringen af te stemmen.",
			[]fact{obstruction}, nil},
		{"Twee collega's waren getuige van het voorval en zijn gehoord in een verhoor.",
			nil, []fact{obstruction}},

		// The people harmed and the standing of the municipality.
		{"Een voorbijganger filmde het en het filmpje ging viraal; de gemeente kwam in opspraak.",
			[]fact{publicHarm}, nil},
		{"Het gaat om een dakloze man met schulden die afhankelijk is van de daklozenopvang.",
			[]fact{vulnerable}, nil},
		{"Het is niet komen vast te staan dat zij in het systeem heeft gekeken.", []fact{notProven, misuseInfo}, nil},
		{"Ze heeft een contactverbod tegen hem, maar hij zocht haar nieuwe adres op.",
			[]fact{vulnerable}, nil},
		{"Hij kreeg een klap op zijn hoofd.", nil, []fact{position}},
		{"De ploegbaas liet zijn mensen onder werktijd klussen aan zijn eigen huis.",
			[]fact{position, authority}, nil},

		// Mitigating circumstances.
		{"Hij werkt al 28 jaar bij de gemeente en heeft een blanco staat van dienst.", []fact{longService}, nil},
		{"Ze was pas twee weken in dienst, was niet ingewerkt en kende de regels niet.", []fact{shortServ}, nil},
		{"Hij sloeg pas terug nadat de ander hem eerst zelf had geduwd; hij zegt uit zelfverdediging.", []fact{provocation}, nil},
		{"Betrokkene schaamt zich, erkent de fout en heeft het bedrag teruggestort.", []fact{remorse}, nil},
		{"Hij erkent de aantekening, maar vindt dat hij niets verkeerd heeft gedaan.", nil, []fact{remorse}},
		{"Een medewerkster die sinds kort een hoofddoek draagt, mag niet meer aan de balie.", nil, []fact{shortServ}},

		// Not proven, in an investigator's words.
		{"Het is woord tegen woord; de beschuldiging kon niet worden bevestigd en is niet onderbouwd.", []fact{notProven}, nil},
		{"Dat hij geld uit de kas nam, kon niet worden bewezen.", []fact{notProven, fraud}, nil},
		{"Uit de logging bleek dat de medewerker de gegevens raadpleegde voor een lopend onderzoek waaraan hij was toegewezen; hij had een werkgerelateerde reden.",
			[]fact{notProven}, nil},
	} {
		checkFacts(t, tc.text, tc.want, tc.not)
	}
}

// A one-off said in other words denies repetition, with the words that say so.
func TestOneOffInOtherWordsDeniesRepetition(t *testing.T) {
	for _, text := range []string{
		"Hij heeft slechts eenmaal in het dossier gekeken.",
		"Het ging om een op zichzelf staand incident.",
		"Het was de eerste keer dat hij een declaratie te hoog indiende.",
	} {
		if d := Denied(text); !has(d, Aggravating, "REPEATED_CONDUCT", "") {
			t.Errorf("Denied(%q) = %+v, want REPEATED_CONDUCT", text, d)
		}
	}
	for _, text := range []string{
		"Het is niet de eerste keer dat hij uren schrijft die hij niet werkte.",
		"Dat is nu eenmaal zo bij ons op de afdeling.",
	} {
		if d := Denied(text); len(d) > 0 {
			t.Errorf("Denied(%q) = %+v, want none", text, d)
		}
	}
}

// Paraphrases of the integrity area: the words a case uses for money, hours, registers, people.
func TestIntegrityParaphrases(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"prikklok", "urenregistratie"},
		{"ontvreemd", "diefstal"},
		{"kilometervergoeding", "reiskosten"},
		{"bevolkingsregister", "brp"},
		{"burgerzaken", "publiekszaken"},
		{"nevenbaan", "nevenfunctie"},
		{"gematst", "voorgetrokken"},
		{"inwoonster", "inwoner"},
		{"teamleidster", "leidinggevende"},
		{"loggegevens", "logging"},
		{"exvriendin", "expartner"},
	} {
		lex := lexemeOf(t, tc.word)
		var forms []string
		for _, p := range Paraphrases(lex) {
			forms = append(forms, p.Form)
		}
		if !slices.Contains(forms, tc.want) {
			t.Errorf("paraphrases of %q (%s): %v, want %q among them", tc.word, lex, forms, tc.want)
		}
	}
	// Words of other meanings are not paraphrases of each other.
	for _, tc := range []struct{ word, not string }{
		{"vrouw", "echtgenoot"},
		{"geaccepteerd", "geweigerd"},
		{"uitnodiging", "geschenk"},
		{"partner", "expartner"},
		{"vriendin", "expartner"},
	} {
		for _, p := range Paraphrases(lexemeOf(t, tc.word)) {
			if p.Form == tc.not {
				t.Errorf("%q is given as a paraphrase of %q", tc.not, tc.word)
			}
		}
	}
}

// Social media are where conduct of every kind happens: a hint of off-duty conduct, not its name.
func TestSocialMediaAloneDoNotNameOffDutyConduct(t *testing.T) {
	for _, e := range Analyze("Hij plaatste op sociale media een filmpje waarin hij een collega uitschold.") {
		if e.Kind == Category && e.Code == "OFF_DUTY_MISCONDUCT" && e.Weight >= 1 {
			t.Errorf("read as off-duty conduct by itself: %+v", e)
		}
	}
}

// "Aangenomen" in a selection is hired, not a gift accepted.
func TestHiredIsNoGift(t *testing.T) {
	text := "Zij werd niet aangenomen. De commissie nam hem aan, een kandidaat zonder migratieachtergrond."
	for _, e := range Analyze(text) {
		if e.Kind == Category && e.Code == "GIFTS" && lexiconStrong(e.Weight) {
			t.Errorf("a selection read as a gift: %+v", e)
		}
	}
}

// lexiconStrong: a weight that by itself makes a suggestion (confidence 1-exp(-1.2w) ≥ 0.6).
func lexiconStrong(w float64) bool { return w >= 0.8 }

// checkFacts holds a text to the facts it must be read as (at least readWeight) and those it
// must not (below trapWeight).
func checkFacts(t *testing.T, text string, want, not []fact) {
	t.Helper()
	ev := Analyze(text)
	for _, f := range want {
		if w := strength(ev, f.kind, f.code); w < readWeight {
			t.Errorf("%q: %s %s weighs %.2f, want at least %.2f (%+v)", text, f.kind, f.code, w, readWeight, ev)
		}
	}
	for _, f := range not {
		if w := strength(ev, f.kind, f.code); w >= trapWeight {
			t.Errorf("%q: %s %s weighs %.2f, want below %.2f (%+v)", text, f.kind, f.code, w, trapWeight, ev)
		}
	}
}
