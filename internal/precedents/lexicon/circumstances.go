package lexicon

import (
	"fmt"
	"strings"
)

// circumstanceFacts: cues of the rule set's circumstances and of an unproven allegation.
//
// A circumstance is said of the person whose conduct is at issue: "zelf gemeld" is a self-report,
// "ik heb het gemeld" in a victim's own words is not; "getuige" and "verhoor" are words of any
// investigation and hint at obstruction only together with more.
var circumstanceFacts = []factCues{
	{Aggravating, "ABUSE_OF_POSITION", 1, `leidinggevende*|leidinggevend|chef|manager*|teamleider*|teamleidster*|afdelingshoofd*|directeur*|baas|
		begeleider*|stagebegeleider*|werkbegeleider*|praktijkbegeleider*|voorzitter|selectiecommissie|teamchef|coördinator|coordinator|wethouder|
		hoofd van de afdeling|hoofd van het team|hoofd van zijn afdeling|hoofd van haar afdeling|hoofd personeelszaken|hoofd p&o|hoofd hr|
		ploegbaas|ploegleider*|voorman|uitvoerder|opzichter|supervisor|
		leiding gaf|leiding geeft|gaf leiding|geeft leiding|leidinggeven*|ondergeschikt*|zijn ondergeschikten|haar ondergeschikten|machtspositie|gezagsverhouding|
		hiërarchisch*|afhankelijkheidsrelatie|misbruik van * positie|misbruik van * functie|misbruik van * macht|positie misbruikt|functie misbruikt|
		misbruikte zijn positie|misbruikte haar positie|misbruikte zijn functie|misbruikte haar functie|machtsmisbruik|
		zijn mensen|haar mensen|zijn medewerkers|haar medewerkers|mijn eindbeoordeling|eindbeoordeling`},
	// The manager a matter was reported to is not the one whose conduct is at issue: these
	// phrases take back most of the weight of the word they contain.
	{Aggravating, "ABUSE_OF_POSITION", -0.7, reportedTo("leidinggevende", "teamleider", "chef", "manager", "afdelingshoofd")},
	{Aggravating, "ABUSE_OF_POSITION", 0.5, `directie|gemeentesecretaris|burgemeester|beoordelaar|in uniform|in functie|zijn bevoegdhe*|haar bevoegdhe*|zijn positie|haar positie|zijn functie als|haar functie als|beoordeelt|contract verlengen|verlenging`},

	{Aggravating, "VULNERABLE_VICTIM", 1, `stagiair*|stagair*|stagiaire*|nieuwe medewerker*|nieuwe collega*|net begonnen|net in dienst|proeftijd|uitzendkracht*|oproepkracht*|
		minderjarig*|cliënt*|client*|bijstand*|aanvrager*|sollicitant*|afhankelijk*|kwetsbaar*|kwetsbare|
		contactverbod|straatverbod|huiselijk geweld|vrouwenopvang|blijf-van-mijn-lijfhuis|geheim adres|schuldhulp*|schuldsanering|dakloos|dakloze*|
		verstandelijk*|lvb|dementerend*|dementie|uitkeringsgerechtigde*`},
	{Aggravating, "VULNERABLE_VICTIM", 0.5, "jongen|meisje|jongere|jongeren|kind|kinderen|scholier*|leerling*|schulden|uitkering*|psychisch*|jaarcontract|tijdelijk contract|oudere inwoner*|bejaarde*"},

	{Aggravating, "PUBLIC_HARM", 1, `inwoner*|inwoonster*|burger|burgers|bezoeker*|bezoekster*|loket*|balie*|klant*|bewoner*|bewoonster*|publiek*|publiciteit|krant*|media|pers|nieuws|
		aanvrager*|bestuurder*|automobilist*|weggebruiker*|ondernemer*|aanzien|voorbijganger*|omstander*|passant*|marktkoop*|belanghebbende*|bezwaarmaker*|
		wijkbewoner*|buurtbewoner*|patiënt*|reiziger*|parkeerder*|huurder*|woningzoekende*|werkzoekende*|
		imago*|imagoschade|reputatieschade|goede naam|in opspraak|ophef|viraal|omroep|nieuwsmedium|nieuwssite|
		vertrouwen in de gemeente|vertrouwen in de overheid|vertrouwen van burgers|vertrouwen van inwoners`},
	{Aggravating, "PUBLIC_HARM", 0.5, "afbreuk aan|afbreuk gedaan|benadeeld|gedupeerd*|klacht van een|openbare ruimte|in het openbaar|op straat|reputatie*"},
	{Aggravating, "PUBLIC_HARM", 0.25, "gefilmd|filmden|filmde"},

	{Aggravating, "REPEATED_CONDUCT", 1, `herhaald*|steeds|telkens|consequent|maandenlang|al * maanden|al * * maanden|gedurende * maanden|afgelopen maanden|laatste maanden|sinds * maanden|wekenlang|jarenlang|dagenlang|regelmatig|vaker|meermaals|meermalen|
		meerdere keren|meerdere malen|keer op keer|opnieuw|blijft|bleef|structureel|stelselmatig|systematisch*|voortdurend|aanhoudend*|doorlopend|
		gaat door|ging door|ook nadat|al jaren|al weken|al maanden|al lange tijd|geruime tijd|langdurig*|
		vaak|dikwijls|elke keer|iedere keer|elke *dag|iedere *dag|elke *avond|iedere *avond|elke *ochtend|iedere *ochtend|dagelijks|wekelijks|maandelijks|elke week|iedere week|elke maand|
		diverse keren|verschillende keren|vele keren|talloze keren|tientallen keren|honderden keren|tig keer|ontelbaar*|
		twee keer|drie keer|vier keer|vijf keer|zes keer|zeven keer|acht keer|negen keer|tien keer|elf keer|twaalf keer|twintig keer|
		2 keer|3 keer|4 keer|5 keer|6 keer|7 keer|8 keer|9 keer|10 keer|11 keer|12 keer|13 keer|14 keer|15 keer|16 keer|17 keer|18 keer|19 keer|20 keer|25 keer|30 keer|40 keer|50 keer|100 keer|
		twee maal|drie maal|vier maal|vijf maal|herhaalde malen|vele malen|
		jaar lang|maanden lang|weken lang|jaren lang|een periode van|over een periode|sindsdien|wederom|alweer|steeds weer|elke keer weer|
		eerder gewaarschuwd|eerder aangesproken|al eerder|eerdere waarschuwing*|eerder een waarschuwing|al een waarschuwing|recidive|zoveelste|meer dan eens|
		niet de eerste keer|niet voor het eerst|houdt niet op|hield niet op|stopt niet|stopte niet|gaat maar door|ging maar door|een patroon|patroon`},
	{Aggravating, "REPEATED_CONDUCT", 0.35, "maanden"},
	{Aggravating, "REPEATED_CONDUCT", 0.5, "gedurende|nogmaals|gewoonte|geregeld|nog steeds|nog altijd"},

	{Aggravating, "OBSTRUCTION", 1, `belemmer*|het onderzoek gefrustreerd|onderzoek gefrustreerd|frustreerde het onderzoek|onderzoek bemoeilijkt|bemoeilijkte het onderzoek|tegengewerkt|tegenwerk*|vergelding|wraak|onder druk gezet|dossier vernietigd|bewijs vernietigd|gewist|wiste|
		doofpot|in de doofpot|verdoezel*|toegedekt|toedekken|weggemaakt|bewijs weggegooid|geantedateerd|antedateren|achteraf aangepast|
		medewerking geweigerd|weigerde mee te werken|weigerde medewerking|werkte niet mee aan het onderzoek|niet meegewerkt|geen medewerking|
		getuigen beïnvloed|getuige beïnvloed|getuigen benaderd|getuige benaderd|verklaringen afgestemd|verklaring afgestemd|
		represaille*|wie hem had gemeld|wie haar had gemeld|wie het had gemeld|wie * had gemeld|de melder benaderd|melder aangesproken|
		valse verklaring|onjuiste verklaring|gelogen tegen|loog tegen|loog over|gelogen over`},
	{Aggravating, "OBSTRUCTION", 0.5, "gelogen|loog|leugen*|liegen|verzwegen|verzweeg|achtergehouden|achterhouden|vernietigd|vernietigde|versnipperd|onder druk|klikken|verklikt|beïnvloed"},
	{Aggravating, "OBSTRUCTION", 0.25, "verwijderd|verwijderde"},
	{Aggravating, "OBSTRUCTION", 0.15, "getuige*|verhoor*"},

	// Self-report: the person at issue brought it up; a gift refused and reported is reported by
	// the one offered it.
	{Mitigating, "SELF_REPORT", 1, `zelf gemeld|meldde zelf|zelfmelding|heeft zichzelf gemeld|zichzelf gemeld|uit zichzelf|meldde * zelf|meldde * * zelf|meldde * * * zelf|
		zelf aangegeven|gaf * zelf aan|gaf * * zelf aan|zelf opgebiecht|opgebiecht|biechtte|zelf aan de bel|uit eigen beweging|eigener beweging|
		op eigen initiatief|uit eigen initiatief|zelf aangekaart|zelf melden|zichzelf aangegeven|gaf zichzelf aan|meldde zichzelf|zelf aan * leidinggevende|zelf aan * chef|zelf aan * teamleider|zelf bij * leidinggevende|zelf bij * chef|zelf bij * teamleider|zelf bij * manager|zelf bij de integriteit*|mezelf melden|mijzelf melden|meld mezelf|meld mijzelf|meld ik mezelf|meld ik mijzelf|
		geweigerd en gemeld|geweigerd en * gemeld|geweigerd en * * gemeld|weigerde en meldde|weigerde * en meldde|afgeslagen en gemeld|afgewezen en gemeld|
		teruggestuurd en gemeld|teruggegeven en gemeld|niet aangenomen en|niet geaccepteerd en|geweigerd en doorgegeven|geweigerd en * doorgegeven|
		meldde het aanbod|het aanbod gemeld|aanbod gemeld|meldde het geschenk|het geschenk gemeld|meldde de gift|de gift gemeld|meldde het cadeau|het cadeau gemeld|
		meldde de envelop|in het register gemeld|gemeld in het register|in het geschenkenregister|netjes gemeld|keurig gemeld|netjes geregistreerd|keurig geregistreerd`},
	{Mitigating, "SELF_REPORT", 0.7, "zelf bij"},
	{Mitigating, "SELF_REPORT", 0.5, `netjes doorgegeven|meteen doorgegeven|direct doorgegeven|en meldde het|en meldde dit|en heeft het gemeld|en heeft dit gemeld|en het gemeld|en dit gemeld|meteen gemeld|direct gemeld|dezelfde dag gemeld|
		niet aangenomen|niet geaccepteerd|niet aanvaard|sloeg het aanbod af|sloeg * af|aanbod afgeslagen|wees het aanbod af|aanbod geweigerd|weigerde het aanbod|
		weigerde het geschenk|weigerde de gift|weigerde het cadeau|weigerde de envelop|stuurde het terug|stuurde * terug|teruggestuurd|vriendelijk bedankt|bedankte vriendelijk`},

	{Mitigating, "REMORSE_AND_REPAIR", 1, `excuses|excuus|spijt|berouw|verontschuldig*|schade vergoed|terugbetaald|hersteld|sorry|
		terugbetalen|terugbetaling|terug betaald|terug te betalen|teruggestort|schadevergoeding|gecompenseerd|teruggegeven|teruggebracht|
		schuldbewust|schaamt|schaamde|verantwoordelijkheid genomen|neemt * verantwoordelijkheid|nam * verantwoordelijkheid|toont inzicht|toonde inzicht|zag in dat|ziet in dat|rectificatie|gerectificeerd|haalde het weg|haalde * bericht* weg|bericht verwijderd|berichten verwijderd|offline gehaald`},
	{Mitigating, "REMORSE_AND_REPAIR", 0.35, "erkent|erkende|erkend"},
	{Mitigating, "REMORSE_AND_REPAIR", 0.6, "gaf * terug|gaf * * terug|bracht * terug|gaf toe|gaf * toe|toegegeven|heeft bekend|bekende dat|bekende hij|bekende zij|hulp gezocht|in behandeling|therapie|coaching"},

	{Mitigating, "SHORT_SERVICE_NO_INSTRUCTION", 1, `net in dienst|kort in dienst|niet op de gedragscode gewezen|geen introductie|pas in dienst|sinds kort in dienst|nieuw in dienst|
		pas begonnen|eerste werkweek|eerste werkdag|eerste werkdagen|in de proeftijd|niet ingewerkt|geen inwerk*|inwerkperiode|
		onbekend met de regels|kende de regels niet|regels niet kende|gedragscode niet gekend|geen instructie|niet geïnstrueerd|niet geinstrueerd|nooit uitgelegd`},
	{Mitigating, "SHORT_SERVICE_NO_INSTRUCTION", 0.5, "wist niet dat|niet op de hoogte van de regels|eerste week|eerste maand|eerste maanden|proeftijd"},

	{Mitigating, "PROVOCATION", 1, `uitgedaagd|uitgelokt|uitlokking|provoc*|geprovoceerd|getart|uitdaagde|tartte|op stang gejaagd|opgejut|
		eerst zelf|was eerst zelf|zelf begonnen|begon zelf|zocht ruzie|ruzie zocht|zelfverdediging|noodweer|sloeg terug|terugsloeg`},
	{Mitigating, "PROVOCATION", 0.4, "in reactie op|reageerde op|eerst uitgescholden"},

	{Mitigating, "LONG_UNBLEMISHED_SERVICE", 1, `onberispelijk*|smetteloos|jaar in dienst|jaren in dienst|lang in dienst|dienstjaren|staat van dienst|blanco staat van dienst|
		jaar werkzaam|jaren werkzaam|jarenlang dienstverband|lang dienstverband|langdurig dienstverband|jubileum|jubilaris`},
	{Mitigating, "LONG_UNBLEMISHED_SERVICE", 0.7, "jaar bij de gemeente|jaar bij de organisatie|jaar bij de provincie|jaar bij het waterschap"},
	{Mitigating, "LONG_UNBLEMISHED_SERVICE", 0.5, "dienstverband|trouwe|loyale"},
	{Mitigating, "LONG_UNBLEMISHED_SERVICE", 0.35, "nooit eerder een klacht|geen eerdere klachten|geen eerdere incidenten|geen eerdere meldingen|nooit eerder aangesproken"},

	{Findings, NotProven, 1, `niet bewezen|onvoldoende bewijs|geen bewijs|ongegrond|meent|meende|vermeend*|vermoedt|bleek te berusten|bleek niet|niet kon worden vastgesteld|
		niet vast te stellen|kon niet worden aangetoond|niet aangetoond|beweert|beweerde|naar eigen zeggen|geen aanwijzingen|regels toegepast|regels gevolgd|volgens de regels|
		niets kwetsends|niet gegrond|ongegrond verklaard|niet aannemelijk|onaannemelijk|niet vastgesteld|kan niet worden vastgesteld|niet kunnen vaststellen|
		niet bevestigd|kon niet worden bevestigd|niet worden bevestigd|niet onderbouwd|onvoldoende onderbouwd|ononderbouwd|niet gestaafd|ongestaafd|
		woord tegen woord|tegenstrijdige verklaringen|is niet gebleken|niet gebleken|berust op een misverstand|vals beschuldigd|valselijk beschuldigd|
		ten onrechte beschuldigd|vrijgesproken|vrijgepleit|gezuiverd|niet verwijtbaar|niets te verwijten|geen verwijt|correct gehandeld|juist gehandeld|
		werkgerelateerde reden had|met een werkgerelateerde reden|had een werkgerelateerde|voor zijn werk nodig|voor haar werk nodig|waaraan hij was toegewezen|waaraan zij was toegewezen|
		geen onregelmatigheden|niets onrechtmatigs|niets gevonden|geen schending|
		kon niet worden bewezen|niet kon worden bewezen|niet komen vast te staan|niet vast komen te staan|staat niet vast|onvoldoende grond|niet aannemelijk geworden|onvoldoende aannemelijk|onbewezen|niet te bewijzen|niet kunnen aantonen|kan niet worden aangetoond|niet kon worden aangetoond|
		geen aanwijzing|bleek onjuist|bleken onjuist|onjuist gebleken`},
	{Findings, NotProven, 0.5, "beschuldig*|ontkent|ontkende|ontkennen|misverstand|geen sprake van|lopend onderzoek|lopende zaak|was toegewezen|gerechtvaardigd|rechtmatig|dienstbelang|geruchten|gerucht"},
}

