package anonymize

import (
	"fmt"
	"strings"
	"testing"
)

// benchKnown has 20 known names, as a large case would.
func benchKnown() Known {
	first := []string{"Jan", "Fatma", "Mohamed", "Sanne", "Pieter", "Anouk", "Karim", "Esther", "Dirk", "Yvonne",
		"Ahmet", "Lotte", "Ruud", "Naima", "Bram", "Ingrid", "Sem", "Hatice", "Kees", "Priya"}
	last := []string{"de Vries", "Yılmaz-Bakker", "El Amrani", "Jansen", "van der Berg", "Visser", "Bouzid",
		"Smit", "ter Horst", "Mulder", "Öztürk", "van Dijk", "Hendriks", "Benali", "de Groot", "Müller",
		"Kramer", "Aydın", "Bos", "Ramdin"}
	k := Known{EmployeeNumbers: []string{"2001", "104233"}, SmallUnits: []string{"Wijkteam Overvecht", "Team Parkeren Noord"}}
	for i := range first {
		k.Names = append(k.Names, first[i]+" "+last[i])
	}
	return k
}

// benchText is a realistic case summary of about 5,000 characters.
func benchText() string {
	paras := []string{
		"Op maandag 12 maart 2026 om 14:30 meldde mevrouw Yilmaz-Bakker (personeelsnummer 104233) bij de vertrouwenspersoon dat haar leidinggevende, J. de Vries, haar herhaaldelijk had gekleineerd tijdens het teamoverleg van Wijkteam Overvecht. ",
		"Volgens Fatma zei De Vries in het bijzijn van collega Sanne en meneer El Amrani dat 'mensen zoals zij' niet geschikt zijn voor klantcontact. Getuige Pieter van der Berg bevestigde dit in zijn verklaring van 3 april. ",
		"De melder is bereikbaar op 06-12345678 en via fatma.yilmaz@utrecht.nl; de betrokkene op 030-2860000. Het onderzoek werd uitgevoerd door mw. Pietersen van het Standby Team Integriteit van de Gemeente Utrecht. ",
		"In het gesprek op 2026-03-20 erkende Jan de Vries dat hij de opmerking had gemaakt, maar hij ontkende de discriminerende strekking ervan. Hij gaf aan dat Karim Bouzid en Esther Smit het anders hadden opgevat. ",
		"De manager heeft daarop, na overleg met HR, besloten tot een schriftelijke berisping. Daarbij is meegewogen dat er eerder, in 2024, een vergelijkbare klacht is geweest, en dat de betrokkene zich coöperatief heeft opgesteld. ",
	}
	var b strings.Builder
	for b.Len() < 5000 {
		for _, p := range paras {
			b.WriteString(p)
		}
	}
	return b.String()[:5000]
}

func BenchmarkText(b *testing.B) {
	text, k := benchText(), benchKnown()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Text(text, k)
	}
}

func BenchmarkTextPrepared(b *testing.B) {
	text, a := benchText(), New(benchKnown())
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Text(text)
	}
}

func ExampleText() {
	k := Known{Names: []string{"Jan de Vries"}, EmployeeNumbers: []string{"2001"}}
	r := Text("Op 12 maart 2026 om 14:30 sprak J. de Vries (pnr. 2001) met mevrouw Jansen.", k)
	fmt.Println(r.Text)
	fmt.Println(r.Replacements)
	// Output:
	// Op [datum] om [tijd] sprak [naam] (pnr. [personeelsnummer]) met mevrouw [naam].
	// [{date 1} {time 1} {employee_number 1} {name 2}]
}
