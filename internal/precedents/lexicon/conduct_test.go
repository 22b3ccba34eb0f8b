package lexicon

import (
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/precedents/dutch"
)

func termsOf(w string) []string { return dutch.Terms("nl", w) }

// weightOf is the summed weight the lexicon gives a category in a text (0 when not found).
func weightOf(ev []Evidence, code string) float64 {
	if i := slices.IndexFunc(ev, func(e Evidence) bool { return e.Kind == Category && e.Code == code }); i >= 0 {
		return ev[i].Weight
	}
	return 0
}

// How people in a municipality describe unwanted conduct: a frightened employee at night in the
// first person, a colleague in everyday words, an intake officer, an investigator's formal
// report. Each text must name its category (a weight of at least 1: by itself, or by hints
// together) and must not name the conduct it only shares words with (a weight below 0.5: at
// most one hint).
func TestConductInEverydayAndFormalWords(t *testing.T) {
	for _, tc := range []struct {
		text     string
		want     []string
		notFound []string
	}{
		// Sexual harassment.
		{"Hij zit steeds aan me als we samen in de auto zitten, ik weet niet meer wat ik moet doen.", []string{"SEXUAL_HARASSMENT"}, []string{"AGGRESSION_VIOLENCE"}},
		{"Tijdens het overleg legde mijn chef zijn hand op mijn knie en liet die daar liggen.", []string{"SEXUAL_HARASSMENT"}, []string{"AGGRESSION_VIOLENCE"}},
		{"Ze zei tegen de nieuwe collega dat ze er vandaag weer lekker uitzag en dat ze mooie benen had.", []string{"SEXUAL_HARASSMENT"}, nil},
		{"Een collega kan zijn handen niet thuishouden en kneep haar bij de printer in haar bil.", []string{"SEXUAL_HARASSMENT"}, []string{"AGGRESSION_VIOLENCE"}},
		{"Na de borrel stuurde hij me 's nachts een pikfoto en vroeg om blote foto's terug.", []string{"SEXUAL_HARASSMENT"}, nil},
		{"Uit het onderzoek blijkt dat betrokkene zich schuldig heeft gemaakt aan ongewenste intimiteiten jegens een uitzendkracht.", []string{"SEXUAL_HARASSMENT"}, []string{"INTIMIDATION"}},
		{"De stagiaire meldt seksuele intimidatie door haar praktijkbegeleider.", []string{"SEXUAL_HARASSMENT"}, nil},
		{"Hij werd handtastelijk en trok haar tegen zich aan.", []string{"SEXUAL_HARASSMENT"}, nil},
		{"Een medewerker heeft intieme beelden van zijn ex, een collega, in de appgroep verspreid; sexting noemde hij het.", []string{"SEXUAL_HARASSMENT"}, nil},
		// Aggression and violence.
		{"Hij spuugde me in mijn gezicht en smeet daarna een nietmachine naar mijn hoofd.", []string{"AGGRESSION_VIOLENCE"}, []string{"SEXUAL_HARASSMENT"}},
		{"Uit woede heeft de medewerker de autobanden van zijn teamleider lekgestoken en de spiegels vernield.", []string{"AGGRESSION_VIOLENCE"}, nil},
		{"Hij kwam schreeuwend vlak voor mijn gezicht staan en gaf me een stomp tegen mijn schouder.", []string{"AGGRESSION_VIOLENCE"}, []string{"BULLYING"}},
		{"De bezoeker werd door de beveiliger in een wurggreep genomen en liep een hersenschudding op.", []string{"AGGRESSION_VIOLENCE"}, nil},
		// Bullying.
		{"Ze lachen me uit om mijn gewicht en doen me na als ik iets zeg in het werkoverleg.", []string{"BULLYING"}, []string{"SEXUAL_HARASSMENT", "AGGRESSION_VIOLENCE"}},
		{"Al maanden word ik door het hele team doodgezwegen en links laten liggen bij de lunch.", []string{"BULLYING"}, nil},
		{"Collega's roddelen achter mijn rug over mij en noemen mijn werk prutswerk en kleuterwerk.", []string{"BULLYING"}, nil},
		{"De teamleider maakt haar in elke vergadering belachelijk en spot met haar rapportages.", []string{"BULLYING"}, []string{"INTIMIDATION"}},
		{"Een collega imiteert voortdurend zijn stem en hij is het mikpunt van grappen op de afdeling.", []string{"BULLYING"}, nil},
		// Intimidation.
		{"Hij zei tegen me: ik weet waar je woont, dus denk goed na voordat je iets zegt.", []string{"INTIMIDATION"}, []string{"MISUSE_OF_INFORMATION"}},
		{"Mijn afdelingshoofd vindt dat ik mijn klacht in moet trekken, anders zal ik het merken; hij noemde me een verklikker.", []string{"INTIMIDATION"}, nil},
		{"Sinds mijn melding wordt ik opgewacht bij de fietsenstalling en ontvang ik anonieme briefjes.", []string{"INTIMIDATION"}, []string{"SEXUAL_HARASSMENT"}},
		{"De melder wordt door de betrokkene gechanteerd met foto's van een personeelsfeest.", []string{"INTIMIDATION"}, []string{"SEXUAL_HARASSMENT"}},
		// A manager who lets it happen.
		{"Onze teamleider zag het allemaal gebeuren maar trad niet op en lachte mee met de rest.", []string{"UNWANTED_BEHAVIOUR_OTHER"}, nil},
		{"Het afdelingshoofd heeft de meldingen in de doofpot gestopt en het gedrag oogluikend toegestaan.", []string{"UNWANTED_BEHAVIOUR_OTHER"}, nil},
		{"De baliemedewerker was onbeschoft en heeft de inwoner afgesnauwd.", []string{"UNWANTED_BEHAVIOUR_OTHER"}, []string{"AGGRESSION_VIOLENCE"}},

		{"Ze doen alsof ik lucht ben en zeggen dat ik te dik ben voor de buitendienst.", []string{"BULLYING"}, nil},
		{"Hij vroeg me op de personeelsborrel of ik met hem naar bed wilde en probeerde me te kussen.", []string{"SEXUAL_HARASSMENT"}, nil},
		{"Hij zei dat ik wel eens een ongelukje kon krijgen als ik mijn verklaring niet aanpas.", []string{"INTIMIDATION"}, nil},
		{"Betrokkene heeft als leidinggevende nagelaten in te grijpen en de klachten van het team stelselmatig genegeerd.", []string{"UNWANTED_BEHAVIOUR_OTHER"}, nil},

		{"Ze praten niet meer tegen me en draaien zich om als ik binnenkom.", []string{"BULLYING"}, nil},
		{"Mijn teamleider zet me telkens te kijk waar de hele afdeling bij is.", []string{"BULLYING"}, nil},
		{"Hij greep me bij mijn keel en drukte me tegen de muur.", []string{"AGGRESSION_VIOLENCE"}, []string{"SEXUAL_HARASSMENT"}},
		{"Je moet je mond houden, anders weet je wat er gebeurt.", []string{"INTIMIDATION"}, nil},
		{"Hij zei dat ik moest oppassen, want hij kende mensen die dingen regelen.", []string{"INTIMIDATION"}, nil},

		{"Sinds de reorganisatie heeft hij het op mij gemunt en maakt hij me het leven zuur.", []string{"BULLYING"}, nil},
		{"De medewerker van het klantcontactcentrum kreeg te maken met klantagressie en een doodsbedreiging.", []string{"AGGRESSION_VIOLENCE", "INTIMIDATION"}, nil},

		// Traps: words that belong to other conduct or to none.
		{"Mijn leidinggevende spreekt me in het functioneringsgesprek aan op fouten in mijn rapportages en heeft een verbetertraject opgesteld. Ze geeft kritiek op mijn werk in het bijzijn van het team.", nil, []string{"BULLYING", "INTIMIDATION", "AGGRESSION_VIOLENCE"}},
		{"Het team staat onder druk door de hoge werkdruk; de manager gaf feedback op de planning.", nil, []string{"INTIMIDATION", "BULLYING"}},
		{"Een geweldige collega heeft de gegevens veilig opgeslagen.", nil, []string{"AGGRESSION_VIOLENCE"}},
		{"Een medewerker nam dossiers mee naar huis en bekeek ze op zijn kamer.", nil, []string{"SEXUAL_HARASSMENT"}},
		{"De boa drukte zijn knie in de nek van de jongen.", []string{"AGGRESSION_VIOLENCE"}, []string{"SEXUAL_HARASSMENT"}},
		{"Hij maakte opmerkingen over de seksuele geaardheid van een homoseksuele collega.", nil, []string{"SEXUAL_HARASSMENT"}},
		{"De gemeente heeft besloten de vergunning van de ondernemer in te trekken.", nil, []string{"INTIMIDATION"}},
		{"De reorganisatie heeft de sfeer op de afdeling flink verpest.", nil, []string{"BULLYING"}},
		{"Hij zocht haar op in de basisregistratie, zodat hij wist waar ze nu woonde.", nil, []string{"INTIMIDATION"}},
		{"Bij een woordenwisseling gaf hij zijn collega een harde duw.", []string{"AGGRESSION_VIOLENCE"}, []string{"SEXUAL_HARASSMENT"}},
		{"Hij wilde het overleg overslaan; hij was terneergeslagen na zijn hartaanval en had faalangst.", nil, []string{"AGGRESSION_VIOLENCE", "INTIMIDATION"}},
		{"Hij liep een trap op en kreeg een duwtje in de rug van zijn coach.", nil, []string{"AGGRESSION_VIOLENCE"}},
	} {
		ev := Analyze(tc.text)
		for _, code := range tc.want {
			if w := weightOf(ev, code); w < 1 {
				t.Errorf("%q: %s weighs %.1f, want at least 1: %+v", tc.text, code, w, ev)
			}
		}
		for _, code := range tc.notFound {
			if w := weightOf(ev, code); w >= 0.5 {
				t.Errorf("%q: %s weighs %.1f, want below 0.5: %+v", tc.text, code, w, ev)
			}
		}
	}
}

