package lexicon

import "strings"

// discriminationFacts: cues of discrimination and of each ground of the rule set.
//
// A word that names a ground ("ramadan", "zwanger", "Pools", "hoofddoek") is strong evidence
// for the ground but only a hint for the category: a colleague's nationality or pregnancy may be
// mentioned in a row about the rota that is about neither. The category is named by the act:
// the words discrimination itself goes by, slurs and coded racism ("terug naar je eigen land",
// "jullie soort", imitated animal noises), selection on a ground ("jong en dynamisch", "geen
// hoofddoek aan de balie", a foreign-sounding name put aside), mocking and exclusion tied to a
// ground ("grappen over zijn afkomst", "uitgelachen om haar hoofddoek", "doet zijn accent na"),
// and dead-naming. Hints of both kinds (a ground word and a "because of" tied to a ground) add
// up to the category.
var discriminationFacts = []factCues{
	// The category, by what names it.
	{Category, "DISCRIMINATION", 1, cues(
		"*discrimin*|*racis*|*antisemit*|*homofob*|*homohat*|*transfob*|*seksis*|*moslimhat*|*islamofob*|*islamhat*",
		"moslimhaat|homohaat|jodenhaat|islamhaat|vrouwenhaat|moslimhater*|homohater*|jodenhater*|islamhater*|vrouwenhater*",
		"*jodenhat*|*vreemdelingenhaat*|*xenofob*|*vrouwenhat*|*haatzaai*|*rassenhaat*|*rassenwaan*|*validis*|ableïs*|ableis*",
		"ongelijk* behandel*|onderscheid op grond van|onderscheid naar|gelijkebehandelingswet*|wet gelijke behandeling|awgb",
		"microagressie*|micro-agressie*|etnisch* profiler*|etnische profilering|etnisch geprofileerd",
		// coded racism and exclusion of a group
		"jullie soort|jouw soort|jullie mensen|jullie soort mensen|mensen van jullie soort|terug naar waar * vandaan|terug waar * vandaan",
		// said to a person: "ga terug naar je eigen land" (not "op vakantie naar haar eigen land")
		pairs("naar|in", "je eigen land|jullie eigen land|je land|jouw land|jullie land|jouw eigen land"),
		pairs("terug naar|terug * naar|terug * * naar|op naar|hoort in|horen in", "* eigen land|* land|eigen land"),
		pairs("terug naar|op naar|oprotten naar|opzouten naar|maar naar|terugsturen naar|teruggestuurd naar",
			"marokko|turkije|afrika|suriname|polen|roemenië|bulgarije|syrië|somalië|de woestijn|het oerwoud|de jungle|de rimboe|de boom|je kameel"),
		"klinkende naam|klinkende namen|klinkende achternaam|klinkende achternamen",
		pairs("jullie", groupPlurals),
		pairs(groupPlurals, "zijn allemaal|allemaal|stelen|deugen niet|zuipen|profiteren|zijn lui|zijn dom|zijn crimineel|zijn criminelen|zijn terroristen|horen hier niet|komen hier alleen"),
		pairs("vergeleken met|vergeleek * met|vergelijkt * met|vergelijken met", "een aap|apen|een gorilla|een chimpansee|een slaaf|slaven"),
		pairs("een aap|apen|een gorilla", "vergeleken|vergeleek|vergelijkt|werd vergeleken|wordt vergeleken|werden vergeleken|worden vergeleken"),
		"banen inpikken|banen afpakken|pikken * banen|pakken * banen",
		pairs("vrouwen", "* niet kunnen|* * niet kunnen|* * * niet kunnen|kunnen dit niet|kunnen dat niet|kunnen het niet"),
		"ali baba|wij zoeken een jonge|zoeken een jonge|zoeken jonge|jonge enthousiaste|jonge en enthousiaste|jong en enthousiast|jong en fris",
		// recruitment and selection on a ground
		"jong en dynamisch|jong dynamisch|jonge en dynamische|jonge dynamische|plaats maken voor jong*|plaatsmaken voor jong*|plaats * maken voor jong*|plaats te maken voor jong*|ruimte maken voor jong*|ruimte * maken voor jong*",
		"liever een man|liever een vrouw|liever geen vrouw|liever geen vrouwen|liever een nederlander|liever een nederlandse|liever een autochtone|liever een blanke|liever iemand jong*|liever een jong*|liever jong*",
		"geen hoofddoek*|geen sluier*|geen religieuze uiting*|geen religieuze symbolen",
		// what is done to a person for a ground
		"verkeerde voornaamwoord*|deadnam*|dead name|man in een jurk|vent in een jurk|geen echte vrouw|geen echte man",
		"hitlergroet*|nazigroet*|heil hitler|sieg heil|hakenkruis*|swastika*|white power|ku klux klan|blackface|zwartgeschminkt*|zwart geschminkt|n-woord|n-word",
		// slurs, as they stand in reports
		"kutmarokkaan*|kankermarokkaan*|*kutmarok*|*kankermarok*|makak|makakken|makaken|kutturk*|kankerturk*|geitenneuker*|*geitenneuk*|woestijnneuker*|kameelneuker*|kameeldrijver*",
		"zandneger*|bosneger*|*neger|negers|negerin*|negertje*|nikker|nikkers|nikkertje*|zwartje*|roetmop*|spleetoog*|*spleetogen|tjing tjang*|ching chang*|rijstvreter*",
		"kopvod*|*kopvod*|baardaap*|kankerjood*|kankerjoden|vuile jood|vuile joden|jodenstreek*|jodenfooi*|gaskamer*|vergassen|vergast",
		"polak|polakken|polacken|banenpikker*|*banenpik*|gelukszoeker*|zigeunertuig",
		"flikkers|flikkertje*|vuile flikker|vieze flikker|smerige flikker|die flikker|een flikker|jij flikker|kankerflikker*|homoflikker*|bruinwerker*|reetridder*|van de verkeerde kant",
		"mongool*|mongooltje*|mongolen",
		"apengeluid*|*apengeluid*|*aapgeluid*|*oerwoudgeluid*|*junglegeluid*|oe oe|oe-oe|katoen plukken|katoenpluk*",
	)},
	// Hints: a phrase that says a thing was done because of a ground, mocking of a group, a
	// description that names a ground (a bare ground word, see below).
	{Category, "DISCRIMINATION", 0.5, cues(
		pairs("om *|om * *|vanwege|vanwege *|vanwege * *|wegens *|wegens * *|op grond van|op grond van *|op basis van *|omwille van *", groundNouns),
		pairs("omdat *|omdat * een", groundPredicates),
		"omdat ik een vrouw|omdat ik vrouw|omdat ze vrouw|omdat zij vrouw|omdat hij een man is|omdat ik een man",
		"onderscheid maken|onderscheid gemaakt|onderscheid maakt|onderscheid maakte|gelijke behandeling|rechten van de mens",
		"*vooroordel*|*stereotyp*|profiler*|profilering|*haatbericht*|*haatpost*|*haatreactie*|zwarte piet|zwarte pieten",
		"moest inburgeren|maar inburgeren|eerst inburgeren|eerst maar inburgeren|sinds * uit de kast|nadat * uit de kast|na mijn coming-out|sinds mijn coming-out",
		"anders behandeld|anders behandelen|anders wordt behandeld|anders werd behandeld|anders behandelt|anders behandelde|slechter behandeld|achtergesteld|achterstelling|benadeeld|benadeling",
		"zo gay|is gay|ben gay|bent gay|zo homo|doe niet zo homo|homo gedoe|homogedoe",
		"hoofddoek* af|hoofddoek* afdoen|hoofddoek* * afdoen|hoofddoek* * * afdoen|hoofddoek* afzetten|hoofddoek* * afzetten|dat ding af|dat ding * af",
		"wijf|wijven|*wijf|kutwijf|bijna met pensioen|toch met pensioen|straks met pensioen|binnenkort met pensioen|mannelijke collega's wel|mannen wel|dan * mannelijke collega*|dan mannelijke collega*|dan mannen",
		"vaste medewerkers wel|vaste collega's wel|vaste krachten wel|voltijders wel|fulltimers wel|dan vaste medewerkers|dan vaste collega's",
		"naar * eigen land|soort mensen|zijn soort|haar soort|hun soort|dit soort mensen|dat soort mensen|zulke mensen|mensen zoals *|mensen uit * hoek|mensen uit * land|typisch vrouw*|typisch een vrouw|typisch wijf",
		pairs("mensen als|types als|types zoals|lui als|lui zoals|figuren als|figuren zoals", "jij|jou|u|hij|hem|zij|haar|jullie"),
		"noemt haar meneer|noemde haar meneer|noemen haar meneer|noemt hem mevrouw|noemde hem mevrouw|noemen hem mevrouw|oude zak|oude lul|oud wijf|oude taart|oude bok|oude knar",
		"past niet in * team*|past niet bij * team*|paste niet in * team*|niet in * team past|niet in * team paste|niet in * team passen|niet in * team zou passen|niet bij * team past",
		"niet zou aarden|niet zouden aarden|niet kunnen aarden|culturele fit|cultural fit|teamfit",
		"te oud voor|te oud om|op jouw leeftijd|op zijn leeftijd|op haar leeftijd|op uw leeftijd|op die leeftijd|niet meer van deze tijd|nog jaren mee",
		"vrouwen horen|vrouw hoort|hoort in de keuken|achter het aanrecht|aan het aanrecht|mannenwerk|geen vrouwenwerk|niets voor vrouwen|niks voor vrouwen|geen werk voor vrouwen|geen werk voor een vrouw|kinderwens|glazen plafond|loonkloof",
		"mannennaam|vrouwennaam|vroegere naam|met hij|met zij|haar als hij|hem als zij|haar hij noemen|hem zij noemen|bij * oude naam|met * oude naam|bij * geboortenaam|met * geboortenaam",
		"theedoek*|bomgordel*|bommengordel*|bomvest*|allahu akbar|zigeuner*|mof|moffen|ok boomer",
		"terug de boom in|terug in de boom|uit de boom gevallen|uit de boom geklommen|*oerwoud*|dinosaurus*|ouwe lul|ouwe zak|ouwe taart|ouwe knar|ouwe bok|seniel*|pensionado*",
		"*migratieachtergrond*|allochto*",
		pairs(pairs(mocking, "over|over *|over * *"), groupWords),
		pairs(pairs("gemaakt|maken|maakte|maakten|maakt", "over|over *|over * *"), groupWords),
		pairs(groupWords, "belachelijk|bespot|bespotten|bespotte|uitgelachen|uitlachen|nagedaan"),
		"dit soort huwelijken|dat soort huwelijken|zulke huwelijken|geen echte collega's|geen echte collega|nederlandse naam|nederlandse achternaam|nederlands klinkende",
		pairs("geen|liever geen|niet voor", "moslims|buitenlanders|allochtonen|marokkanen|turken|polen|zwarten|homo's|vrouwen|ouderen|vijftigplussers|gehandicapten|zwangere*|parttimers|transgenders|statushouders|vluchtelingen"),
	)},
	// A word for a group of people that is mostly named when it matters; a nickname for a ground.
	{Category, "DISCRIMINATION", 0.5, cues(
		"afkomst|herkomst|komaf|etnisch*|etniciteit|huidskleur|geaardheid|homo|homo's|homoseksu*|lesbisch*|lesbienne*|transgender*|transvrouw*|transman*|non-binair*|genderidentiteit|ouwe",
		pairs("noemt *|noemt * *|noemde *|noemde * *|noemen *|noemen * *|noemden *|noemden * *", nicknames),
		pairs("noemt * * *|noemde * * *|noemen * * *|noemden * * *|noemen * * * *|noemden * * * *", nicknamesNamed),
		pairs(nicknames, "genoemd|noemen|te noemen|noemt|noemde|nageroepen|naroepen|riep|riepen"),
		pairs("buitenlands*|niet-westers*|niet-nederlands*|arabisch*|turks*|marokkaans*|afrikaans*|aziatisch*|surinaams*|islamitisch*|joods*|oost-europe*|pools*|poolse", "naam|namen|achternaam|achternamen|klinkende|uiterlijk|uitziend*|ogend*"),
		"aanpassing* af|aanpassing* geweigerd|aanpassing* weigert|aanpassing* weigerde|weigert * aanpassing*|weigerde * aanpassing*",
	)},
	// Mocking a trait by imitating it ("ze doen zijn accent na").
	{Category, "DISCRIMINATION", 0.6, pairs(mockedTraits, "na|nadoen|nadeed|nadoet|nagedaan|na te doen|imiteren|imiteerde|imiteert|geïmiteerd|belachelijk")},
	// The setting of selection: with a ground word, it reads as selection on that ground.
	{Category, "DISCRIMINATION", 0.1, "sollicitatiegesprek*|sollicitatieprocedure*|sollicitatie|sollicitant*|vacature*|selectiecommissie|wervingsprocedure|werving|kennismakingsgesprek*|cv|cv's"},
	// A word that names a ground or a group, or a weaker sign of exclusion, adds a little to the
	// category by itself.
	{Category, "DISCRIMINATION", 0.3, cues(
		"niet welkom|horen hier niet|hoort hier niet|hoor je hier niet|niet thuishoren|niet thuishoort|hier niet thuis|niet aarden|niet de uitstraling|neutrale uitstraling|niet representatief|representatief genoeg",
		"weg van de *balie|weg van het *loket|van de *balie gehaald|van het *loket gehaald|niet meer aan de *balie|niet aan de *balie|niet meer achter de *balie|niet meer op het *loket|niet meer ingeroosterd",
		"vrouwen niet|alleen vrouwen|alleen mannen|alleen de vrouwen|alleen de mannen|vrouwen kunnen|vrouwen moeten|vrouwen hoeven|spast|spasten|kaffer|buitenlands*|te oud|gestotter|stotteren|*validis*|politieke overtuiging|politieke voorkeur|politieke kleur|partijlid*|opa|oma",
		"nederlands leren|de taal leren|taal * leren|eerst nederlands|spreek nederlands|praat nederlands|hier spreken we|in nederland spreken we|geen nederlands|inburger*|varkensvlees|kameel|uit de kast|gay|in verwachting|hoe oud",
		pairs("die|al die|dat soort|zulke", groupPlurals),
		"dat volk|dat soort volk|gespuis|kleurtje|taliban*|homoachtig*|homo-achtig*",
		"met een hoofddoek|met hoofddoek|met een keppel*|met een tulband|met een sluier|met een boerka|met een nikab|met een niqab",
		pairs("enige|als enige", "vrouw|man|zwarte|donkere|moslim|moslima|allochtoon|buitenlander|homo|transgender|oudere"),
		"weigerde * te woord te staan|niet te woord|weigerde * te helpen|weigerde te helpen|niet geholpen|niet willen helpen|minder ervaring|minder werkervaring|vers bloed|jong bloed|nieuw bloed|onze banen",
		"mijn transitie|haar transitie|zijn transitie|hun transitie|in transitie|sinds * transitie|na * transitie|kinderen te krijgen|kinderen krijgen|zwanger te worden|zwanger worden|gezinsuitbreiding",
		"afgewezen|geweigerd * te helpen|geweigerd te helpen|weigert * te helpen|geen periodiek|periodiek onthouden|geen salarisverhoging|geen vaste aanstelling|opleiding geweigerd|cursus geweigerd|training geweigerd",
		pairs("weigerde *|weigerde * *|weigerde * * *|weigert *|weigert * *", "opleiding|cursus|training"),
		"altijd de zwaarste|altijd het zwaarste|altijd de vuilste|altijd het vuilste|altijd de slechtste|steeds de zwaarste|steeds het vuilste|steeds de slechtste",
		"chronisch ziek*|chronische ziekte|chronische aandoening|altijd ziek|parttimers|deeltijders|deeltijdaanstelling*",
		"niet verlengd|niet verlengen|niet * verlengd|niet * verlengen|niet aangenomen|niet uitgenodigd|niet * uitgenodigd|gepasseerd|niet voorgedragen|niet bevorderd|geen promotie|lagere schaal|teruggezet|gedegradeerd|slechtste diensten|vuilste werk|zwaarste werk|als enige|geen cursus|geen opleiding|geen training|niet meer loont|niet meer de moeite|functie niet terug",
		"sinds bekend is dat|sinds ik vertelde dat|nadat ik vertelde dat|nadat ik had verteld dat|nadat zij had verteld|nadat ze had verteld|nadat hij had verteld|sinds ze weten dat|sinds iedereen weet dat|zwanger te zijn|zwanger was|na * zwangerschapsverlof|na * bevallingsverlof|aankondiging van * zwangerschap",
		"gescheiden vrouw|gescheiden man|gescheiden vader|gescheiden moeder|alleenstaande moeder|alleenstaande vader|in een rolstoel|omdat * lid ben|omdat * lid is|omdat * lid was|met mijn kleur|met zijn kleur|met haar kleur|met je kleur|met jouw kleur|met die kleur",
		"donkere|hoofddoek*|sluier*|keppel*|moslim*|joods*|jood|joden|leeftijd|handicap*|gehandicapt*|rolstoel*|geloof|religie|godsdienst*|accent|nationaliteit|zwanger*",
		"aap|apen*|aapje*|gorilla*|chimpansee*|banaan|bananen|vluchteling*|statushouder*|asielzoeker*|terrorist*|jihad*|hitler*|holocaust*|mietje*|nicht|nichterig*|verwijfd*|wijf|wijven|*wijf|kutwijf",
		pairs(skinWords, persons+"|huid|uiterlijk"),
		pairs("omdat * *", groundPredicates),
		pairs("om *|vanwege|vanwege *|wegens *", "zwangerschap|zwangerschapsverlof|bevalling|bevallingsverlof"),
		"genderneutrale wc|genderneutrale toilet*|gewoon een man|gewoon een vrouw|eigenlijk een man|eigenlijk een vrouw|biologisch een man|biologisch een vrouw|nog steeds een man|nog steeds een vrouw",
		pairs("als", "moslim|moslima|jood|jodin|homo|lesbienne|transvrouw|transman|zwarte|allochtoon|buitenlander|oudere|vijftigplusser|gehandicapte|parttimer|vluchteling|marokkaan|turk"),
		pairs("plaatjes van|afbeeldingen van|foto's van|filmpjes van|memes van|plaatje van|afbeelding van|foto van", "apen|een aap|gorilla's|een gorilla"),
	)},

	// Origin or ethnicity.
	{Ground, "ORIGIN_ETHNICITY", 1, cues(
		"afkomst|herkomst|komaf|*migratieachtergrond*|migrantenachtergrond|etnisch*|etniciteit|allochto*|niet-westers*|biculture*|*rassenhaat*",
		"terug naar waar * vandaan|terug waar * vandaan|naar * eigen land|naar je land|naar jouw land|naar jullie land",
		"marokka*|turk*|turken|surina*|antilliaan*|antilliaans*|afrika*|afro|afro-*|afrocaribisch*|afrosurinaams*|arabier*|arabisch*|koerd*|somali*|eritre*|syri*|afghan*|afghaan*|irakee*|irakez*|iraanse|iraniër*|pakistan*|hindoestan*|molukk*|indisch*|kaapverdi*|ghanee*|ghanese|nigeriaan*|nigeriaans*|aziat*|aziaat|chinezen|caribisch*|caraïbisch*|curaçao*|arubaan*|noord-afrika*|roma|sinti|zigeuner*|woonwagenbewoner*|woonwagenkamp*",
		"buitenlander*|vluchteling*|statushouder*|asielzoeker*|azc|gelukszoeker*|gastarbeider*|immigrant*|migrant*|nieuwe nederlander*|tweede generatie|derde generatie|zwarte piet|klinkende naam|klinkende namen|klinkende achternaam|klinkende achternamen",
		"kutmarokkaan*|kankermarokkaan*|*kutmarok*|*kankermarok*|makak|makakken|makaken|kutturk*|kankerturk*|geitenneuker*|*geitenneuk*|woestijnneuker*|kameelneuker*|kameeldrijver*|ali baba|zandneger*|spleetoog*|*spleetogen|tjing tjang*|ching chang*|rijstvreter*|etnisch* profiler*",
		pairs("buitenlands*|niet-westers*|niet-nederlands*|anderstalig*|allochtone|marokkaans|turks|arabisch|afrikaans|aziatisch|surinaams", "naam|namen|achternaam|achternamen|achtergrond|afkomst|uiterlijk|klinkende|komaf|roots|uitziend*|ogend*"),
		pairs("buitenlands*|niet-westers*|niet-nederlands*|anderstalig*|allochtone", persons),
	)},
	{Ground, "ORIGIN_ETHNICITY", 0.3, "buitenlands*|eigen land"},
	{Ground, "ORIGIN_ETHNICITY", 0.5, "jullie soort|jouw soort|jullie mensen|*racis*|accent|kameel|geen nederlands|nederlands leren|de taal|taal * leren|eerst nederlands|spreek nederlands|praat nederlands|gebrekkig nederlands|slecht nederlands|krom nederlands|*steenkolen*|inburger*|nieuwkomer*|vreemdeling*|autochto*|chinees|chinese|ras|rassen|mensen zoals *|mensen uit * hoek|waar je vandaan komt|waar jij vandaan komt|waar hij vandaan komt|waar ze vandaan komt|waar zij vandaan komt|waar u vandaan komt|waar kom je vandaan|waar kom jij vandaan|waar * echt vandaan|waar * eigenlijk vandaan|echte nederlander*|nederlandse naam|nederlandse achternaam|nederlands klinkende|kroeshaar|*oerwoud*"},

	// Skin colour.
	{Ground, "SKIN_COLOUR", 1, cues(
		"huidskleur|*huidskleur*|mensen van kleur|van kleur|zwarte piet|blackface|zwartgeschminkt*|zwart geschminkt|n-woord|n-word",
		"zandneger*|bosneger*|*neger|negers|negerin*|negertje*|nikker|nikkers|nikkertje*|zwartje*|roetmop*|bounty",
		"apengeluid*|*apengeluid*|*aapgeluid*|*oerwoudgeluid*|*junglegeluid*|oe oe|oe-oe|katoen plukken|katoenpluk*",
		pairs(skinWords, persons+"|huid|uiterlijk"),
		pairs("vergeleken met|vergeleek * met|vergelijkt * met|vergelijken met", "een aap|apen|een gorilla|een chimpansee"),
		pairs("een aap|apen|een gorilla", "vergeleken|vergeleek|vergelijkt|werd vergeleken|wordt vergeleken|werden vergeleken|worden vergeleken"),
		pairs("mijn|zijn|haar|jouw|je|hun|die|zo'n|met een", "kleur|donkere kleur"),
	)},
	{Ground, "SKIN_COLOUR", 0.6, "kleurtje|aap|apen*|aapje*|apenkop*|gorilla*|chimpansee*|kroeshaar|kroeskop*|*oerwoud*|terug de boom in|terug in de boom|uit de boom gevallen|uit de boom geklommen|slavernij|plantage*|gekleurd*"},
	{Ground, "SKIN_COLOUR", 0.5, "donkere|banaan|bananen|slaaf|slaven|blanke|blanken"},
	{Ground, "SKIN_COLOUR", 0.4, "zwarte|bruine|blank|roetveeg*|getint|getinte"},
	{Ground, "SKIN_COLOUR", 0.25, "donker"},

	// Nationality.
	{Ground, "NATIONALITY", 1, cues(
		"nationaliteit|nationaliteiten|dubbele nationaliteit|tweede nationaliteit|polen|pools|poolse|polak|polakken|polacken|roemen*|bulga*",
		"oost-europe*|oosteurope*|oost-europa|oostblok*|litouw*|lituan*|hongaa*|hongarije|slowa*|tsjech*|kroat*|serviër*|servisch*|servische|bosni*|albane*|oekraïn*|oekrain*|russen|russisch*|moldav*",
		"arbeidsmigrant*|*arbeidsmigrant*|seizoenarbeider*|seizoenswerker*|buitenlander*|banenpikker*|*banenpik*|mof|moffen",
	)},
	{Ground, "NATIONALITY", 0.5, "accent|lui|paspoort|expat*|eu-burger*|verblijfsvergunning*|verblijfsstatus|genaturaliseerd|naturalisatie*|staatloos|staatsloos|*steenkolen*|onze banen|banen inpikken|banen afpakken"},

	// Religion and belief.
	{Ground, "RELIGION", 1, cues(
		"geloof|religie|religieu*|godsdienst*|geloofsovertuiging*|geloofsuiting*|gelovig*|moslim*|islam*|joods*|jood|joden|jodin*|*antisemit*|*jodenhat*",
		"keppel*|hoofddoek*|sluier*|gesluierd*|hidjab*|hijab*|nikab*|niqab*|boerka*|burka*|boerkini*|chador*|tulband*|gebedskleed*",
		"moskee*|synagoge*|sjoel|kerk|kerkdienst*|kerkgang*|christ*|katholiek*|protestant*|gereformeerd*|evangelisch*|jehova*|hindoe*|sikh*|boeddhis*|bijbel*|koran*|thora|torah|allah*|imam*",
		"ramadan|vasten|suikerfeest|offerfeest|iftar|halal|koosjer|kosjer|sabbat|sjabbat|chanoeka|pesach|divali|diwali|gebed*|bidden|bidt|biddend*|kopvod*|*kopvod*|baardaap*|kankerjood*|kankerjoden|jodenstreek*|jodenfooi*|*jodenster*|*moslimhat*|*islamofob*|*islamhat*",
	)},
	{Ground, "RELIGION", 0.6, "taliban*|stilteruimte|dominee|pastoor|priester|rabbijn|rabbi|theedoek*|bomgordel*|bommengordel*|bomvest*|allahu akbar|terrorist*|jihad*|holocaust*|gaskamer*|hakenkruis*|varkensvlees|geitenneuker*|*geitenneuk*|kafir"},
	{Ground, "BELIEF", 1, "levensovertuiging*|levensbeschouw*|humanist*|atheïst*|atheist*|agnost*|vrijdenker*|antroposof*|ongelovig*"},
	{Ground, "BELIEF", 0.4, "vegan*|veganist*|pacifis*|spiritu*"},

	// Political opinion.
	{Ground, "POLITICAL_OPINION", 1, cues(
		"politieke voorkeur|politieke kleur|politieke overtuiging*|politieke opvatting*|politieke mening*|politieke gezindheid|politieke ideeën|politieke sympathie*|politiek links|politiek rechts|partijlid*|partijlidmaatschap",
		"*-stemmer*|stemt op|stemde op|gestemd op|stemmen op",
		pairs("lid van|lid van de|lid van het|stem op|stemt op|stemde op|gestemd op|stemmen op", parties),
	)},
	{Ground, "POLITICAL_OPINION", 0.5, "nazi|fascist genoemd|communist genoemd|politieke partij|politieke|pvv*|fvd|forum voor democratie|groenlinks*|pvda*|christenunie|sgp|ja21|partij voor de dieren|extreemrechts*|extreem-rechts*|extreemlinks*|extreem-links*|fascist*|communist*|linksmens*|links-mens*|rechtse bal|wappie*|complotdenker*|activist*|palestijn*|keffiyeh|keffiyah"},

	// Sex, pregnancy included.
	{Ground, "SEX", 1, cues(
		"*seksis*|zwanger*|in verwachting|bevalling*|bevallingsverlof|zwangerschapsverlof|kinderwens|gezinsplanning|borstvoeding*|kolven|afkolven|kolfruimte*|kolfpauze*",
		"vrouwen horen|vrouw hoort|omdat ze een vrouw|omdat zij een vrouw|omdat ik een vrouw|omdat ik vrouw|omdat ze vrouw|omdat zij vrouw|omdat hij een man is|omdat ik een man|vrouwonvriendelijk*|*vrouwenhat*|op grond van geslacht|vanwege * geslacht",
		"typisch vrouw*|typisch een vrouw|typisch wijf|wijf|wijven|kutwijf|mannelijke collega's wel|dan * mannelijke collega*|dan mannelijke collega*|mannenwerk|mannenberoep|geen vrouwenwerk|niets voor vrouwen|niks voor vrouwen|geen werk voor vrouwen|geen werk voor een vrouw|hoort in de keuken|achter het aanrecht|aan het aanrecht|liever een man|liever geen vrouw|liever geen vrouwen|glazen plafond|loonkloof|*beloningsverschil*|ongelijke beloning|gelijke beloning",
	)},
	{Ground, "SEX", 1, pairs("vrouwen", "* niet kunnen|* * niet kunnen|* * * niet kunnen|kunnen dit niet|kunnen dat niet|kunnen het niet|kunnen niet")},
	{Ground, "SEX", 0.6, "vrouwen niet|alleen vrouwen|alleen mannen|alleen de vrouwen|alleen de mannen|als vrouw|als enige vrouw|de enige vrouw|enige vrouw|vrouwen kunnen|vrouwen moeten|vrouwen hoeven|kinderen krijgen|kinderen te krijgen|zwanger worden|zwanger te worden|moederschap*|ongesteld*|menstrua*|sekse*|geslacht|*wijf|manwijf|een vrouw niet|een wijf niet|mannen wel|dan mannen|mannencultuur|vrouwtje"},
	{Ground, "SEX", 0.25, "vrouwelijk*|vrouwen"},

	// Sexual orientation.
	{Ground, "SEXUAL_ORIENTATION", 1, cues(
		"geaardheid|seksuele voorkeur|seksuele oriëntatie|seksuele geaardheid|homo|homo's|homootje*|homofiel*|homoseksu*|homostel*|homopaar|homohuwelijk*|homokoppel*|homograp*|*homofob*|*homohat*",
		"homoachtig*|homo-achtig*|lesbisch*|lesbienne*|lesbo*|biseksu*|lhbt*|lgbt*|queer|pride|coming-out|comingout|uit de kast|dit soort huwelijken|dat soort huwelijken",
		"flikkers|flikkertje*|vuile flikker|vieze flikker|smerige flikker|die flikker|een flikker|jij flikker|kankerflikker*|homoflikker*|nichterig*|bruinwerker*|reetridder*|van de verkeerde kant|van de andere kant",
	)},
	{Ground, "SEXUAL_ORIENTATION", 0.6, "gay|zo gay|is gay|ben gay|bent gay|homo gedoe|homogedoe|mietje*|flikker|verwijfd*|regenboog*|haar vrouw|zijn man|met haar vrouw|met zijn man|als stel|mannen die samenwonen|vrouwen die samenwonen|samenwonende mannen|samenwonende vrouwen"},
	{Ground, "SEXUAL_ORIENTATION", 0.5, "nicht|nichten|hetero*|twee mannen|twee vrouwen"},

	// Gender identity or expression.
	{Ground, "GENDER_IDENTITY", 1, cues(
		"transgender*|transvrouw*|transman*|transmannen|transpersoon*|transseksu*|trans|*transfob*|non-binair*|nonbinair*|genderidentiteit*|genderexpressie|genderfluïd*|genderfluid*|genderqueer|intersekse*",
		"in transitie|mijn transitie|haar transitie|zijn transitie|hun transitie|de transitie van|gendertransitie*|medische transitie|sociale transitie|geslachtsregistratie|geslachtsaanduiding|*geslachtswijziging*|*geslachtsverander*|*geslachtsaanpass*|*geslachtsoperatie*",
		"noemt haar meneer|noemde haar meneer|noemen haar meneer|noemt hem mevrouw|noemde hem mevrouw|noemen hem mevrouw|genderneutrale wc|genderneutrale toilet*|genderneutraal toilet|voornaamwoord*|deadnam*|dead name|mannennaam|vrouwennaam|vroegere naam|met hij|met zij|haar als hij|hem als zij|haar hij noemen|hem zij noemen|man in een jurk|vent in een jurk|geen echte vrouw|geen echte man",
	)},
	{Ground, "GENDER_IDENTITY", 0.6, "oude naam|geboortenaam|gender|genderneutra*|gewoon een man|gewoon een vrouw|eigenlijk een man|eigenlijk een vrouw|nog steeds een man|nog steeds een vrouw|biologisch een man|biologisch een vrouw|travestiet*|dragqueen*|hormoonbehandeling*"},
	{Ground, "GENDER_IDENTITY", 0.4, "nieuwe naam|nieuwe voornaam"},

	// Disability or chronic illness.
	{Ground, "DISABILITY_CHRONIC_ILLNESS", 1, cues(
		"handicap*|gehandicapt*|arbeidsgehandicapt*|functiebeperking*|arbeidsbeperking*|met een beperking|lichamelijke beperking|verstandelijke beperking|visuele beperking|auditieve beperking|gehoorbeperking*|licht verstandelijk*|zwakbegaafd*|invalide*|invaliditeit|kreupel*|*validis*",
		"rolstoel*|rollator*|scootmobiel*|prothese*|gehoorapparaat*|gebarentaal*|doventolk*|schrijftolk*|doof|dove|doven|slechthorend*|blinden|slechtziend*|blindengeleide*|geleidehond*|hulphond*|braille",
		"chronisch ziek*|chronische ziekte*|chronische aandoening*|chronische pijn|chronische klachten|chronische vermoeid*|autis*|asperger*|adhd|dyslex*|epilep*|diabet*|suikerziek*|reuma*|crohn|multiple sclerose|*sclerose|parkinson|hiv|downsyndroom|syndroom van down",
		"liplez*|niet rolstoeltoegankelijk|rolstoeltoegankelijk*|in een rolstoel|stotter*|gestotter*|hakkel*|werkplekaanpass*|aangepaste werkplek|aanpassingen op de werkplek|redelijke aanpassing*|doeltreffende aanpassing*|wajong*|banenafspraak|mongool*|mongooltje*",
	)},
	{Ground, "DISABILITY_CHRONIC_ILLNESS", 0.6, "ziekte van|beperking|chronisch*|*syndroom|psychiatrisch*|schizofren*|bipolair*|borderline|spast|spasten|spastisch*|mank|krukken|chemo*|altijd ziek|vaak ziek|ontoegankelijk*|beschut werk"},
	{Ground, "DISABILITY_CHRONIC_ILLNESS", 0.4, "blinde|psychisch*|depressie*|depressief|angststoorn*|ptss|bedrijfsarts*|re-integr*|reintegr*|aanpassingen|ziekte"},

	// Age.
	{Ground, "AGE", 1, cues(
		"leeftijd|*leeftijd|leeftijdsgrens*|leeftijdsdiscrim*|leeftijdsopbouw|leeftijdscategorie*|ouwe|opa|oma|opa's|oma's|opaatje*|omaatje*|bejaard*|ouderen|te oud|te jong|jonkie|jonkies",
		"oude zak|oude lul|oud wijf|oude taart|oude bok|oude knar|*plusser|*plussers|vijftigjarig*|zestigjarig*|boomer|boomers|babyboomer*|ok boomer|dinosaurus*|oude garde|ouwe garde|ouwe lul|ouwe zak|ouwe taart|ouwe knar|ouwe bok|oudje|ouwetje|seniel*|pensionado*",
		"wij zoeken een jonge|zoeken een jonge|zoeken jonge|jonge enthousiaste|jonge en enthousiaste|jong en enthousiast|jong en fris|jong talent|jong dynamisch|jong en dynamisch|jonge en dynamische|jonge dynamische|plaats maken voor jong*|plaatsmaken voor jong*|plaats * maken voor jong*|plaats te maken voor jong*|ruimte maken voor jong*|ruimte * maken voor jong*|liever iemand jong*|liever een jong*|liever jong*|op jouw leeftijd|op zijn leeftijd|op haar leeftijd|op uw leeftijd",
	)},
	{Ground, "AGE", 0.6, "jongere collega*|jongere kandida*|jongere medewerker*|jongere sollicitant*|hoe oud|met mijn * jaar|met zijn * jaar|met haar * jaar|niet ouder dan|jonger dan * jaar|jonge team|jong team|jonge collega*|jonge kandida*|jonge sollicitant*|pensioen*|niet meer van deze tijd|nog jaren mee|jong team|jonge honden|jong bloed|vers bloed|broekie*|snotneus*|*-jarige|*-jarig"},
	{Ground, "AGE", 0.5, cues("oudere", pairs("oudere", victims))},
	{Ground, "AGE", 0.3, "jongeren|digibeet*|generatie*|computers overweg|geboortejaar|geboortedatum"},

	// Civil status.
	// (A person's marriage or divorce is often told as background: only "because of" is strong.)
	{Ground, "CIVIL_STATUS", 1, "burgerlijke staat|huwelijkse staat|omdat * gescheiden|omdat * * gescheiden|omdat * alleenstaand*|omdat * ongetrouwd|omdat * ongehuwd|omdat * niet getrouwd|omdat * vrijgezel|vanwege * scheiding"},
	{Ground, "CIVIL_STATUS", 0.4, "echtscheiding*|ongehuwd*|ongetrouwd*|niet getrouwd|gescheiden vrouw|gescheiden man|gescheiden moeder|gescheiden vader|net gescheiden|pas gescheiden|is gescheiden|ben gescheiden|alleenstaand*|vrijgezel|vrijgezellen|weduwe*|weduwnaar*"},
	{Ground, "CIVIL_STATUS", 0.25, "gescheiden|single|geregistreerd partner*|getrouwd|gehuwd|samenwon*"},

	// Working hours or contract.
	{Ground, "WORKING_HOURS_CONTRACT", 1, "vaste medewerkers wel|vaste collega's wel|vaste krachten wel|voltijders wel|fulltimers wel|dan vaste medewerkers|dan vaste collega's|parttimer*|deeltijder*|deeltijdwerker*|deeltijdaanstelling*|deeltijdcontract*|flexcontract*|nulurencontract*|min-maxcontract*|oproepcontract*|uitzendcontract*|flexwerker*|flexkracht*|flexibele schil|fulltimers|voltijders|alleen voltijd*|alleen fulltime*|geen vast contract"},
	{Ground, "WORKING_HOURS_CONTRACT", 0.6, "parttime*|deeltijd*|tijdelijk contract|tijdelijke contract|tijdelijk dienstverband|tijdelijke aanstelling|vaste krachten"},
	{Ground, "WORKING_HOURS_CONTRACT", 0.4, "jaarcontract*|oproepkracht*|uitzendkracht*|payroll*|fulltime*|voltijd*|vast contract|minder uren"},
}

