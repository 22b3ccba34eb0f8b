package lexicon

import (
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

// discWeight is the summed weight of the cues for a fact in a text, 0 when none.
func discWeight(ev []Evidence, kind, code string) float64 {
	for _, e := range ev {
		if e.Kind == kind && e.Code == code {
			return e.Weight
		}
	}
	return 0
}

// discStrong is the weight from which the lexicon alone makes a fact a suggestion: a text-only
// lookup suggests a fact from a confidence of 0.3, of which the lexicon gives 0.55 times
// 1-exp(-1.2w) (infer.go), so from w ≈ 0.66.
const discStrong = 0.66

type discFact struct{ kind, code string }

var discCategory = discFact{Category, "DISCRIMINATION"}

func discGround(code string) discFact { return discFact{Ground, code} }

// How people describe discrimination — an employee at night in the first person, an intake
// officer, an investigator's report — names the category and the ground, in everyday words,
// slurs as they are reported, selection wording, mocking tied to a ground and dead-naming.
func TestDiscriminationIsReadFromEverydayWording(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []discFact
	}{
		// origin and skin colour: coded racism and imitated animal noises
		{"Als ik de kantine binnenkom maken ze apengeluiden en leggen ze een banaan op mijn bureau.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		{"Tijdens de wedstrijd in de personeelsvereniging klonken oerwoudgeluiden toen mijn collega aan de bal was.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		{"De voorman noemde hem een kutmarokkaan en zei dat hij maar moest oprotten naar Marokko.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Een inwoner kreeg aan het loket te horen dat hij terug moest naar zijn eigen land als het hem hier niet beviel.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Hij zei dat ze terug kon gaan naar haar eigen land als het haar hier niet beviel.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Mijn teamleider zegt waar iedereen bij is dat mensen van jullie soort hier alleen komen profiteren.",
			[]discFact{discCategory}}, // which group "jullie soort" means, the text does not say
		{"Ze maken steeds grappen over zijn Surinaamse afkomst en vragen of hij zijn huidskleur kan afwassen.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY"), discGround("SKIN_COLOUR")}},
		{"In de ploeg wordt de enige donkere collega 'zwartje' genoemd.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		// nationality
		{"De Oost-Europeanen in de ploeg worden banenpikkers genoemd en krijgen altijd het vuilste werk.",
			[]discFact{discCategory, discGround("NATIONALITY")}},
		{"Collega's noemen de nieuwe uitzendkracht steeds 'de Polak' en doen zijn accent na.",
			[]discFact{discCategory, discGround("NATIONALITY")}},
		// religion
		{"De teamleider zei dat er geen hoofddoek aan de balie komt, dat past niet bij onze uitstraling.",
			[]discFact{discCategory, discGround("RELIGION")}},
		{"Ik word door mijn chef belachelijk gemaakt om mijn sluier en hij noemt het een theedoek.",
			[]discFact{discCategory, discGround("RELIGION")}},
		{"Een collega vroeg bij het vrijdaggebed of ik mijn bomgordel al om had en maakte moppen over moslims.",
			[]discFact{discCategory, discGround("RELIGION")}},
		// sex, pregnancy included
		{"Mijn tijdelijke contract werd niet verlengd nadat ik had verteld dat ik in verwachting ben, omdat het team geen uitval kon gebruiken.",
			[]discFact{discGround("SEX")}},
		{"In het sollicitatiegesprek vroeg de voorzitter naar mijn kinderwens en zei dat hij liever een man had voor deze functie.",
			[]discFact{discCategory, discGround("SEX")}},
		{"De ploegbaas zegt dat vrouwen horen achter het aanrecht en dat dit mannenwerk is.",
			[]discFact{discCategory, discGround("SEX")}},
		{"Op de werf zei hij tegen haar dat vrouwen dit werk gewoon niet kunnen.",
			[]discFact{discGround("SEX")}},
		// sexual orientation
		{"Hij noemt mij nichterig en zegt tegen iedereen dat ik van de verkeerde kant ben.",
			[]discFact{discCategory, discGround("SEXUAL_ORIENTATION")}},
		{"Sinds ik heb verteld dat ik met mijn vriendin samenwoon, wordt er in de teamapp gegrapt over lesbo's en roepen ze me flikkers na.",
			[]discFact{discCategory, discGround("SEXUAL_ORIENTATION")}},
		// gender identity, dead-naming
		{"Na haar transitie blijft een collega haar bij haar oude naam noemen en spreekt hij haar met 'hij' aan.",
			[]discFact{discCategory, discGround("GENDER_IDENTITY")}},
		{"Mijn leidinggevende weigert mijn nieuwe voornaamwoorden te gebruiken en deadnamet mij in mails naar het team.",
			[]discFact{discCategory, discGround("GENDER_IDENTITY")}},
		{"Hij zei in de kantine dat zij gewoon een man in een jurk is.",
			[]discFact{discCategory, discGround("GENDER_IDENTITY")}},
		// disability and chronic illness
		{"Twee collega's doen mijn gestotter na in het werkoverleg.",
			[]discFact{discCategory, discGround("DISABILITY_CHRONIC_ILLNESS")}},
		{"De manager wees de werkplekaanpassing af die de bedrijfsarts adviseerde en noemt mij een mongool.",
			[]discFact{discCategory, discGround("DISABILITY_CHRONIC_ILLNESS")}},
		{"Omdat ik chronisch ziek ben word ik niet meer uitgenodigd voor de teamdag.",
			[]discFact{discGround("DISABILITY_CHRONIC_ILLNESS")}},
		// age, selection wording
		{"In de vacaturetekst stond dat we een jong en dynamisch team zijn; de vijftigplusser werd niet uitgenodigd.",
			[]discFact{discCategory, discGround("AGE")}},
		{"De selectiecommissie schreef bij mijn naam 'te oud voor dit team, over een paar jaar met pensioen'.",
			[]discFact{discCategory, discGround("AGE")}},
		{"Mijn chef noemt mij de dinosaurus van de afdeling en zegt dat ik plaats moet maken voor jonge mensen.",
			[]discFact{discCategory, discGround("AGE")}},
		// origin in recruitment
		{"De recruiter legde cv's met een Arabisch klinkende naam meteen opzij.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Volgens de voorzitter zou de kandidaat met een buitenlandse achternaam niet in het team passen.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		// civil status, working hours, belief, political opinion
		{"Omdat ik alleenstaande moeder ben, krijg ik van mijn chef nooit de avonddiensten die extra betalen.",
			[]discFact{discGround("CIVIL_STATUS")}},
		{"De parttimers in ons team worden structureel overgeslagen voor de teamdag en de bonus.",
			[]discFact{discGround("WORKING_HOURS_CONTRACT")}},
		{"Een collega zegt dat hij met zijn humanistische levensovertuiging geen zitting kan nemen in de commissie.",
			[]discFact{discGround("BELIEF")}},
		{"Hij verspreidt moslimhaat in de groepsapp.",
			[]discFact{discCategory, discGround("RELIGION")}},
		// an investigator's or an intake officer's wording
		{"Uit het onderzoek is gebleken dat betrokkene zich bij herhaling denigrerend heeft uitgelaten over de Turkse afkomst van melder.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Melder stelt dat hij vanwege zijn huidskleur anders wordt behandeld dan zijn collega's bij de verdeling van de diensten.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		{"Klager voert aan dat de baliemedewerker weigerde hem te helpen omdat hij een keppeltje droeg.",
			[]discFact{discCategory, discGround("RELIGION")}},
		{"Melder geeft aan dat collega's haar 'de hoofddoek' noemen.",
			[]discFact{discCategory, discGround("RELIGION")}},
		{"Mijn chef zei: 'Jullie Polen zuipen toch altijd, dus jij doet de nachtdienst niet.'",
			[]discFact{discCategory, discGround("NATIONALITY")}},
		{"Er werd in de kantine gezegd dat Oost-Europeanen onze banen inpikken.",
			[]discFact{discCategory, discGround("NATIONALITY")}},
		{"Sinds ik uit de kast ben gekomen word ik niet meer uitgenodigd voor de vrijdagmiddagborrel.",
			[]discFact{discCategory, discGround("SEXUAL_ORIENTATION")}},
		{"Sinds mijn transitie word ik niet meer ingeroosterd op de balie.",
			[]discFact{discCategory, discGround("GENDER_IDENTITY")}},
		{"Toen ik vertelde dat ik zwanger was, zei mijn manager dat ze mijn contract niet konden verlengen.",
			[]discFact{discCategory, discGround("SEX")}},
		{"In de vacature stond dat wij een jonge, enthousiaste collega zoeken.",
			[]discFact{discCategory, discGround("AGE")}},
		{"Bij de interne vacature werd ik gepasseerd voor een jongere collega met minder ervaring; ze zochten 'vers bloed'.",
			[]discFact{discCategory, discGround("AGE")}},
		{"Betrokkene heeft in de groepsapp een filmpje gedeeld waarin een Afrikaanse collega met een aap werd vergeleken.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		{"Omdat ik lid ben van de PVV word ik in het team een fascist genoemd.",
			[]discFact{discCategory, discGround("POLITICAL_OPINION")}},
		{"Sinds bekend is dat ik partijlid ben, word ik door mijn teamleider niet meer bij overleggen gevraagd vanwege mijn politieke overtuiging.",
			[]discFact{discCategory, discGround("POLITICAL_OPINION")}},
	} {
		ev := Analyze(tc.text)
		for _, f := range tc.want {
			if w := discWeight(ev, f.kind, f.code); w < discStrong {
				t.Errorf("%q: %s %s weighs %.2f, want at least %.2f: %+v", tc.text, f.kind, f.code, w, discStrong, ev)
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
		notWant []discFact // facts that must not be read strongly
	}{
		{"Er was ruzie over het verlofrooster: een collega wilde tijdens de ramadan vrij en de teamleider gaf dat aan een ander.",
			[]discFact{discCategory}},
		{"Omdat mijn collega zwanger is, moest ik haar diensten overnemen en daarover kregen we een woordenwisseling.",
			[]discFact{discCategory}},
		{"Mijn Poolse collega en ik kregen onenigheid over de planning en toen gaf hij me een duw.",
			[]discFact{discCategory}},
		{"Het was al donker toen hij op de parkeerplaats werd geduwd; daarna ging hij terug naar zijn bureau.",
			[]discFact{discCategory, discGround("SKIN_COLOUR"), discGround("ORIGIN_ETHNICITY")}},
		{"De wethouder declareerde een buitenlandse dienstreis en een etentje in eigen land als zakelijk.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Een medewerkster met een hoofddoek meldde dat haar collega geld uit de kas had genomen.",
			[]discFact{discCategory}},
		{"De boa schreef een bekeuring uit voor afval dat niet gescheiden was aangeboden op de zwarte lijst-locatie.",
			[]discFact{discCategory, discGround("CIVIL_STATUS"), discGround("SKIN_COLOUR")}},
		{"De energietransitie vraagt een nieuwe manier van werken; de projectleider paste de beperking van de openingstijden toe.",
			[]discFact{discCategory, discGround("GENDER_IDENTITY"), discGround("DISABILITY_CHRONIC_ILLNESS")}},
		{"Hij flikkerde de map op tafel en schreeuwde dat ik moest opletten; de computer is te oud.",
			[]discFact{discCategory, discGround("SEXUAL_ORIENTATION")}},
		{"We hadden een blinde vlek voor de risico's van de aanbesteding.",
			[]discFact{discGround("DISABILITY_CHRONIC_ILLNESS")}},
		{"Mijn collega ging in de zomer op vakantie naar haar eigen land en ik moest haar diensten draaien; daarover kregen we ruzie.",
			[]discFact{discCategory}},
		{"Mijn collega van Marokkaanse afkomst en ik hebben ruzie gehad over de vakantieplanning en hij heeft mij geslagen.",
			[]discFact{discCategory}},
		{"De inwoner met een hoofddoek kwam een paspoort aanvragen; de medewerker nam daarbij een cadeaubon aan.",
			[]discFact{discCategory, discGround("NATIONALITY")}},
		{"De stagiair is gescheiden van zijn groep en werkt nu alleen aan het project.",
			[]discFact{discGround("CIVIL_STATUS")}},
		{"Hij is net gescheiden en had het moeilijk, maar dat geeft hem niet het recht mij te slaan.",
			[]discFact{discCategory, discGround("CIVIL_STATUS")}},
		{"Mijn collega werkt parttime en heeft de tankpas gebruikt voor privéritten.",
			[]discFact{discCategory, discGround("WORKING_HOURS_CONTRACT")}},
		{"De oudere collega's van de buitendienst pestten de nieuwe stagiair met ontgroeningsgrappen.",
			[]discFact{discCategory, discGround("AGE")}},
		{"Op de zwarte lijst staan leveranciers die gefraudeerd hebben; in het donker werd de container geleegd.",
			[]discFact{discCategory, discGround("SKIN_COLOUR")}},
		{"De handhaver droeg zijn vuurwapen; de chauffeur van de achterlader vroeg om zijn naam; de energietransitie en de coronacrisis vroegen veel.",
			[]discFact{discCategory, discGround("SKIN_COLOUR"), discGround("SEXUAL_ORIENTATION"), discGround("GENDER_IDENTITY"), discGround("RELIGION")}},
		{"Hij maakte seksueel getinte opmerkingen over het lichaam van een vrouwelijke collega.",
			[]discFact{discCategory, discGround("SKIN_COLOUR"), discGround("SEX")}},
		{"Bij zijn declaraties rondde hij af in zijn eigen voordeel; hij afrondde steeds naar boven.",
			[]discFact{discCategory, discGround("ORIGIN_ETHNICITY")}},
		{"Een lid van de selectiecommissie meldde niet dat een van de sollicitanten voor de vacature de zoon van zijn neef was.",
			[]discFact{discCategory}},
	} {
		ev := Analyze(tc.text)
		for _, f := range tc.notWant {
			if w := discWeight(ev, f.kind, f.code); w >= discStrong {
				t.Errorf("%q: %s %s weighs %.2f, want below %.2f: %+v", tc.text, f.kind, f.code, w, discStrong, ev)
			}
		}
	}
	// The ground itself may still be read: the ramadan is about religion.
	if w := discWeight(Analyze("Een collega wilde tijdens de ramadan vrij."), Ground, "RELIGION"); w < discStrong {
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