// reportedTo are the phrases that say a matter was reported to one of the managers named ("meldde
// het bij zijn leidinggevende", "niet doorgegeven aan zijn chef").
func reportedTo(managers ...string) string {
	var out []string
	for _, m := range managers {
		for _, p := range []string{"gemeld bij * %s", "bij * %s gemeld", "meldde * bij * %s", "meldde * * bij * %s", "melden bij * %s",
			"zelf bij * %s", "zelf aan * %s", "gemeld aan * %s", "aan * %s gemeld", "doorgegeven aan * %s", "aan * %s doorgegeven",
			"bij * %s aangegeven", "verteld aan * %s", "aan * %s verteld"} {
			out = append(out, fmt.Sprintf(p, m))
		}
	}
	return strings.Join(out, "|")
}

// repetitionDenials say the conduct happened once. "Het is niet de eerste keer" is no denial, so
// the first time is a denial only as "het was de eerste keer"; "nu eenmaal" is none either.
const repetitionDenials = `eenmalig*|die ene keer|één keer|een enkele keer|één enkele keer|enige keer|bleef bij|bleef het bij|geen herhaling|
	is de eerste keer|was de eerste keer|is het de eerste keer|was het de eerste keer|voor de eerste keer|niet eerder|nooit eerder|
	slechts eenmaal|maar eenmaal|heeft eenmaal|eenmaal het|slechts één keer|maar één keer|maar een keer|slechts een keer|
	op zichzelf staand*|op zichzelfstaand*|één incident|enkel incident|losstaand incident|incidenteel`