// Word lists the phrases above are made of.
const (
	// persons a ground word may describe ("een donkere collega", "sollicitanten met een
	// buitenlandse naam").
	persons = "collega*|medewerker*|medewerkster*|man|mannen|vrouw|vrouwen|mensen|jongen*|jongeman|meisje*|meid|meiden|inwoner*|inwoonster*|bewoner*|bewoonster*|bezoeker*|bezoekster*|klant*|sollicitant*|kandida*|stagiair*|burger*|werknemer*|vader|moeder|kinderen|gezin*|familie*|buurman|buurvrouw|buren|automobilist*|ondernemer*|aanvrager*|aanvraagster*|student*|teamgenoot|teamgenote|jongere*|leerling*|uitzendkracht*|dame|heer"
	// skinWords are the colour words that, said of a person, name skin colour.
	skinWords = "donker|donkere|zwart|zwarte|bruin|bruine|getint|getinte|gekleurd|gekleurde"
	// groundNouns are what a person is treated differently "vanwege" or "om".
	groundNouns = "afkomst|herkomst|komaf|migratieachtergrond|etniciteit|huidskleur|nationaliteit|accent|geloof|religie|godsdienst|geloofsovertuiging|levensovertuiging|hoofddoek*|sluier*|keppel*|tulband*|geaardheid|homoseksualiteit|seksuele geaardheid|genderidentiteit|geslacht|sekse|kinderwens|leeftijd|handicap*|beperking|gestotter|stotteren|rolstoel|politieke overtuiging|politieke kleur|parttime*|deeltijd*"
	// groundPredicates are what a person is said to be, "omdat ze ... is".
	groundPredicates = "hoofddoek*|sluier*|keppel*|tulband*|diabetes|epilepsie|reuma|autisme|adhd|dyslexie|dyslectisch|slechthorend|slechtziend|stotter|humanist|atheïst|atheist|ongelovig|veganist|moslim*|islamitisch*|joods*|jood|christen*|hindoe*|gelovig*|homo|homoseksueel|lesbisch*|biseksueel|trans|transgender*|non-binair*|gehandicapt*|doof|blind|autist*|autistisch|chronisch|parttime|deeltijd*|buitenlander|allochtoon|vluchteling|marokkaan*|turk*|surinamer|surinaams*|antilliaan*|pool|pools|poolse|roemeen*|bulga*|afrikaan*|zwart|zwarte|getint*|gescheiden|alleenstaand*|ongetrouwd|ongehuwd"
	// nicknamesNamed are what a person is called for a ground ("hij wordt 'de Roemeen' genoemd");
	// nicknames adds those that are as often said of a thing.
	nicknamesNamed = "hoofddoek|hoofddoekje|moslima|jodin|opaatje|dinosaurus|bejaarde|pensionado|boomer|turk|turkje|marokkaan|marokkaantje|roemeen|polak|bulgaar|buitenlander|allochtoon|neger|zwartje|zwarte piet|homo|nicht|mietje|flikker|lesbo|manwijf|invalide|mongool|autist|dove|blinde|gehandicapte|kreupele|terrorist|taliban|bommenlegger|moslimpje|kopvod|theedoek|fascist|communist|wappie|nazi"
	nicknames      = nicknamesNamed + "|opa|oma|ouwe|oudje|pool|aap|aapje|spast|wijf"
	// victims are persons a ground word may describe who are on the receiving end.
	victims = "medewerker*|medewerkster*|man|vrouw|inwoner*|inwoonster*|sollicitant*|kandida*|werknemer*|dame|heer"
	// groupPlurals are groups spoken of as a whole ("jullie Polen", "Marokkanen stelen").
	groupPlurals = "moslims|joden|homo's|buitenlanders|allochtonen|marokkanen|turken|polen|roemenen|bulgaren|surinamers|antillianen|zwarten|negers|afrikanen|arabieren|chinezen|vluchtelingen|statushouders|asielzoekers|zigeuners|ouderen|gehandicapten|transgenders|lesbiennes|oost-europeanen|vijftigplussers|parttimers|christenen|vrouwen|wijven"
	// parties are Dutch political parties, by the names people use.
	parties = "pvv|vvd|sp|cda|d66|groenlinks|pvda|bbb|fvd|forum|denk|ja21|sgp|christenunie|volt|nsc|50plus|partij voor de dieren"
	// groupWords are what mocking is about ("grappen over zijn afkomst", "moppen over moslims").
	groupWords = groundNouns + "|naam|achternaam|transitie|achtergrond|zwangerschap|kleur|moslims|moslim|islam|joden|homo's|homo|buitenlanders|allochtonen|marokkanen|turken|polen|zwarten|negers|surinamers|vrouwen|ouderen|gehandicapten|vluchtelingen|statushouders|asielzoekers|transgenders|lesbiennes|arabieren|afrikanen|chinezen|gelovigen|christenen|donkere|zwarte|homoseksualiteit|ramadan|vasten|gebed|hoofddoekjes|aandoening|ziekte"
	// mocking is what is said about a ground (the words, not prefixes: each is tried with every
	// word of groupWords).
	mocking = "grap|grappen|grapje|grapjes|grapt|grapte|grapten|mop|mopje|mopjes|moppen|opmerking|opmerkingen|uitlating|uitlatingen|uitgelaten|uitspraken|geintje|geintjes|spot|spotte|spotten|denigrerend|denigrerende|kwetsend|kwetsende|beledigend|beledigende|neerbuigend|neerbuigende|kleinerend|kleinerende|hatelijk|hatelijke"
	// mockedTraits are what is imitated to mock a person ("ze doen zijn accent na").
	mockedTraits = "accent|tongval|gestotter|stotteren|gestotterd|loopje|manier van lopen|stem|handgebaren|gebarentaal|gebed|gebeden"
)

