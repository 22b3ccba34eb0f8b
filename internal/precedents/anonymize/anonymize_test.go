package anonymize

import (
	"slices"
	"strings"
	"testing"
)

// known is the case of most tests.
var known = Known{
	Names: []string{
		"Jan de Vries", "Fatma Yılmaz-Bakker", "Mohamed El Amrani", "Ben de Boer",
		"Pieter van der Berg", "Jürgen Müller", "Annemiek ter Horst",
	},
	EmployeeNumbers: []string{"2001", "104233"},
	SmallUnits:      []string{"Wijkteam Overvecht", "Team Parkeren Noord"},
	Places:          []string{"Stadsplateau"},
}

type tc struct {
	name, in, want string
}

// run checks each case with k, and that the output is a fixed point.
func run(t *testing.T, k Known, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Text(c.in, k)
			if got.Text != c.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", c.in, got.Text, c.want)
			}
			if c.in == c.want && len(got.Replacements) > 0 {
				t.Errorf("unchanged text reports replacements %v", got.Replacements)
			}
			if c.in != c.want && len(got.Replacements) == 0 {
				t.Errorf("changed text reports no replacements")
			}
			again := Text(got.Text, k)
			if again.Text != got.Text || len(again.Replacements) > 0 {
				t.Errorf("not idempotent: %q -> %q %v", got.Text, again.Text, again.Replacements)
			}
		})
	}
}

func TestKnownNames(t *testing.T) {
	run(t, known, []tc{
		{"full name", "Jan de Vries heeft de melding op eigen initiatief gedaan.", "[naam] heeft de melding op eigen initiatief gedaan."},
		{"first name", "Volgens Jan was het maar een grapje.", "Volgens [naam] was het maar een grapje."},
		{"surname with particle", "Het gesprek met de Vries duurde twee uur.", "Het gesprek met [naam] duurde twee uur."},
		{"capitalised particle", "De Vries ontkent de uitlatingen.", "[naam] ontkent de uitlatingen."},
		{"core of surname alone", "Meneer Vries, zoals hij zich noemde, was er niet.", "Meneer [naam], zoals hij zich noemde, was er niet."},
		{"title stays", "Ik heb mevrouw De Vries en meneer Yılmaz gesproken.", "Ik heb mevrouw [naam] en meneer [naam] gesproken."},
		{"possessive s", "Jans opmerking werd door het team niet gewaardeerd.", "[naam] opmerking werd door het team niet gewaardeerd."},
		{"possessive apostrophe", "Jan's opmerking en Fatma's reactie staan in het verslag.", "[naam]'s opmerking en [naam]'s reactie staan in het verslag."},
		{"possessive after s", "De Vries' leidinggevende was niet aanwezig.", "[naam]' leidinggevende was niet aanwezig."},
		{"initial", "De verklaring van J. de Vries is ondertekend.", "De verklaring van [naam] is ondertekend."},
		{"initials", "Getuige J.P. de Vries en getuige P. van der Berg.", "Getuige [naam] en getuige [naam]."},
		{"upper case", "VERSLAG GESPREK JAN DE VRIES", "VERSLAG GESPREK [naam]"},
		{"lower case", "gesprek met jan de vries en fatma", "gesprek met [naam] en [naam]"},
		{"without diacritics", "Fatma Yilmaz-Bakker en Jurgen Muller waren aanwezig.", "[naam] en [naam] waren aanwezig."},
		{"other diacritics", "Meneer MÜLLER en mevrouw Yılmaz.", "Meneer [naam] en mevrouw [naam]."},
		{"hyphenated part", "Mevrouw Bakker gaf aan dat Yilmaz haar meisjesnaam is.", "Mevrouw [naam] gaf aan dat [naam] haar meisjesnaam is."},
		{"hyphenated reversed", "Fatma Bakker-Yılmaz kwam later binnen.", "[naam] kwam later binnen."},
		{"whole words only", "In januari ging Jan naar de bakkerij, Janssen niet.", "In januari ging [naam] naar de bakkerij, Janssen niet."},
		{"common word needs capital", "Ik ben het er niet mee eens, zei Ben.", "Ik ben het er niet mee eens, zei [naam]."},
		{"common word next to a name", "Ik ben Jan en ik ben De Boer, zei hij.", "Ik ben [naam] en ik ben [naam], zei hij."},
		{"common words alone stay", "Ik ben de boer van het dorp.", "Ik ben de boer van het dorp."},
		{"common surname lower case stays", "Hij werkte vroeger als boer en als bakker.", "Hij werkte vroeger als boer en als bakker."},
		{"common surname capitalised", "Toen kwam De Boer binnen en later Bakker.", "Toen kwam [naam] binnen en later [naam]."},
		{"particles alone stay", "Hij was ter plaatse en ging van de ene naar de andere afdeling.", "Hij was ter plaatse en ging van de ene naar de andere afdeling."},
		{"ter Horst", "Annemiek ter Horst en later Ter Horst zelf; Horst bleef.", "[naam] en later [naam] zelf; [naam] bleef."},
		{"van der", "Het rapport van Van der Berg en van Pieter.", "Het rapport van [naam] en van [naam]."},
		{"known first name and unknown surname", "Jan Pietersen van de buitendienst was getuige.", "[naam] van de buitendienst was getuige."},
		{"middle name", "Jan Pieter de Vries tekende.", "[naam] tekende."},
		{"unknown first name before known surname", "Zij sprak met Piet de Vries, de broer van de melder.", "Zij sprak met [naam], de broer van de melder."},
		{"sentence start before surname stays", "Volgens De Vries was het anders.", "Volgens [naam] was het anders."},
		{"two people", "Jan en Fatma werkten samen.", "[naam] en [naam] werkten samen."},
		{"particle names", "Mohamed El Amrani, meneer El Amrani en Amrani.", "[naam], meneer [naam] en [naam]."},
		{"surname, first name", "Betrokkene: De Vries, Jan", "Betrokkene: [naam], [naam]"},
		{"surname, initials", "Aanwezig: MÜLLER, J. en De Vries, J.P., beiden van het team.", "Aanwezig: [naam] en [naam], beiden van het team."},
		{"surname as one word", "Zijn account heette DeVries en haar map vanderberg.", "Zijn account heette [naam] en haar map [naam]."},
		{"unknown part of double surname", "Mevrouw De Vries-Jansen en mevrouw Jansen-de Vries.", "Mevrouw [naam] en mevrouw [naam]."},
		{"compound first name", "Jan-Willem bevestigde het.", "[naam] bevestigde het."},
		{"abbreviated surname", "Volgens Fatma Y. is het vaker gebeurd.", "Volgens [naam] is het vaker gebeurd."},
	})
}

