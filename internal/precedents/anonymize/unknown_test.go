package anonymize

import "testing"

// TestNamesAndNumbersNobodyListed: a draft mentions people the case did not list, without a
// title before them. A common given name with a surname, initials with a surname, and a person
// referred to by role and number are found all the same; capitalised sentence starts,
// institutions, months and counts stay.
func TestNamesAndNumbersNobodyListed(t *testing.T) {
	run(t, Known{}, []tc{
		// Given name and surname.
		{"given name and surname", "Jan Jansen heeft de melding gedaan.", "[naam] heeft de melding gedaan."},
		{"mid-sentence", "Het gesprek met Jan Jansen duurde een uur.", "Het gesprek met [naam] duurde een uur."},
		{"tussenvoegsels", "Volgens Jan van der Berg was het een grap.", "Volgens [naam] was het een grap."},
		{"capitalised particle", "Ook Pieter Van Dijk was erbij.", "Ook [naam] was erbij."},
		{"Moroccan surname", "Fatima El Amrani bevestigde de opmerkingen.", "[naam] bevestigde de opmerkingen."},
		{"Arabic particle lower case", "Zij sprak met Mohamed el Idrissi.", "Zij sprak met [naam]."},
		{"Turkish with diacritics", "Ayşe Yılmaz-Demir was getuige.", "[naam] was getuige."},
		{"double surname", "Sanne de Graaf-Bakker kwam later.", "[naam] kwam later."},
		{"double given name", "Jan-Willem de Jong was afwezig.", "[naam] was afwezig."},
		{"apostrophe particle", "Kees 't Hart werd gehoord.", "[naam] werd gehoord."},
		{"three names in a list", "Aanwezig waren Anna Visser, Mehmet Kaya en Priya Ramdin.", "Aanwezig waren [naam], [naam] en [naam]."},
		{"all capitals heading", "VERSLAG GESPREK MET JAN JANSEN", "VERSLAG GESPREK MET [naam]"},
		{"possessive stays outside", "Jan Jansens reactie was fel.", "[naam] reactie was fel."},
		// Initials.
		{"initial and particle", "De verklaring van J. de Vries is ondertekend.", "De verklaring van [naam] is ondertekend."},
		{"initials", "Getuige J.P. Bakker bevestigt dit.", "Getuige [naam] bevestigt dit."},
		{"initials with space", "Gehoord is A. B. van Dam.", "Gehoord is [naam]."},
		{"initial at sentence start", "D. Jansen ontkent alles.", "[naam] ontkent alles."},
		{"initial after met", "Het gesprek met K. Bouzid verliep rustig.", "Het gesprek met [naam] verliep rustig."},
		// Role and number.
		{"medewerker 10", "Volgens medewerker 10 was de toon onacceptabel.", "Volgens medewerker [personeelsnummer] was de toon onacceptabel."},
		{"Medewerker capitalised", "Medewerker 7 heeft dat bevestigd.", "Medewerker [personeelsnummer] heeft dat bevestigd."},
		{"collega nr.", "Collega nr. 4521 heeft het gezien.", "Collega nr. [personeelsnummer] heeft het gezien."},
		{"collega nummer", "Ook collega nummer 12 was aanwezig.", "Ook collega nummer [personeelsnummer] was aanwezig."},
		{"manager hash", "De klacht ging over manager #3.", "De klacht ging over manager #[personeelsnummer]."},
		{"medewerkster with letters", "Medewerkster M12 en werknemer 88 zijn gehoord.", "Medewerkster [personeelsnummer] en werknemer [personeelsnummer] zijn gehoord."},
		{"English", "According to employee no. 17 and staff member 4 it happened twice.", "According to employee no. [personeelsnummer] and staff member [personeelsnummer] it happened twice."},
		{"personeelsnummer", "Betrokkene (personeelsnummer 20417) is gehoord.", "Betrokkene (personeelsnummer [personeelsnummer]) is gehoord."},
		// Contact data and places around them.
		{"e-mail", "Mail naar jan.jansen@utrecht.nl of j.jansen@gmail.com.", "Mail naar [e-mail] of [e-mail]."},
		{"phones", "Bel 06-12345678, 030 286 00 00 of +31 6 1234 5678.", "Bel [telefoonnummer], [telefoonnummer] of [telefoonnummer]."},
		{"postcodes", "Zij woont in 3511 AB en werkt in 3521AZ.", "Zij woont in [postcode] en werkt in [postcode]."},
		{"the draft", "Jan Jansen en medewerker 10 waren aanwezig bij het gesprek.", "[naam] en medewerker [personeelsnummer] waren aanwezig bij het gesprek."},

		// What must stay.
		{"given name alone", "Sanne en Karim waren erbij.", "Sanne en Karim waren erbij."},
		{"given name before an institution", "Jan van Burgerzaken en Anna van Gemeente Utrecht.", "Jan van Burgerzaken en Anna van Gemeente Utrecht."},
		{"given name before a lower-case word", "Toen Mark de brief las, was hij boos.", "Toen Mark de brief las, was hij boos."},
		{"given name at sentence end", "Het was Jan. Daarna ging hij weg.", "Het was Jan. Daarna ging hij weg."},
		{"institutions", "De Gemeente Utrecht en het Standby Team Integriteit behandelden de zaak.", "De Gemeente Utrecht en het Standby Team Integriteit behandelden de zaak."},
		{"sentence starts", "Daarna Volgde een gesprek. Vervolgens Werd Burgerzaken geïnformeerd.", "Daarna Volgde een gesprek. Vervolgens Werd Burgerzaken geïnformeerd."},
		{"months", "In Maart en April is het onderzoek gedaan; Mei bracht de uitkomst.", "In Maart en April is het onderzoek gedaan; Mei bracht de uitkomst."},
		{"initial ending a sentence", "Hij nam vitamine D. Vervolgens ging hij naar huis.", "Hij nam vitamine D. Vervolgens ging hij naar huis."},
		{"plan letter", "Zij koos plan B. Daarna was het rustig.", "Zij koos plan B. Daarna was het rustig."},
		{"counts after a role", "De manager 2 keer gesproken, de collega 3 weken niet.", "De manager 2 keer gesproken, de collega 3 weken niet."},
		{"decimal after a role", "De leidinggevende 1,5 jaar in dienst.", "De leidinggevende 1,5 jaar in dienst."},
		{"role plural", "Er zijn 20 medewerkers gehoord, waarvan 5 collega's uit het team.", "Er zijn 20 medewerkers gehoord, waarvan 5 collega's uit het team."},
		{"scale", "Zij zit in schaal 10, trede 5.", "Zij zit in schaal 10, trede 5."},
	})
}