// cues joins lists of cues.
func cues(lists ...string) string { return strings.Join(lists, "|") }

// pairs makes a phrase of each of heads followed by each of tails ("|"-separated lists).
func pairs(heads, tails string) string {
	var out []string
	for _, h := range strings.Split(heads, "|") {
		for _, t := range strings.Split(tails, "|") {
			out = append(out, strings.TrimSpace(h)+" "+strings.TrimSpace(t))
		}
	}
	return strings.Join(out, "|")
}

// discriminationSynonyms: paraphrases of grounds, groups and discriminatory words.
var discriminationSynonyms = [][]string{
	{"afkomst", "herkomst", "migratieachtergrond", "etniciteit", "etnische", "komaf"},
	{"ouwe", "oud", "oudere", "opa", "bejaarde", "leeftijd", "vijftigplusser", "zestigplusser", "ouderen"},
	{"moslim", "moslims", "moslima", "islamitisch", "islamitische", "islam"},
	{"joods", "joodse", "jood", "keppel", "keppeltje", "kipa", "kippa", "antisemitisch", "antisemitische"},
	{"hoofddoek", "hoofddoekje", "hoofddoeken", "sluier", "hidjab", "hijab", "hoofdbedekking"},
	{"nikab", "niqab", "boerka", "burka", "gezichtssluier"},
	{"geloof", "religie", "godsdienst", "geloofsovertuiging", "religieuze", "religieus", "gelovig", "gelovige"},
	{"racistisch", "racistische", "racisme", "racist"},
	{"discriminatie", "discrimineren", "gediscrimineerd", "discriminerend", "discriminerende"},
	{"homofoob", "homofobe", "homo", "homoseksueel", "homoseksuele", "homofobie", "lesbisch"},
	{"geaardheid", "homoseksualiteit"},
	{"nichterig", "verwijfd", "mietje", "nichterige"},
	{"transvrouw", "transgender", "transman", "trans", "transpersoon"},
	{"gendertransitie", "geslachtsverandering", "geslachtswijziging", "geslachtsaanpassing"},
	{"voornaamwoord", "voornaamwoorden", "aanspreekvorm"},
	{"deadnamen", "deadnaming", "geboortenaam", "mannennaam", "vrouwennaam"},
	{"donker", "donkere", "huidskleur", "getinte", "getint", "gekleurde"},
	{"apengeluiden", "oerwoudgeluiden", "apengeluidjes", "aapgeluiden"},
	{"accent", "tongval"},
	{"statushouder", "statushouders", "vluchteling", "vluchtelingen", "asielzoeker", "asielzoekers", "nieuwkomers"},
	{"arbeidsmigrant", "arbeidsmigranten", "seizoenarbeider", "seizoenarbeiders"},
	{"allochtoon", "allochtonen", "allochtone", "buitenlander", "buitenlanders", "migrant", "migranten", "immigrant", "immigranten"},
	{"pools", "poolse", "polen", "polak"},
	{"roemeens", "roemeense", "roemeen", "roemenen", "roemenië"},
	{"bulgaars", "bulgaarse", "bulgaar", "bulgaren", "bulgarije"},
	{"marokkaan", "marokkanen", "marokkaans", "marokkaanse", "marokko"},
	{"turk", "turken", "turks", "turkse", "turkije"},
	{"surinamer", "surinamers", "surinaams", "surinaamse", "suriname"},
	{"haatberichten", "haatzaaiende", "haatdragende", "hatelijke"},
	{"zwanger", "zwangerschap", "zwangerschapsverlof", "zwangere", "bevallingsverlof"},
	{"seksisme", "seksistisch", "seksistische", "vrouwonvriendelijk", "vrouwonvriendelijke"},
	{"rolstoel", "handicap", "beperking", "gehandicapt", "functiebeperking", "arbeidsbeperking"},
	{"stotteren", "gestotter", "stotteraar", "stottert", "hakkelen"},
	{"doof", "dove", "slechthorend", "slechthorende"},
	{"slechtziend", "slechtziende", "blinde"},
	{"autisme", "autistisch", "autist", "asperger"},
	{"parttime", "deeltijd", "parttimer", "parttimers", "deeltijder", "deeltijders", "deeltijdaanstelling"},
	{"alleenstaande", "alleenstaand", "ongehuwd", "ongetrouwd"},
	{"levensovertuiging", "levensbeschouwing"},
	{"kinderwens", "gezinsplanning", "gezinsuitbreiding"},
	{"gebed", "gebeden", "bidden", "bidt", "middaggebed", "vrijdaggebed"},
	{"arabisch", "arabische", "arabier", "arabieren"},
	{"afrikaan", "afrikaanse", "afrikanen", "afrika"},
	{"syrisch", "syrische", "syriër", "syriërs", "syrië"},
	{"somalisch", "somalische", "somaliër", "somaliërs", "somalië"},
}