func TestKnownNameForms(t *testing.T) {
	k := Known{Names: []string{"mr. J. de Vries", "  ", "", "van der", "El Amrani", "Ali", "Jan 't Hart", "Priya D'Souza"}}
	run(t, k, []tc{
		{"titles and initials in known name", "Mr. De Vries stuurde de stukken.", "Mr. [naam] stuurde de stukken."},
		{"particle-only name ignored", "Van der Plas en van de Berg.", "Van der Plas en van de Berg."},
		{"surname with particle without first name", "Meneer El Amrani en Amrani.", "Meneer [naam] en [naam]."},
		{"single name", "Ali was er ook.", "[naam] was er ook."},
		{"apostrophes", "Jan 't Hart, 't Hart en Priya D'Souza.", "[naam], [naam] en [naam]."},
	})
}

func TestUnknownNames(t *testing.T) {
	run(t, Known{}, []tc{
		{"mevrouw", "Het gesprek met mevrouw Jansen vond plaats op het stadskantoor.", "Het gesprek met mevrouw [naam] vond plaats op het stadskantoor."},
		{"meneer with particle", "Daarna sprak meneer El Amrani.", "Daarna sprak meneer [naam]."},
		{"dhr.", "Aanwezig: dhr. Bos en mw. Pietersen.", "Aanwezig: dhr. [naam] en mw. [naam]."},
		{"de heer with initials", "Namens de werkgever was de heer J.K. van Dam aanwezig.", "Namens de werkgever was de heer [naam] aanwezig."},
		{"mevr.", "Mevr. van den Heuvel-Smit kwam later.", "Mevr. [naam] kwam later."},
		{"collega", "Zij heeft het besproken met collega Sanne.", "Zij heeft het besproken met collega [naam]."},
		{"collega full name", "Volgens collega Sanne de Graaf klopt dat.", "Volgens collega [naam] klopt dat."},
		{"genaamd", "Een medewerker genaamd Peter zou het gezien hebben.", "Een medewerker genaamd [naam] zou het gezien hebben."},
		{"English", "Mr. Smith and Ms Jones were present.", "Mr. [naam] and Ms [naam] were present."},
		{"greeting", "Beste Sanne,\n\nHierbij het verslag.", "Beste [naam],\n\nHierbij het verslag."},
		{"closing", "Met vriendelijke groet,\nKarim Bouzid\nStandby Team Integriteit", "Met vriendelijke groet,\n[naam]\nStandby Team Integriteit"},
		{"closing with team", "Met vriendelijke groet,\nTeam Integriteit", "Met vriendelijke groet,\nTeam Integriteit"},
		{"collega van afdeling stays", "Een collega van Burgerzaken en collega's van Parkeren.", "Een collega van Burgerzaken en collega's van Parkeren."},
		{"title without name stays", "Mevrouw heeft aangegeven dat meneer het niet meer weet.", "Mevrouw heeft aangegeven dat meneer het niet meer weet."},
		{"institutions stay", "De Gemeente Utrecht en het Standby Team Integriteit hebben de zaak behandeld.", "De Gemeente Utrecht en het Standby Team Integriteit hebben de zaak behandeld."},
		{"sentence starts stay", "Daarna volgde een gesprek. Vervolgens is Burgerzaken geïnformeerd. Op Teams is niets gedeeld.", "Daarna volgde een gesprek. Vervolgens is Burgerzaken geïnformeerd. Op Teams is niets gedeeld."},
		{"acronyms stay", "Het gesprek ging via MS Teams; de heer des huizes was er niet.", "Het gesprek ging via MS Teams; de heer des huizes was er niet."},
		{"unknown names without title stay", "Sanne en Karim waren erbij.", "Sanne en Karim waren erbij."},
		{"line break ends name", "Met mevrouw Jansen\nDaarna verder.", "Met mevrouw [naam]\nDaarna verder."},
	})
}

