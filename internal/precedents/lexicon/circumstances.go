package lexicon

// circumstanceFacts: cues of the rule set's circumstances and of an unproven allegation.
var circumstanceFacts = []struct {
	kind, code string
	weight     float64
	cues       string // "|"-separated; words of a phrase separated by spaces
}{
	{Aggravating, "ABUSE_OF_POSITION", 1, "leidinggevende*|leidinggevend|chef|manager|teamleider*|teamleidster*|afdelingshoofd*|directeur*|baas|begeleider*|stagebegeleider*|werkbegeleider*|praktijkbegeleider*|voorzitter|selectiecommissie|hoofd|teamchef|coördinator|coordinator|wethouder"},
	{Aggravating, "VULNERABLE_VICTIM", 1, "stagiair*|stagair*|stagiaire*|nieuwe medewerker*|nieuwe collega*|net begonnen|net in dienst|proeftijd|uitzendkracht*|oproepkracht*|jongen|meisje|minderjarig*|cliënt*|client*|bijstand*|aanvrager*|sollicitant*|afhankelijk*"},
	{Aggravating, "PUBLIC_HARM", 1, "inwoner*|burger|burgers|bezoeker*|loket*|balie*|klant*|bewoner*|publiek*|publiciteit|krant*|media|pers|nieuws|aanvrager*|bestuurder*|automobilist*|weggebruiker*|ondernemer*|aanzien"},
	{Aggravating, "REPEATED_CONDUCT", 1, "herhaald*|steeds|telkens|consequent|maanden|maandenlang|wekenlang|jarenlang|regelmatig|vaker|meermaals|meerdere keren|keer op keer|opnieuw|blijft|bleef|structureel|stelselmatig|voortdurend|aanhoudend*|gaat door|ging door|ook nadat|al jaren|al weken|al maanden"},
	{Aggravating, "OBSTRUCTION", 1, "getuige*|verhoor*|belemmer*|tegengewerkt|tegenwerk*|vergelding|wraak|onder druk gezet|dossier vernietigd|bewijs vernietigd|gewist"},
	{Mitigating, "SELF_REPORT", 1, "zelf gemeld|meldde zelf|zelfmelding|heeft zichzelf gemeld|uit zichzelf"},
	{Mitigating, "REMORSE_AND_REPAIR", 1, "excuses|excuus|spijt|berouw|verontschuldig*|schade vergoed|terugbetaald|hersteld"},
	{Mitigating, "SHORT_SERVICE_NO_INSTRUCTION", 1, "net in dienst|kort in dienst|niet op de gedragscode gewezen|geen introductie"},
	{Mitigating, "PROVOCATION", 1, "uitgedaagd|uitgelokt|uitlokking|provoc*|geprovoceerd|getart"},
	{Mitigating, "LONG_UNBLEMISHED_SERVICE", 1, "onberispelijk*|smetteloos|jaar in dienst|jaren in dienst|lang in dienst"},
	{Findings, NotProven, 1, "niet bewezen|onvoldoende bewijs|geen bewijs|ongegrond|meent|meende|vermeend*|vermoedt|bleek te berusten|bleek niet|niet kon worden vastgesteld|niet vast te stellen|kon niet worden aangetoond|niet aangetoond|beweert|beweerde|naar eigen zeggen|geen aanwijzingen|regels toegepast|regels gevolgd|volgens de regels|niets kwetsends"},
	{Findings, NotProven, 0.5, "beschuldig*|ontkent|ontkende|ontkennen"},
}

// generalSynonyms: paraphrases of people, places and the workplace.
var generalSynonyms = [][]string{
	{"loket", "balie", "loketmedewerker", "baliemedewerker", "publiekszaken", "publieksbalie"},
	{"inwoner", "inwoners", "burger", "burgers", "bezoeker", "bezoekers", "bewoner", "klant", "aanvrager"},
	{"groepsapp", "appgroep", "groepschat", "teamapp", "whatsappgroep", "whatsapp", "app-groep", "teamchat"},
	{"leidinggevende", "chef", "manager", "teamleider", "baas", "afdelingshoofd"},
	{"stagiaire", "stagiair", "stagiairs", "stagiaires"},
	{"training", "opleiding", "cursus", "scholing"},
	{"boa", "handhaver", "parkeercontroleur", "toezichthouder", "handhaving"},
	{"personeelsborrel", "borrel", "personeelsfeest", "kerstborrel", "teamuitje", "vrijdagmiddagborrel"},
	{"sollicitant", "sollicitanten", "kandidaat", "kandidaten", "sollicitatie", "werving"},
	{"ziekteverzuim", "verzuim", "ziekmelding", "ziekteverlof"},
	{"huis", "woning"},
	{"vergadering", "teamvergadering", "overleg", "teamoverleg"},
	{"buren", "buurman", "buurvrouw", "buurtgenoot", "buurtbewoner"},
	{"kantine", "pantry", "koffieautomaat", "lunchruimte"},
}
