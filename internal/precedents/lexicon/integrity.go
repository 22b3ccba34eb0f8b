package lexicon

// integrityFacts: cues of fraud, gifts, corruption, conflicts of interest, misuse of information,
// abuse of authority, off-duty misconduct and waste.
var integrityFacts = []struct {
	kind, code string
	weight     float64
	cues       string // "|"-separated; words of a phrase separated by spaces
}{
	{Category, "CORRUPTION", 1, "omkop*|omgekocht|smeergeld|steekpenning*|*smeergeld*"},
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 1, "fraude|fraudeer*|frauduleu*|declar*|gedeclareerd|diefstal|gestolen|stal|verduister*|vervals*|valse|verzonnen|onterecht gedeclareerd|tankpas*|tankkaart*|brandstofpas*|brandstofkaart*|getankt|tankte|privégebruik|reiskosten|onkosten"},
	{Category, "GIFTS", 1, "geschenk*|*cadeau*|relatiegeschenk*|gift|giften|uitnodiging|kaartjes|voetbalwedstrijd|voetbalduel|concert*|etentje*|fles wijn|flessen wijn|aangeboden|envelop*|bedankje*|als dank|fooi*"},
	{Category, "GIFTS", 0.5, "nam * aan|aangenomen|aannemen|aannam"},
	{Category, "CONFLICT_OF_INTEREST", 1, "belangenverstrengel*|nevenfunctie*|nevenwerkzaamhe*|echtgeno*|zwager|schoonzus|neef|eigen bedrijf|familielid|familieleden|in het bestuur"},
	{Category, "MISUSE_OF_INFORMATION", 1, "brp|persoonsregistratie|basisregistratie|persoonsgegevens|*gegevens|dossiers ingezien|dossier ingezien|ingezien|inzien|opgezocht|nagekeken|nieuwsgierig*|vertrouwelijk*|gelekt|lekken|lekte|personeelssysteem|privacy|avg"},
	{Category, "ABUSE_OF_AUTHORITY", 1, "bevoegdhe*|eigen huis|klussen|materieel|dienstauto|diensttijd|voor eigen gewin|voorrang"},
	{Category, "OFF_DUTY_MISCONDUCT", 1, "buiten dienst|buiten werktijd|buiten diensttijd|privé|prive|in het weekend|kroeg|strafzaak|strafrechtelijk*|veroordeeld|online|sociale media|social media|facebook|twitter|instagram|tiktok"},
	{Category, "WASTE_POOR_PERFORMANCE", 1, "verspil*|wanprestatie"},
}

// integritySynonyms: paraphrases of money, goods, information and interests.
var integritySynonyms = [][]string{
	{"parkeerbon", "naheffingsaanslag", "bekeuring", "boete", "parkeerboete"},
	{"declareren", "declaratie", "declaraties", "gedeclareerd", "declareerde"},
	{"tankpas", "tankkaart", "brandstofpas", "brandstofkaart", "tankpassen"},
	{"tanken", "tankte", "getankt", "volgooien", "volgetankt"},
	{"auto", "wagen", "bedrijfsauto", "dienstauto", "bedrijfsbusje", "bedrijfsbus"},
	{"envelop", "contant", "contanten", "geld", "bedankje"},
	{"geschenk", "geschenken", "cadeau", "cadeaus", "gift", "relatiegeschenk"},
	{"persoonsregistratie", "brp", "basisregistratie", "persoonsgegevens"},
	{"echtgenoot", "echtgenote", "partner"},
	{"steekpenningen", "smeergeld", "omkoping", "omkopen"},
	{"salaris", "loon", "salarisgegevens", "salarissen"},
	{"voetbalduel", "voetbalwedstrijd", "wedstrijd"},
	{"aannemer", "bouwbedrijf", "leverancier"},
	{"opgezocht", "nagekeken", "opgevraagd", "ingezien", "geraadpleegd", "bekeken"},
	{"nieuwsgierigheid", "nieuwsgierig", "interesse"},
}