func TestEmployeeNumbers(t *testing.T) {
	run(t, known, []tc{
		{"known anywhere", "De melder (2001) en betrokkene 104233 werken op dezelfde afdeling.", "De melder ([personeelsnummer]) en betrokkene [personeelsnummer] werken op dezelfde afdeling."},
		{"known with prefix", "Zie dossier P2001.", "Zie dossier P[personeelsnummer]."},
		{"not inside a longer number", "Er waren 12001 bezoekers en 20010 meldingen.", "Er waren 12001 bezoekers en 20010 meldingen."},
		{"personeelsnummer", "Betrokkene, personeelsnummer 555123, is gehoord.", "Betrokkene, personeelsnummer [personeelsnummer], is gehoord."},
		{"pnr.", "Getuige (pnr. 2002) bevestigt dit.", "Getuige (pnr. [personeelsnummer]) bevestigt dit."},
		{"medewerkernummer colon", "medewerkernummer: 5521", "medewerkernummer: [personeelsnummer]"},
		{"pers.nr.", "pers.nr. 7788 en pers. nr. 7789", "pers.nr. [personeelsnummer] en pers. nr. [personeelsnummer]"},
		{"English", "employee number 4411", "employee number [personeelsnummer]"},
	})
	run(t, Known{EmployeeNumbers: []string{"E1234"}}, []tc{
		{"known with letters", "Dossier e1234 en E1234, niet XE1234 of E12345.", "Dossier [personeelsnummer] en [personeelsnummer], niet XE1234 of E12345."},
	})
	run(t, Known{EmployeeNumbers: []string{"12", " 7 "}}, []tc{
		{"short known numbers only after a label", "Er werken 12 mensen in het team; pnr 12 was afwezig.", "Er werken 12 mensen in het team; pnr [personeelsnummer] was afwezig."},
	})
}

func TestEmailAndLinks(t *testing.T) {
	run(t, Known{}, []tc{
		{"email", "Hij mailde vanaf jan.devries@utrecht.nl naar haar privéadres.", "Hij mailde vanaf [e-mail] naar haar privéadres."},
		{"email with plus and hyphen", "Contact: Fatma.Yilmaz-Bakker+werk@gmail.com.", "Contact: [e-mail]."},
		{"url", "Zie https://intranet.utrecht.nl/mensen/jdevries.", "Zie [link]."},
		{"www", "Het profiel www.linkedin.com/in/jandevries is openbaar.", "Het profiel [link] is openbaar."},
		{"url in parentheses", "(zie http://example.nl/a?b=c)", "(zie [link])"},
		{"handle", "Hij reageerde als @jandevries88 op de post.", "Hij reageerde als [account] op de post."},
	})
}