// The legal term for sexual harassment names sexual harassment before intimidation.
func TestSexualIntimidationIsSexualHarassment(t *testing.T) {
	ev := Analyze("Zij heeft melding gedaan van seksuele intimidatie.")
	if sh, in := weightOf(ev, "SEXUAL_HARASSMENT"), weightOf(ev, "INTIMIDATION"); sh <= in {
		t.Errorf("sexual harassment %.1f, intimidation %.1f: %+v", sh, in, ev)
	}
}

func TestConductParaphrases(t *testing.T) {
	for _, tc := range []struct{ word, synonym string }{
		{"klikspanen", "verklikkers"},
		{"figuur", "lichaam"},
		{"gespuugd", "spugen"},
		{"doodgezwegen", "genegeerd"},
		{"handtastelijk", "betast"},
		{"roddelen", "geruchten"},
		{"vernederend", "denigrerend"},
		{"opgewacht", "gestalkt"},
	} {
		var forms []string
		for _, lx := range termsOf(tc.word) {
			for _, p := range Paraphrases(lx) {
				forms = append(forms, p.Form)
			}
		}
		want := termsOf(tc.synonym)
		found := false
		for _, lx := range termsOf(tc.word) {
			for _, p := range Paraphrases(lx) {
				if slices.Contains(want, p.Lexeme) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: paraphrases %v lack %s", tc.word, forms, tc.synonym)
		}
	}
}

// A veiled threat to someone who reported: "op je tellen passen" and a note with her address.
func TestAVeiledThreatIsIntimidation(t *testing.T) {
	for _, text := range []string{
		"Een collega zei tegen de klokkenluider dat ze maar beter op haar tellen kon passen.",
		"Hij zei: pas maar op, ik weet wie er heeft gepraat.",
	} {
		found := false
		for _, e := range Analyze(text) {
			if e.Kind == Category && e.Code == "INTIMIDATION" && e.Weight >= 1 {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: not read as intimidation: %+v", text, Analyze(text))
		}
	}
}
