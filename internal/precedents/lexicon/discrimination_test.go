package lexicon

import (
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

// weightOf is the summed weight of the cues for a fact in a text, 0 when none.
func weightOf(ev []Evidence, kind, code string) float64 {
	for _, e := range ev {
		if e.Kind == kind && e.Code == code {
			return e.Weight
		}
	}
	return 0
}

// strong is the weight from which the lexicon alone makes a fact a suggestion: a text-only
// lookup suggests a fact from a confidence of 0.3, of which the lexicon gives 0.55 times
// 1-exp(-1.2w) (infer.go), so from w ≈ 0.66.
const strong = 0.66

type fact struct{ kind, code string }

var discrimination = fact{Category, "DISCRIMINATION"}

func ground(code string) fact { return fact{Ground, code} }

// How people describe discrimination — an employee at night in the first person, an intake
// officer, an investigator's report — names the category and the ground, in everyday words,
// slurs as they are reported, selection wording, mocking tied to a ground and dead-naming.
func TestDiscriminationIsReadFromEverydayWording(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []fact
	}{
		// origin and skin colour: coded racism and imitated animal noises
		{"Als ik de kantine binnenkom maken ze apengeluiden en leggen ze een banaan op mijn bureau.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		{"Tijdens de wedstrijd in de personeelsvereniging klonken oerwoudgeluiden toen mijn collega aan de bal was.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		{"De voorman noemde hem een kutmarokkaan en zei dat hij maar moest oprotten naar Marokko.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Een inwoner kreeg aan het loket te horen dat hij terug moest naar zijn eigen land als het hem hier niet beviel.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Hij zei dat ze terug kon gaan naar haar eigen land als het haar hier niet beviel.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Mijn teamleider zegt waar iedereen bij is dat mensen van jullie soort hier alleen komen profiteren.",
			[]fact{discrimination}}, // which group "jullie soort" means, the text does not say
		{"Ze maken steeds grappen over zijn Surinaamse afkomst en vragen of hij zijn huidskleur kan afwassen.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY"), ground("SKIN_COLOUR")}},
		{"In de ploeg wordt de enige donkere collega 'zwartje' genoemd.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		// nationality
		{"De Oost-Europeanen in de ploeg worden banenpikkers genoemd en krijgen altijd het vuilste werk.",
			[]fact{discrimination, ground("NATIONALITY")}},
		{"Collega's noemen de nieuwe uitzendkracht steeds 'de Polak' en doen zijn accent na.",
			[]fact{discrimination, ground("NATIONALITY")}},
		// religion
		{"De teamleider zei dat er geen hoofddoek aan de balie komt, dat past niet bij onze uitstraling.",
			[]fact{discrimination, ground("RELIGION")}},
		{"Ik word door mijn chef belachelijk gemaakt om mijn sluier en hij noemt het een theedoek.",
			[]fact{discrimination, ground("RELIGION")}},
		{"Een collega vroeg bij het vrijdaggebed of ik mijn bomgordel al om had en maakte moppen over moslims.",
			[]fact{discrimination, ground("RELIGION")}},
		// sex, pregnancy included
		{"Mijn tijdelijke contract werd niet verlengd nadat ik had verteld dat ik in verwachting ben, omdat het team geen uitval kon gebruiken.",
			[]fact{ground("SEX")}},
		{"In het sollicitatiegesprek vroeg de voorzitter naar mijn kinderwens en zei dat hij liever een man had voor deze functie.",
			[]fact{discrimination, ground("SEX")}},
		{"De ploegbaas zegt dat vrouwen horen achter het aanrecht en dat dit mannenwerk is.",
			[]fact{discrimination, ground("SEX")}},
		{"Op de werf zei hij tegen haar dat vrouwen dit werk gewoon niet kunnen.",
			[]fact{ground("SEX")}},
		// sexual orientation
		{"Hij noemt mij nichterig en zegt tegen iedereen dat ik van de verkeerde kant ben.",
			[]fact{discrimination, ground("SEXUAL_ORIENTATION")}},
		{"Sinds ik heb verteld dat ik met mijn vriendin samenwoon, wordt er in de teamapp gegrapt over lesbo's en roepen ze me flikkers na.",
			[]fact{discrimination, ground("SEXUAL_ORIENTATION")}},
		// gender identity, dead-naming
		{"Na haar transitie blijft een collega haar bij haar oude naam noemen en spreekt hij haar met 'hij' aan.",
			[]fact{discrimination, ground("GENDER_IDENTITY")}},
		{"Mijn leidinggevende weigert mijn nieuwe voornaamwoorden te gebruiken en deadnamet mij in mails naar het team.",
			[]fact{discrimination, ground("GENDER_IDENTITY")}},
		{"Hij zei in de kantine dat zij gewoon een man in een jurk is.",
			[]fact{discrimination, ground("GENDER_IDENTITY")}},
		// disability and chronic illness
		{"Twee collega's doen mijn gestotter na in het werkoverleg.",
			[]fact{discrimination, ground("DISABILITY_CHRONIC_ILLNESS")}},
		{"De manager wees de werkplekaanpassing af die de bedrijfsarts adviseerde en noemt mij een mongool.",
			[]fact{discrimination, ground("DISABILITY_CHRONIC_ILLNESS")}},
		{"Omdat ik chronisch ziek ben word ik niet meer uitgenodigd voor de teamdag.",
			[]fact{ground("DISABILITY_CHRONIC_ILLNESS")}},
		// age, selection wording
		{"In de vacaturetekst stond dat we een jong en dynamisch team zijn; de vijftigplusser werd niet uitgenodigd.",
			[]fact{discrimination, ground("AGE")}},
		{"De selectiecommissie schreef bij mijn naam 'te oud voor dit team, over een paar jaar met pensioen'.",
			[]fact{discrimination, ground("AGE")}},
		{"Mijn chef noemt mij de dinosaurus van de afdeling en zegt dat ik plaats moet maken voor jonge mensen.",
			[]fact{discrimination, ground("AGE")}},
		// origin in recruitment
		{"De recruiter legde cv's met een Arabisch klinkende naam meteen opzij.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Volgens de voorzitter zou de kandidaat met een buitenlandse achternaam niet in het team passen.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		// civil status, working hours, belief, political opinion
		{"Omdat ik alleenstaande moeder ben, krijg ik van mijn chef nooit de avonddiensten die extra betalen.",
			[]fact{ground("CIVIL_STATUS")}},
		{"De parttimers in ons team worden structureel overgeslagen voor de teamdag en de bonus.",
			[]fact{ground("WORKING_HOURS_CONTRACT")}},
		{"Een collega zegt dat hij met zijn humanistische levensovertuiging geen zitting kan nemen in de commissie.",
			[]fact{ground("BELIEF")}},
		// an investigator's or an intake officer's wording
		{"Uit het onderzoek is gebleken dat betrokkene zich bij herhaling denigrerend heeft uitgelaten over de Turkse afkomst van melder.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Melder stelt dat hij vanwege zijn huidskleur anders wordt behandeld dan zijn collega's bij de verdeling van de diensten.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		{"Klager voert aan dat de baliemedewerker weigerde hem te helpen omdat hij een keppeltje droeg.",
			[]fact{discrimination, ground("RELIGION")}},
		{"Melder geeft aan dat collega's haar 'de hoofddoek' noemen.",
			[]fact{discrimination, ground("RELIGION")}},
		{"Mijn chef zei: 'Jullie Polen zuipen toch altijd, dus jij doet de nachtdienst niet.'",
			[]fact{discrimination, ground("NATIONALITY")}},
		{"Er werd in de kantine gezegd dat Oost-Europeanen onze banen inpikken.",
			[]fact{discrimination, ground("NATIONALITY")}},
		{"Sinds ik uit de kast ben gekomen word ik niet meer uitgenodigd voor de vrijdagmiddagborrel.",
			[]fact{discrimination, ground("SEXUAL_ORIENTATION")}},
		{"Sinds mijn transitie word ik niet meer ingeroosterd op de balie.",
			[]fact{discrimination, ground("GENDER_IDENTITY")}},
		{"Toen ik vertelde dat ik zwanger was, zei mijn manager dat ze mijn contract niet konden verlengen.",
			[]fact{discrimination, ground("SEX")}},
		{"In de vacature stond dat wij een jonge, enthousiaste collega zoeken.",
			[]fact{discrimination, ground("AGE")}},
		{"Bij de interne vacature werd ik gepasseerd voor een jongere collega met minder ervaring; ze zochten 'vers bloed'.",
			[]fact{discrimination, ground("AGE")}},
		{"Betrokkene heeft in de groepsapp een filmpje gedeeld waarin een Afrikaanse collega met een aap werd vergeleken.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		{"Omdat ik lid ben van de PVV word ik in het team een fascist genoemd.",
			[]fact{discrimination, ground("POLITICAL_OPINION")}},
		{"Sinds bekend is dat ik partijlid ben, word ik door mijn teamleider niet meer bij overleggen gevraagd vanwege mijn politieke overtuiging.",
			[]fact{discrimination, ground("POLITICAL_OPINION")}},
	} {
		ev := Analyze(tc.text)
		for _, f := range tc.want {
			if w := weightOf(ev, f.kind, f.code); w < strong {
				t.Errorf("%q: %s %s weighs %.2f, want at least %.2f: %+v", tc.text, f.kind, f.code, w, strong, ev)
			}
		}
	}
}

// A ground word mentioned in a conflict that is not about it makes the ground likely but not,
// by itself, the category: a row about the leave rota during ramadan, a pregnant colleague's
// leave, a Polish colleague in a shove, a dark evening, a journey abroad, a "terug naar" that
// is about a desk.
func TestABareGroundWordDoesNotMakeItDiscrimination(t *testing.T) {
	for _, tc := range []struct {
		text    string
		notWant []fact // facts that must not be read strongly
	}{
		{"Er was ruzie over het verlofrooster: een collega wilde tijdens de ramadan vrij en de teamleider gaf dat aan een ander.",
			[]fact{discrimination}},
		{"Omdat mijn collega zwanger is, moest ik haar diensten overnemen en daarover kregen we een woordenwisseling.",
			[]fact{discrimination}},
		{"Mijn Poolse collega en ik kregen onenigheid over de planning en toen gaf hij me een duw.",
			[]fact{discrimination}},
		{"Het was al donker toen hij op de parkeerplaats werd geduwd; daarna ging hij terug naar zijn bureau.",
			[]fact{discrimination, ground("SKIN_COLOUR"), ground("ORIGIN_ETHNICITY")}},
		{"De wethouder declareerde een buitenlandse dienstreis en een etentje in eigen land als zakelijk.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Een medewerkster met een hoofddoek meldde dat haar collega geld uit de kas had genomen.",
			[]fact{discrimination}},
		{"De boa schreef een bekeuring uit voor afval dat niet gescheiden was aangeboden op de zwarte lijst-locatie.",
			[]fact{discrimination, ground("CIVIL_STATUS"), ground("SKIN_COLOUR")}},
		{"De energietransitie vraagt een nieuwe manier van werken; de projectleider paste de beperking van de openingstijden toe.",
			[]fact{discrimination, ground("GENDER_IDENTITY"), ground("DISABILITY_CHRONIC_ILLNESS")}},
		{"Hij flikkerde de map op tafel en schreeuwde dat ik moest opletten; de computer is te oud.",
			[]fact{discrimination, ground("SEXUAL_ORIENTATION")}},
		{"We hadden een blinde vlek voor de risico's van de aanbesteding.",
			[]fact{ground("DISABILITY_CHRONIC_ILLNESS")}},
		{"Mijn collega ging in de zomer op vakantie naar haar eigen land en ik moest haar diensten draaien; daarover kregen we ruzie.",
			[]fact{discrimination}},
		{"Mijn collega van Marokkaanse afkomst en ik hebben ruzie gehad over de vakantieplanning en hij heeft mij geslagen.",
			[]fact{discrimination}},
		{"De inwoner met een hoofddoek kwam een paspoort aanvragen; de medewerker nam daarbij een cadeaubon aan.",
			[]fact{discrimination, ground("NATIONALITY")}},
		{"De stagiair is gescheiden van zijn groep en werkt nu alleen aan het project.",
			[]fact{ground("CIVIL_STATUS")}},
		{"Hij is net gescheiden en had het moeilijk, maar dat geeft hem niet het recht mij te slaan.",
			[]fact{discrimination, ground("CIVIL_STATUS")}},
		{"Mijn collega werkt parttime en heeft de tankpas gebruikt voor privéritten.",
			[]fact{discrimination, ground("WORKING_HOURS_CONTRACT")}},
		{"De oudere collega's van de buitendienst pestten de nieuwe stagiair met ontgroeningsgrappen.",
			[]fact{discrimination, ground("AGE")}},
		{"Op de zwarte lijst staan leveranciers die gefraudeerd hebben; in het donker werd de container geleegd.",
			[]fact{discrimination, ground("SKIN_COLOUR")}},
		{"Hij maakte seksueel getinte opmerkingen over het lichaam van een vrouwelijke collega.",
			[]fact{discrimination, ground("SKIN_COLOUR"), ground("SEX")}},
		{"Bij zijn declaraties rondde hij af in zijn eigen voordeel; hij afrondde steeds naar boven.",
			[]fact{discrimination, ground("ORIGIN_ETHNICITY")}},
		{"Een lid van de selectiecommissie meldde niet dat een van de sollicitanten voor de vacature de zoon van zijn neef was.",
			[]fact{discrimination}},
	} {
		ev := Analyze(tc.text)
		for _, f := range tc.notWant {
			if w := weightOf(ev, f.kind, f.code); w >= strong {
				t.Errorf("%q: %s %s weighs %.2f, want below %.2f: %+v", tc.text, f.kind, f.code, w, strong, ev)
			}
		}
	}
	// The ground itself may still be read: the ramadan is about religion.
	if w := weightOf(Analyze("Een collega wilde tijdens de ramadan vrij."), Ground, "RELIGION"); w < strong {
		t.Errorf("ramadan: religion weighs %.2f", w)
	}
}

// Paraphrases join the words people use for the same ground or the same slur-laden act.
func TestParaphrasesOfGroundsAndGroups(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"sluier", "hoofddoek"},
		{"apengeluiden", "oerwoudgeluiden"},
		{"gestotter", "stotteren"},
		{"roemeen", "roemenië"},
		{"marokko", "marokkaan"},
		{"arbeidsmigranten", "seizoenarbeider"},
		{"deeltijder", "parttimer"},
		{"nichterig", "verwijfd"},
		{"geslachtsverandering", "gendertransitie"},
		{"komaf", "afkomst"},
	} {
		var forms []string
		for _, l := range dutch.Terms("nl", tc.word) {
			for _, p := range Paraphrases(l) {
				forms = append(forms, p.Form)
			}
		}
		if !slices.Contains(forms, tc.want) {
			t.Errorf("paraphrases of %q: %v, want %q among them", tc.word, forms, tc.want)
		}
	}
}