func TestPhoneNumbers(t *testing.T) {
	replaced := []string{
		"06-12345678", "06 12345678", "06 1234 5678", "06-1234 5678", "06 12 34 56 78", "0612345678",
		"+31 6 12345678", "+31 (0)6 12345678", "+316-12345678", "+31612345678", "0031612345678", "0031 6 1234 5678",
		"030-2860000", "030 286 00 00", "(030) 286 00 00", "0302860000", "030 - 286 0000", "0172-123456",
		"+31 30 286 0000", "+32 2 123 45 67", "0800-1234", "0900 123 45 67",
	}
	var cases []tc
	for _, p := range replaced {
		cases = append(cases, tc{p, "Bereikbaar op " + p + ", ook 's avonds.", "Bereikbaar op [telefoonnummer], ook 's avonds."})
	}
	cases = append(cases,
		tc{"in parentheses", "De melder (06-12345678) belde.", "De melder ([telefoonnummer]) belde."},
		tc{"two numbers", "Bel 030-2860000/06-12345678.", "Bel [telefoonnummer]/[telefoonnummer]."},
		tc{"municipal number stays", "Bel het algemene nummer 14 030 of 14030, bij nood 112.", "Bel het algemene nummer 14 030 of 14030, bij nood 112."},
		tc{"amounts and years stay", "Het ging om € 1.250,00 in 2026 en 3 uur werk.", "Het ging om € 1.250,00 in 2026 en 3 uur werk."},
	)
	run(t, Known{}, cases)
}

func TestDates(t *testing.T) {
	run(t, Known{}, []tc{
		{"dd-mm-yyyy", "Het incident vond plaats op 12-03-2026 in de kantine.", "Het incident vond plaats op [datum] in de kantine."},
		{"d/m/yyyy", "Op 12/3/2026 is de melding gedaan.", "Op [datum] is de melding gedaan."},
		{"dd.mm.yyyy", "Verslag d.d. 12.03.2026.", "Verslag d.d. [datum]."},
		{"two-digit year", "Gesprek 12-03-26 gepland.", "Gesprek [datum] gepland."},
		{"ISO", "Ontvangen 2026-03-12, afgehandeld 2026-04-01.", "Ontvangen [datum], afgehandeld [datum]."},
		{"ISO date-time", "Tijdstempel 2026-03-12T14:30:00.", "Tijdstempel [datum]T[tijd]."},
		{"day month year", "Op 12 maart 2026 sprak zij met de vertrouwenspersoon.", "Op [datum] sprak zij met de vertrouwenspersoon."},
		{"weekday day month", "Op maandag 12 maart was hij afwezig.", "Op [datum] was hij afwezig."},
		{"weekday with comma", "Dinsdag, 3 februari 2026: tweede gesprek.", "[datum]: tweede gesprek."},
		{"day month", "Sinds 12 maart werkt zij thuis.", "Sinds [datum] werkt zij thuis."},
		{"ordinal", "Op de 1e april en de 2de mei.", "Op de [datum] en de [datum]."},
		{"abbreviated month", "Dat bleek op 3 jan. uit de mail.", "Dat bleek op [datum] uit de mail."},
		{"abbreviated month ends sentence", "Het gesprek was op 3 jan. De volgende dag niet.", "Het gesprek was op [datum]. De volgende dag niet."},
		{"abbreviations", "Op 5 mrt, 7 okt. 2025 en 9-dec-2025.", "Op [datum], [datum] en [datum]."},
		{"English", "On March 12, 2026 and on the 12th of March.", "On [datum] and on the [datum]."},
		{"English weekday", "Monday, March 12 was the first day.", "[datum] was the first day."},
		{"English shared month needs year", "In april 12 meldingen, op April 3rd één.", "In april 12 meldingen, op [datum] één."},
		{"day/month with context", "Op 12/3 en sinds 1-4 is het rustig.", "Op [datum] en sinds [datum] is het rustig."},
		{"fraction and score stay", "Een 1/2 dag verlof; de uitslag was 3-2.", "Een 1/2 dag verlof; de uitslag was 3-2."},
		{"month and year", "In maart 2026 en in mrt '25 ging het mis.", "In [datum] en in [datum] ging het mis."},
		{"year alone stays", "In 2026 is de gedragscode herzien.", "In 2026 is de gedragscode herzien."},
		{"month alone stays", "In maart kwam het meisje terug; in mei ook.", "In maart kwam het meisje terug; in mei ook."},
		{"numbers that are no dates stay", "Artikel 7:611 BW, versie 1.2.3, 40-32-12 en 45/60.", "Artikel 7:611 BW, versie 1.2.3, 40-32-12 en 45/60."},
	})
}

