package lexicon

// integrityFacts: cues of fraud, gifts, corruption, conflicts of interest, misuse of information,
// abuse of authority, off-duty misconduct and waste.
//
// Words that several kinds of conduct share stay hints: "privé" is said of a service car used for
// private trips, of a private mail address and of a post on a private account; "aangeboden" of a
// gift and of apologies; "doorgestuurd" of a leaked file and of a racist meme; "opgezocht" of a
// register look-up and of a visit at home; "getuige" of any investigation.
var integrityFacts = []factCues{
	// Corruption: paid (or promised something) to do or leave an official act.
	{Category, "CORRUPTION", 1, `omkop*|omgekocht|smeergeld|steekpenning*|*smeergeld*|corrupt*|kickback*|kick-back*|
		liet zich betalen|laten betalen|liet zich * betalen|zich laten omkopen|liet zich omkopen|geld aangenomen om|betaald om|betaalde om|
		onder de tafel|onder tafel|voor wat hoort wat|tegenprestatie*|wederdienst*`},
	{Category, "CORRUPTION", 0.7, "vroeg geld|vraagt geld|geld gevraagd|om geld gevraagd|vroeg om geld|vroeg hij geld|vroeg zij geld"},
	{Category, "CORRUPTION", 0.5, "sneller te regelen|sneller geregeld|geld aangenomen|geld aannemen|geld gekregen van|geld kreeg van|toegestopt|stopte * toe|stopte * * toe|in ruil voor|in ruil daarvoor|geld om|betalen om|contant geld|contanten|cash|zwart geld|sneller te verlenen|sneller verleend|sneller afgegeven|met voorrang|versnellen"},
	{Category, "CORRUPTION", 0.25, "omgevingsvergunning|bouwvergunning|vergunningaanvraag"},

	// Fraud, theft and embezzlement: expense and mileage claims, hours and clocking, fuel cards,
	// petty cash, goods taken home, false papers.
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 1, `*fraude*|fraudeer*|frauduleu*|*declar*|*diefstal|gestolen|stal|stelen|steelt|
		verduister*|vervals*|valse facturen|valse factuur|valse bonnen|valse bonnetjes|nepfactu*|schijnfactu*|spookfactu*|gefingeerd*|fictieve|
		tankpas*|tankkaart*|brandstofpas*|brandstofkaart*|getankt|tankte|volgetankt|volgooi*|volgegooid|voltank*|
		privégebruik|privé-gebruik|reiskosten*|onkosten*|kilometervergoeding*|kilometers opgegeven|meer kilometers|kilometers gedeclareerd|kilometers geschreven|
		urenregistratie|urenbriefje*|urenstaat*|urenstaten|uren geschreven|uren geboekt|uren opgeschreven|niet gewerkte uren|niet-gewerkte|schreef uren|schrijft uren|uren die * niet|
		prikklok*|inklok*|uitklok*|ingeklokt|uitgeklokt|klokte|ingeprikt|uitgeprikt|
		kleine kas|kasgeld|kastekort*|kasverschil*|uit de kas|in de kas|
		ontvreemd*|achterovergedrukt|achterover gedrukt|achteroverdrukken|jatten|gejat|jatte|toegeëigend|toegeeigend|toe-eigening|toeëigening|wederrechtelijk*|
		in eigen zak|in zijn eigen zak|in haar eigen zak|eigen zakken|uit het magazijn|zwartgewerkt|zwart gewerkt|zwart werken|zwartwerk*`},
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 0.7, "volle dagen geschreven|schrijft volle dagen|schreef volle dagen|volle dagen schrijven|hele dagen geschreven|hele dag geschreven|mee naar huis|nam * mee naar huis|meegenomen naar huis|bedrijfscreditcard*|zakelijke creditcard|inkooppas*|bedrijfspas*|privéaankopen|privé-aankopen|privé aankopen|voor privé|voor zichzelf gekocht"},
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 0.4, "niet gewerkt"},
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 0.5, `neemt * mee|meeneemt|spullen van het werk|spullen van de zaak|verzonnen|valse|vals|gepikt|pikte|ingepikt|weggenomen|meegenomen|nam * mee|kassa|
		kilometer*|ritten|privéritten|priveritten|ritregistratie|rittenregistratie|rittenadministratie|kilometerregistratie|
		bonnetje*|kassabon*|factu*|brandstof|tankstation|benzine|diesel|gereedschap|bouwmateriaal|bouwmaterialen|materialen|voorraad|magazijn|
		gemanipuleerd|manipuleer*|eigen voordeel|thuiswerkdag*|creditcard*|pinpas*|betaalpas*|uitbetaald|teruggevorderd|terugvorder*`},
	{Category, "FRAUD_THEFT_EMBEZZLEMENT", 0.25, "privé|prive|dief|dieven|overuren|vergoeding*|sjoemel*|gesjoemeld"},

	// Gifts and hospitality. Whether a gift was accepted, or refused and reported, is a
	// circumstance (circumstances.go); the category is the same.
	{Category, "GIFTS", 1, `geschenk*|*cadeau*|relatiegeschenk*|gift|giften|kaartje*|concertkaartje*|voetbalkaartje*|theaterkaartje*|voetbalwedstrijd|voetbalduel|concert*|etentje*|fles wijn|flessen wijn|
		envelop*|bedankje*|als dank|als bedankje|fooi*|waardebon*|tegoedbon*|cadeaukaart*|giftcard*|kerstpakket*|
		concertkaart*|wedstrijdkaart*|vrijkaart*|toegangskaart*|theaterkaart*|festivalkaart*|seizoenskaart*|kaarten voor|businessclub|business seats|skybox|vip-loge|
		kist wijn|kisten wijn|kist met wijn|kisten met wijn|doos wijn|dure wijn|doos bonbons|gastvrijheid|snoepreis*|
		weekendje weg|vakantiehuis|chalet|hotelovernachting*|gratis vakantie|gratis weekend|liet zich trakteren|gefêteerd|fêteren|laten fêteren|
		geschenkenregister|giftenregister`},
	{Category, "GIFTS", 0.5, "toegestopt|stopte * toe|stopte * * toe|attentie*|nam * aan|ter waarde van|korting|met korting|gratis|voor niks|kosteloos|wijn|champagne|whisky|bonbons|uit eten|overnachting*|ontvangen van|cadeautje*"},
	{Category, "GIFTS", 0.4, "accepteerde|geaccepteerd|hotel|trakteerde|getrakteerd|op kosten van|op rekening van"},
	{Category, "GIFTS", 0.25, "uitnodiging|aangeboden|aanbod|lunch|bloemen|diner|dineren"},
	// "Aangenomen" is as often hired (a selection) as accepted (a gift).
	{Category, "GIFTS", 0.2, "aangenomen|aannemen|aannam"},

	// Conflicts of interest: side jobs, own company, family and friends as suppliers or applicants.
	{Category, "CONFLICT_OF_INTEREST", 1, `belangenverstrengel*|belangenconflict*|tegenstrijdige belangen|tegenstrijdig belang|dubbele pet|twee petten|
		nevenfunctie*|nevenwerkzaamhe*|nevenactiviteit*|nevenbaan|nevenbanen|bijbaan*|bijbaantje*|tweede baan|naast zijn baan|naast haar baan|naast mijn baan|
		baan bezorgd|baan geregeld|baantje geregeld|baantje bezorgd|aan een baan geholpen|
		eigen bedrijf|eigen bedrijfje|eigen *bureau|eigen firma|eigen onderneming|eigen eenmanszaak|eigen bv|eenmanszaak|zzp-er|zzp'er|zzper|
		familielid|familieleden|familieband*|familierelatie*|familiebetrekking*|familiebedrijf|schoonfamilie|
		zwager|zwagers|schoonzus|schoonbroer|schoonvader|schoonmoeder|schoonzoon|schoondochter|neef|
		vriendjespolitiek|nepotisme|ons kent ons|in het bestuur|bestuurslid|verschoond|verschonen|verschoning|
		financieel belang|financiële belangen|zakelijk belang|zakelijke belangen|privébelang*|aandeelhouder*|mede-eigenaar|mede-eigenares`},
	{Category, "CONFLICT_OF_INTEREST", 0.7, `naast zijn werk|naast haar werk|naast mijn werk|echtgeno*|persoonlijk belang|eigen belang|kruiwagen*|bedrijf van zijn|bedrijf van haar|bedrijf van mijn|firma van|zaak van zijn|zaak van haar|
		onderhands*|gegund|gunde|gunnen|gunning`},
	{Category, "CONFLICT_OF_INTEREST", 0.5, "vriendjes|familie|bevriende|partijdig*|onpartijdig*|zoon van|dochter van|broer van|zus van|bevoordeeld|bevoordeelde|bevoordeling"},
	{Category, "CONFLICT_OF_INTEREST", 0.4, "offerte*|aanbesteding*|inschrijver*|opdracht gegeven|subsidieaanvraag|subsidie|vriend van|vriendin van|eigenaar van"},
	{Category, "CONFLICT_OF_INTEREST", 0.25, "broer|zus|zoon|dochter|oom|tante"},
	{Category, "CONFLICT_OF_INTEREST", 0.25, "leverancier*|opdrachten"},

	// Misuse of information: register look-ups without a reason of work, leaks to press, family or
	// friends, files forwarded to a private mail address, photographs of documents or screens.
	{Category, "MISUSE_OF_INFORMATION", 1, `brp|persoonsregistratie|basisregistratie*|bevolkingsregister|gba|persoonsgegevens|klantgegevens|cliëntgegevens|clientgegevens|
		adresgegevens|burgergegevens|inwonersgegevens|personeelsgegevens|salarisgegevens|medische gegevens|privégegevens|belastinggegevens|
		dossiers ingezien|dossier ingezien|ingezien|zonder werkgerelateerde reden|zonder zakelijke reden|zonder dienstbelang|nieuwsgierig*|
		vertrouwelijke informatie|vertrouwelijke gegevens|vertrouwelijke stukken|vertrouwelijke documenten|vertrouwelijk dossier|vertrouwelijke dossiers|
		geheimhouding*|ambtsgeheim|beroepsgeheim|datalek*|gelekt|lekken|lekte|uitgelekt|doorgelekt|doorgespeeld|speelde * door|
		personeelssysteem|personeelsdossier*|hr-systeem|privacy|avg|doorverteld|doorvertelde|rondverteld|verder verteld|
		privémail*|privé-mail*|prive-mail*|privé-mailadres|eigen mailadres|eigen e-mailadres|gmail*|hotmail*|naar zichzelf gemaild|naar zichzelf doorgestuurd|
		naar huis gemaild|usb-stick*|geheugenstick*|
		foto* van * dossier*|foto* van dossier*|foto* van * document*|foto* van document*|foto* van * scherm|foto* van * stukken|
		in het systeem gekeken|in het systeem opgezocht|in het systeem nagekeken|in het systeem * gekeken|in het systeem * opgezocht|in het systeem * nagekeken|in het systeem keek|adres opgezocht|adres * opgezocht|gaf * adres door|adres doorgegeven|adres doorgespeeld|rondgeneusd|rondsnuffel*|gesnuffeld|snuffelde|neusde`},
	{Category, "MISUSE_OF_INFORMATION", 0.6, `vertrouwelijk*|opgevraagd|geraadpleegd|raadpleging*|raadpleegde|waar * ex woont|waar * ex nu woont|ingeschreven stond|ingeschreven staat|
		aan de pers|naar de krant|aan de krant`},
	{Category, "MISUSE_OF_INFORMATION", 0.5, `mijn gegevens|haar gegevens|zijn gegevens|gegevens van|*gegevens|opgezocht|zocht * op|nagekeken|inzien|logging|logbestand*|loggegevens|zoekopdracht*|werkgerelateerd*|journalist*|
		getipt|tipte|gefotografeerd|bekende nederlander|bn'er|bn-er|beroemd*|bekende voetballer|woonadres|nieuwe adres|salarissen`},
	{Category, "MISUSE_OF_INFORMATION", 0.45, "waar hij woont|waar zij woont|waar ze woont|waar hij nu woont|waar zij nu woont|waar ze nu woont"},
	{Category, "MISUSE_OF_INFORMATION", 0.4, "account van een collega|inlogcodes van|wachtwoord van|ex|expartner|gekopieerd|kopie|kopieën|uitgeprint"},
	{Category, "MISUSE_OF_INFORMATION", 0.25, "in het systeem|doorgestuurd|doorsturen|stuurde * door|gedeeld met|deelde * met|buurman|buurvrouw|buren|inzage|zonder reden"},

	// Abuse of authority: powers used for oneself or one's own; public means used privately.
	{Category, "ABUSE_OF_AUTHORITY", 1, `bevoegdhe*|eigen huis|klussen aan|laten klussen|liet * klussen|klussen bij zijn|klussen bij haar|klussen voor zijn|klussen voor haar|materieel|dienstauto|dienstauto's|dienstwagen*|dienstvoertuig*|poolauto*|gemeenteauto*|voor eigen gewin|voorrang|
		machtsmisbruik|ambtsmisbruik|misbruik van * bevoegdheid|misbruik van * bevoegdheden|misbruik van * positie|misbruik van * functie|
		misbruik gemaakt van|misbruikte zijn|misbruikte haar|zijn functie misbruikt|haar functie misbruikt|zijn positie misbruikt|haar positie misbruikt|
		gematst|matsen|matste|voorgetrokken|voortrekken|voorkeursbehandeling|door de vingers|oogje dichtgeknepen|oogje toegeknepen|kneep * oogje|oogluikend*|
		kwijtgescholden|boete geschrapt|boetes geschrapt|boete ingetrokken|seponeerde|niet beboet|niet bekeurd|geen boete gegeven|geen bekeuring gegeven|bekeuring verscheurd|bon verscheurd|
		gemeentelijk gereedschap|gemeentelijke gereedschap|gereedschap van de gemeente|materiaal van de gemeente|materialen van de gemeente|spullen van de gemeente|
		busje van de gemeente|auto van de zaak|briefpapier van de gemeente|naam van de gemeente gebruikt`},
	{Category, "ABUSE_OF_AUTHORITY", 0.7, "dienstpas*|dienstlegitimatie|legitimatiebewijs van|trok * voor|bevoordeeld|bevoordeelde|bevoordeling"},
	{Category, "ABUSE_OF_AUTHORITY", 0.5, `klus*|diensttijd|onder werktijd|tijdens werktijd|bedrijfsauto*|bedrijfsbus*|gemeentebus*|leaseauto*|privéritten|priveritten|
		ongemoeid|in uniform|eigen gewin|persoonlijk gewin`},
	{Category, "ABUSE_OF_AUTHORITY", 0.25, `privé|prive|verbouwing|verhuizing|beboet|bekeurd|bekeuring*|boete|boetes|uitgeschreven|controleerde|gecontroleerd|geseponeerd|
		identiteitsbewijs|legitimatie|legitimeren|zijn functie|haar functie|zijn positie|haar positie|gratis`},

	// Off-duty misconduct: social media, criminal convictions, drunk driving, fights when out.
	{Category, "OFF_DUTY_MISCONDUCT", 1, `buiten dienst|buiten werktijd|buiten diensttijd|buiten werktijden|in zijn vrije tijd|in haar vrije tijd|in mijn vrije tijd|
		privésfeer|privéleven|privé-leven|privéaccount*|privé-account*|prive-account*|privé-facebook*|
		strafzaak|strafrechtelijk*|veroordeeld|veroordeling*|politierechter|strafblad|taakstraf|werkstraf|celstraf|gevangenisstraf|strafbeschikking|
		officier van justitie|openbaar ministerie|rijontzegging|rijverbod|rijbewijs ingevorderd|rijbewijs ingenomen|rijden onder invloed|
		dronken achter het stuur|onder invloed achter het stuur|blaastest|ademtest|ademanalyse|promille`},
	// Social media are where much conduct of every kind happens (a video of a fight, a
	// discriminating post, photos of a colleague): a hint of off-duty conduct, not its name.
	{Category, "OFF_DUTY_MISCONDUCT", 0.5, "sociale media|social media|facebook|twitter|instagram|tiktok|linkedin|youtube|snapchat|telegram|getweet|tweet|tweets|tweette"},
	{Category, "OFF_DUTY_MISCONDUCT", 0.7, "drugshandel|witwassen|heling|vrije tijd|onder invloed|buiten het werk"},
	{Category, "OFF_DUTY_MISCONDUCT", 0.6, "online gezet|online geplaatst|op internet|op het internet"},
	{Category, "OFF_DUTY_MISCONDUCT", 0.5, `na het werk|op een feestje|in het weekend|kroeg|café|cafe|discotheek|uitgaan|uitgaansgebied|stapavond|online|gepost|postte|posts|
		aangehouden|gearresteerd|opgepakt|proces-verbaal|rechter|rechtbank|justitie|vog|herkenbaar|functie zichtbaar|functie vermeld|vechtpartij|knokpartij`},
	{Category, "OFF_DUTY_MISCONDUCT", 0.25, "privé|prive|politie|dronken|beschonken|alcohol|drugs|festival"},

	// Waste and poor performance.
	{Category, "WASTE_POOR_PERFORMANCE", 1, "verspil*|wanprestatie|nalatigheid|over de balk|budgetoverschrijding*|taken verwaarloosd|verwaarloosde zijn|verwaarloosde haar"},
	{Category, "WASTE_POOR_PERFORMANCE", 0.5, "nalatig|verwaarloos*|onzorgvuldig*|slordig*"},
}

