package lexicon

// discriminationFacts: cues of discrimination and of each ground of the rule set.
var discriminationFacts = []struct {
	kind, code string
	weight     float64
	cues       string // "|"-separated; words of a phrase separated by spaces
}{
	{Category, "DISCRIMINATION", 1, "*discrimin*|*racis*|*antisemit*|*homofob*|*transfob*|*seksis*|*moslimhat*|*islamofob*|*vreemdelingenhaat*|jullie soort|eigen land|terug naar|buitenlands*|*migratieachtergrond*"},
	{Category, "DISCRIMINATION", 0.6, "afkomst|herkomst|etnisch*|etniciteit|huidskleur|nationaliteit|hoofddoek*|keppel*|moslim*|joods*|jood|joden|homo|homo's|homoseksu*|lesbisch*|lesbienne*|transgender*|transvrouw*|transman*|non-binair*|handicap*|beperking|rolstoel*|leeftijd|ouwe|zwanger*|allochto*|geloof|religie|godsdienst*|accent|donkere|getinte"},
	{Ground, "ORIGIN_ETHNICITY", 1, "afkomst|herkomst|*migratieachtergrond*|etnisch*|etniciteit|allochto*|jullie soort|eigen land|terug naar|marokka*|turk*|surina*|antilliaan*|afrika*|zwarte piet|buitenlands*|buitenlander*|vluchteling*|statushouder*|nieuwkomer*|asielzoeker*"},
	{Ground, "ORIGIN_ETHNICITY", 0.5, "*racis*|accent|nederlands leren|de taal"},
	{Ground, "SKIN_COLOUR", 1, "huidskleur|donkere|donker|getint*|zwarte|bruine|aap|apen"},
	{Ground, "NATIONALITY", 1, "nationaliteit|polen|pools|poolse|roemen*|bulga*|buitenlander*|paspoort"},
	{Ground, "NATIONALITY", 0.5, "accent|lui"},
	{Ground, "RELIGION", 1, "geloof|religie|religieu*|godsdienst*|moslim*|islam*|joods*|jood|joden|*antisemit*|keppel*|hoofddoek*|moskee|kerk|christ*|ramadan|gebed*|bidden|vasten"},
	{Ground, "SEX", 1, "*seksis*|zwanger*|vrouwen horen|als vrouw|omdat ze een vrouw|omdat zij een vrouw|vrouwonvriendelijk*"},
	{Ground, "SEXUAL_ORIENTATION", 1, "geaardheid|seksuele voorkeur|homo|homo's|homoseksu*|*homofob*|lesbisch*|lesbienne*|biseksu*|flikker*|mietje*"},
	{Ground, "GENDER_IDENTITY", 1, "transgender*|transvrouw*|transman*|trans|*transfob*|non-binair*|vroegere naam|oude naam|mannennaam|vrouwennaam|deadnam*"},
	{Ground, "DISABILITY_CHRONIC_ILLNESS", 1, "handicap*|gehandicapt*|beperking|rolstoel*|chronisch*|autis*|doof|dove|blind*|slechtziend*|slechthorend*"},
	{Ground, "AGE", 1, "leeftijd|ouwe|opa|oma|bejaard*|te oud|oudere|ouderen|jonkie|te jong"},
	{Ground, "CIVIL_STATUS", 1, "burgerlijke staat|gescheiden|ongehuwd"},
	{Ground, "WORKING_HOURS_CONTRACT", 1, "parttime*|deeltijd*|tijdelijk contract|flexcontract"},
}

// discriminationSynonyms: paraphrases of grounds, groups and discriminatory words.
var discriminationSynonyms = [][]string{
	{"afkomst", "herkomst", "migratieachtergrond", "etniciteit", "etnische"},
	{"ouwe", "oud", "oudere", "opa", "bejaarde", "leeftijd"},
	{"moslim", "moslims", "moslima", "islamitisch", "islamitische", "islam"},
	{"joods", "joodse", "jood", "keppel", "keppeltje", "antisemitisch", "antisemitische"},
	{"hoofddoek", "hoofddoekje", "hoofddoeken"},
	{"geloof", "religie", "godsdienst", "geloofsovertuiging", "religieuze"},
	{"racistisch", "racistische", "racisme", "racist"},
	{"homofoob", "homofobe", "homo", "homoseksueel", "homoseksuele", "homofobie", "lesbisch"},
	{"transvrouw", "transgender", "transman", "trans"},
	{"donker", "donkere", "huidskleur", "getinte"},
	{"accent", "tongval"},
	{"statushouder", "statushouders", "vluchteling", "vluchtelingen", "asielzoeker", "asielzoekers", "nieuwkomers"},
	{"haatberichten", "haatzaaiende", "haatdragende", "hatelijke"},
	{"zwanger", "zwangerschap", "zwangerschapsverlof"},
	{"rolstoel", "handicap", "beperking", "gehandicapt"},
}