func TestTimes(t *testing.T) {
	run(t, Known{}, []tc{
		{"colon", "Het gesprek begon om 14:30 in kamer 3.", "Het gesprek begon om [tijd] in kamer 3."},
		{"dot with uur", "Hij belde om 14.30 uur.", "Hij belde om [tijd]."},
		{"dot with context", "Tussen 9.00 en 10.00 was zij alleen.", "Tussen [tijd] en [tijd] was zij alleen."},
		{"seconds", "Camerabeeld 14:30:15.", "Camerabeeld [tijd]."},
		{"hour", "Om 9 uur en rond 17u was hij er.", "Om [tijd] en rond [tijd] was hij er."},
		{"u", "Start 9u30.", "Start [tijd]."},
		{"am pm", "At 2:30 pm she left.", "At [tijd] she left."},
		{"duration stays", "Zij werkt 8 uur per dag, 32 uur per week.", "Zij werkt 8 uur per dag, 32 uur per week."},
		{"amount stays", "Een boete van 12.50 en 3.75 procent.", "Een boete van 12.50 en 3.75 procent."},
		{"reference stays", "Zie artikel 2:13 Awb.", "Zie artikel 2:13 Awb."},
		{"date and time", "Op 12 maart om 14:30 uur.", "Op [datum] om [tijd]."},
	})
}

func TestUnitsAndPlaces(t *testing.T) {
	run(t, known, []tc{
		{"unit", "Zij werkt bij Wijkteam Overvecht.", "Zij werkt bij [afdeling]."},
		{"unit case-insensitive", "Het wijkteam overvecht is klein.", "Het [afdeling] is klein."},
		{"unit other separator", "Team Parkeren-Noord en TEAM PARKEREN NOORD.", "[afdeling] en [afdeling]."},
		{"partial unit stays", "Het wijkteam heeft in Overvecht gewerkt.", "Het wijkteam heeft in Overvecht gewerkt."},
		{"place with number", "Het gebeurde op Stadsplateau 1, derde etage.", "Het gebeurde op [adres], derde etage."},
		{"place", "Bij de ingang van het stadsplateau.", "Bij de ingang van het [locatie]."},
		{"address heuristic", "Zij woont aan de Oudegracht 245bis en hij op de Croeselaan 15a.", "Zij woont aan de [adres] en hij op de [adres]."},
		{"address with two words", "Bezoekadres: Burgemeester Reigerstraat 3.", "Bezoekadres: [adres]."},
	})
}

func TestIdentifiers(t *testing.T) {
	run(t, Known{}, []tc{
		{"postcode", "Adres: 3511 AB Utrecht en 3521AZ.", "Adres: [postcode] Utrecht en [postcode]."},
		{"postcode-like abbreviation stays", "In 2024 OR-lid en in 2025 HR-adviseur.", "In 2024 OR-lid en in 2025 HR-adviseur."},
		{"IBAN compact", "Betaald van NL91ABNA0417164300.", "Betaald van [rekeningnummer]."},
		{"IBAN spaced", "Rekening NL91 ABNA 0417 1643 00 op naam van de melder.", "Rekening [rekeningnummer] op naam van de melder."},
		{"IBAN lower case", "iban nl91abna0417164300", "iban [rekeningnummer]"},
		{"foreign IBAN", "Rekening BE68 5390 0754 7034 en DE89370400440532013000.", "Rekening [rekeningnummer] en [rekeningnummer]."},
		{"BSN elfproef", "Het BSN 123456782 stond in de mail, ook 1112.22.333.", "Het BSN [bsn] stond in de mail, ook [bsn]."},
		{"BSN label", "burgerservicenummer: 12345678", "burgerservicenummer: [bsn]"},
		{"other long number", "Factuur 123456789 is betaald.", "Factuur [nummer] is betaald."},
		{"licence plate", "De auto met kenteken 12-ABC-3 en de bus XX-99-99.", "De auto met kenteken [kenteken] en de bus [kenteken]."},
		{"IP address", "Ingelogd vanaf 192.168.1.10.", "Ingelogd vanaf [ip-adres]."},
		{"case reference", "Zie zaak MP-7K3QX9AB.", "Zie zaak [zaaknummer]."},
		{"receipt code", "Code 7K3QX-9ABCD-EFGHJ-KMNPQ.", "Code [code]."},
	})
}