// integritySynonyms: paraphrases of money, goods, information and interests.
var integritySynonyms = [][]string{
	{"parkeerbon", "naheffingsaanslag", "bekeuring", "boete", "parkeerboete"},
	{"declareren", "declaratie", "declaraties", "gedeclareerd", "declareerde", "onkostendeclaratie", "onkostennota", "bonnetjes"},
	{"tankpas", "tankkaart", "brandstofpas", "brandstofkaart", "tankpassen", "tankpasje"},
	{"tanken", "tankte", "getankt", "volgooien", "volgetankt", "volgegooid", "voltanken"},
	{"auto", "wagen", "bedrijfsauto", "dienstauto", "bedrijfsbusje", "bedrijfsbus", "dienstwagen", "dienstvoertuig", "poolauto", "busje"},
	{"envelop", "contant", "contanten", "geld", "bedankje", "cash"},
	{"geschenk", "geschenken", "cadeau", "cadeaus", "gift", "relatiegeschenk", "cadeautje", "attentie"},
	{"persoonsregistratie", "brp", "basisregistratie", "persoonsgegevens", "bevolkingsregister", "gba"},
	{"echtgenoot", "echtgenote", "partner"},
	{"steekpenningen", "smeergeld", "omkoping", "omkopen", "omgekocht", "kickback"},
	{"salaris", "loon", "salarisgegevens", "salarissen"},
	{"voetbalduel", "voetbalwedstrijd", "wedstrijd"},
	{"aannemer", "bouwbedrijf", "leverancier", "opdrachtnemer", "inschrijver"},
	{"projectontwikkelaar", "ontwikkelaar", "vastgoedontwikkelaar"},
	{"opgezocht", "nagekeken", "opgevraagd", "ingezien", "geraadpleegd", "bekeken", "opzoeken", "raadplegen", "inzien", "gesnuffeld"},
	{"nieuwsgierigheid", "nieuwsgierig", "interesse"},
	// Hours: time sheets and clocking say the same thing.
	{"urenregistratie", "urenbriefje", "urenstaat", "tijdregistratie", "prikklok", "inklokken", "uitklokken", "ingeklokt", "uitgeklokt"},
	// Distance claimed.
	{"kilometers", "kilometer", "kilometervergoeding", "reiskosten", "reiskostenvergoeding", "ritten", "dienstreizen"},
	// Stealing and keeping what is not one's own.
	{"diefstal", "stelen", "gestolen", "ontvreemd", "ontvreemding", "verduistering", "verduisterd", "jatten", "gejat", "achterovergedrukt", "toegeëigend"},
	{"kas", "kasgeld", "kassa", "geldlade"},
	{"materiaal", "materialen", "gereedschap", "materieel", "bouwmateriaal"},
	{"valse", "vervalst", "vervalste", "nep", "gefingeerd", "gefingeerde", "fictieve"},
	{"nevenfunctie", "nevenwerkzaamheden", "nevenactiviteit", "nevenactiviteiten", "bijbaan", "nevenbaan"},
	{"familie", "familielid", "familieleden", "schoonfamilie", "zwager", "schoonzus", "neef", "familieband"},
	{"firma", "onderneming", "adviesbureau", "eenmanszaak"},
	{"belangenverstrengeling", "belangenconflict", "vriendjespolitiek", "nepotisme"},
	{"gelekt", "lekken", "lekte", "uitgelekt", "doorgespeeld", "datalek"},
	{"vertrouwelijk", "vertrouwelijke", "geheim", "geheime", "geheimhouding", "ambtsgeheim"},
	{"privémail", "privémailadres", "gmail", "hotmail"},
	{"journalist", "krant", "pers", "media", "verslaggever"},
	{"beroemdheid", "beroemde", "bekendheid", "celebrity"},
	{"ex", "expartner", "exvriendin", "exvriend"},
	{"veroordeeld", "veroordeling", "strafblad", "strafzaak", "politierechter"},
	{"dronken", "beschonken", "alcohol", "drank"},
	{"facebook", "instagram", "twitter", "tiktok", "linkedin"},
	{"bevoordeeld", "voorgetrokken", "gematst", "voorkeursbehandeling", "bevoordeling"},
	{"kaartjes", "kaarten", "tickets", "toegangskaarten", "vrijkaarten", "concertkaarten", "wedstrijdkaarten"},
}