// generalSynonyms: paraphrases of people, places and the workplace.
var generalSynonyms = [][]string{
	{"loket", "balie", "loketmedewerker", "baliemedewerker", "publiekszaken", "publieksbalie"},
	{"inwoner", "inwoners", "burger", "burgers", "bezoeker", "bezoekers", "bewoner", "klant", "aanvrager", "inwoonster", "bezoekster", "bewoners", "bewoonster"},
	// The department of the population register and the front desk has either name.
	{"burgerzaken", "publiekszaken"},
	{"groepsapp", "appgroep", "groepschat", "teamapp", "whatsappgroep", "whatsapp", "app-groep", "teamchat"},
	{"leidinggevende", "chef", "manager", "teamleider", "baas", "afdelingshoofd", "teamleidster", "leidinggevenden"},
	{"stagiaire", "stagiair", "stagiairs", "stagiaires"},
	{"training", "opleiding", "cursus", "scholing"},
	{"boa", "handhaver", "parkeercontroleur", "toezichthouder", "handhaving"},
	{"personeelsborrel", "borrel", "personeelsfeest", "kerstborrel", "teamuitje", "vrijdagmiddagborrel"},
	{"sollicitant", "sollicitanten", "kandidaat", "kandidaten", "sollicitatie", "werving"},
	{"ziekteverzuim", "verzuim", "ziekmelding", "ziekteverlof"},
	{"huis", "woning"},
	{"vergadering", "teamvergadering", "overleg", "teamoverleg"},
	{"buren", "buurman", "buurvrouw", "buurtgenoot", "buurtbewoner", "buurtbewoners", "buurtgenoten", "bovenburen", "onderburen"},
	{"kantine", "pantry", "koffieautomaat", "lunchruimte"},
	{"gemeentewerf", "werf", "buitendienst", "buitenploeg", "wijkploeg"},
	{"consulent", "klantmanager", "casemanager", "inkomensconsulent", "participatieconsulent"},
	{"inkoper", "inkoopadviseur", "contractmanager", "inkoop", "contractbeheerder"},
	{"bouwinspecteur", "inspecteur", "bouwtoezicht", "woningtoezicht", "bouwcontroleur"},
	{"vergunningverlener", "vergunningverlening", "vergunningen"},
	// Registers and the traces they keep of who looked.
	{"logging", "logbestanden", "loggegevens", "logboek", "zoekgeschiedenis", "audittrail"},
	{"zaaksysteem", "dossiersysteem", "klantsysteem", "registratiesysteem"},
}