func TestPlaceholdersStay(t *testing.T) {
	k := Known{Names: []string{"Naam Datum"}, EmployeeNumbers: []string{"naam"}}
	in := "[naam] sprak op [datum] om [tijd] met [naam] ([personeelsnummer])."
	got := Text(in, k)
	if got.Text != in || len(got.Replacements) != 0 {
		t.Fatalf("Text(%q) = %q %v, want unchanged", in, got.Text, got.Replacements)
	}
	got = Text("Naam Datum sprak met mevrouw [naam].", k)
	if want := "[naam] sprak met mevrouw [naam]."; got.Text != want {
		t.Fatalf("got %q, want %q", got.Text, want)
	}
	if !slices.Equal(got.Replacements, []Replacement{{KindName, 1}}) {
		t.Fatalf("replacements %v", got.Replacements)
	}
}

func TestReplacements(t *testing.T) {
	in := "Op 12 maart 2026 om 14:30 belde Jan de Vries (pnr. 2001) met Fatma via 06-12345678. " +
		"Daarna mailde Fatma naar jan.devries@utrecht.nl. Jan bevestigde dat op 13 maart."
	got := Text(in, known)
	want := []Replacement{{KindEmail, 1}, {KindPhone, 1}, {KindDate, 2}, {KindTime, 1}, {KindEmployeeNumber, 1}, {KindName, 4}}
	if !slices.Equal(got.Replacements, want) {
		t.Errorf("Replacements = %v, want %v", got.Replacements, want)
	}
	if got.Total() != 10 {
		t.Errorf("Total = %d", got.Total())
	}
	for _, r := range got.Replacements {
		if Placeholder(r.Kind) == "" || strings.Contains(in, r.Kind) {
			t.Errorf("kind %q is not a bare kind", r.Kind)
		}
	}
	for _, leak := range []string{"Jan", "Vries", "Fatma", "2001", "12345678", "maart", "14:30", "utrecht.nl"} {
		if strings.Contains(got.Text, leak) {
			t.Errorf("%q left in %q", leak, got.Text)
		}
	}
}

func TestKindsAndPlaceholders(t *testing.T) {
	ks := Kinds()
	if len(ks) != int(numKinds) {
		t.Fatalf("Kinds() has %d kinds, want %d", len(ks), numKinds)
	}
	seen := map[string]bool{}
	for _, k := range ks {
		p := Placeholder(k)
		if !strings.HasPrefix(p, "[") || !strings.HasSuffix(p, "]") || seen[p] {
			t.Errorf("kind %q has placeholder %q", k, p)
		}
		seen[p] = true
		// A placeholder is left alone, alone or next to words.
		for _, in := range []string{p, "x" + p + "y", p + p, "[" + p + "]"} {
			if got := Text(in, known); got.Text != in || len(got.Replacements) != 0 {
				t.Errorf("Text(%q) = %q %v", in, got.Text, got.Replacements)
			}
		}
	}
	if Placeholder("nope") != "" {
		t.Error("unknown kind has a placeholder")
	}
}

func TestEmptyInputs(t *testing.T) {
	for _, k := range []Known{{}, known, {Names: []string{"", " ", "-", "J.", "'t"}, EmployeeNumbers: []string{""}, SmallUnits: []string{""}, Places: []string{" "}}} {
		for _, in := range []string{"", " ", "\n", "[", "]", "@", "+", "(", "-", "\xff\xfe", "06-", "+31", "Jan"} {
			got := Text(in, k)
			again := Text(got.Text, k)
			if again.Text != got.Text || len(again.Replacements) != 0 {
				t.Errorf("Text(%q) not idempotent: %q -> %q", in, got.Text, again.Text)
			}
		}
	}
	if got := Text("", known); got.Text != "" || got.Replacements != nil {
		t.Errorf("Text(\"\") = %+v", got)
	}
}

func TestAnonymizerReuse(t *testing.T) {
	a := New(known)
	s := a.Text("Jan belde Fatma.")
	c := a.Text("Overwegingen: De Vries heeft spijt betuigd.")
	if s.Text != "[naam] belde [naam]." || c.Text != "Overwegingen: [naam] heeft spijt betuigd." {
		t.Errorf("got %q and %q", s.Text, c.Text)
	}
}

func TestRealisticSummary(t *testing.T) {
	in := `Op maandag 12 maart 2026 om 14:30 meldde mevrouw Yılmaz-Bakker (personeelsnummer 104233) bij de ` +
		`vertrouwenspersoon dat haar leidinggevende, J. de Vries, haar tijdens het teamoverleg van Wijkteam Overvecht ` +
		`herhaaldelijk had gekleineerd. Volgens Fatma zei De Vries in het bijzijn van collega Sanne en meneer El Amrani ` +
		`dat "mensen zoals zij" niet geschikt zijn voor klantcontact. Zij is bereikbaar op 06-12345678 en via ` +
		`fatma.yilmaz@utrecht.nl. De Gemeente Utrecht en het Standby Team Integriteit hebben de melding in 2026 onderzocht.`
	want := `Op [datum] om [tijd] meldde mevrouw [naam] (personeelsnummer [personeelsnummer]) bij de ` +
		`vertrouwenspersoon dat haar leidinggevende, [naam], haar tijdens het teamoverleg van [afdeling] ` +
		`herhaaldelijk had gekleineerd. Volgens [naam] zei [naam] in het bijzijn van collega [naam] en meneer [naam] ` +
		`dat "mensen zoals zij" niet geschikt zijn voor klantcontact. Zij is bereikbaar op [telefoonnummer] en via ` +
		`[e-mail]. De Gemeente Utrecht en het Standby Team Integriteit hebben de melding in 2026 onderzocht.`
	run(t, known, []tc{{"summary", in, want}})
}

// TestOrdinaryTextStays runs typical precedent texts without personal data: nothing may change.
func TestOrdinaryTextStays(t *testing.T) {
	texts := []string{
		"De melding betrof ongewenst gedrag tijdens een teamuitje in 2025. Betrokkene heeft in drie gesprekken erkend dat hij opmerkingen over de afkomst van de melder had gemaakt. Hij gaf aan dat het als grap bedoeld was.",
		"Op grond van artikel 8:7 Cao Gemeenten en de Gedragscode Integriteit is een schriftelijke berisping opgelegd. Het college heeft meegewogen dat betrokkene 12 jaar in dienst is en dat er 2 eerdere incidenten waren.",
		"Het Standby Team Integriteit heeft het onderzoek binnen 6 weken afgerond. De manager van de afdeling Vergunningen, Toezicht en Handhaving is geïnformeerd. Een kwart van het team (5 van de 20 medewerkers) is gehoord.",
		"Meneer gaf aan dat hij zich gediscrimineerd voelde. Mevrouw heeft dat bevestigd. Collega's bevestigden het beeld. De vertrouwenspersoon adviseerde een mediationtraject via Bureau Integriteit.",
		"Sanctie: Berisping (art. 16 lid 1 onder a). Overwegingen: De ernst van de gedraging, het herhaalde karakter en de positie van betrokkene als leidinggevende wegen zwaar. Verzachtend: spijt betuigd.",
		"In Q3 2025 waren er 14 meldingen; 3 daarvan betroffen discriminatie op grond van religie. Het Openbaar Ministerie is niet ingeschakeld. Zie ook de Wet bescherming klokkenluiders en de Awb.",
		"Tijdens de Ramadan werd zij uitgesloten van de lunch. Op Koningsdag was hij niet aanwezig. Het ging om de periode van januari tot en met juni.",
		"Vanaf half 9 was hij er. Het rapport telt 45 pagina's en 3 bijlagen (A t/m C).",
		"Hij verdient schaal 10, trede 5, ongeveer € 4.500 bruto. Het verzuim was 12,5%. Hij werkt 36 uur in een 4x9 rooster.",
		"Het gesprek vond plaats in het Stadskantoor, kamer 6.12. Daarna werd hij naar huis gestuurd. De Raad van State en de Nationale ombudsman zijn niet betrokken.",
	}
	for _, s := range texts {
		r := Text(s, Known{})
		if r.Text != s {
			t.Errorf("\n in  %s\n out %s\n %v", s, r.Text, r.Replacements)
		}
	}
}
