package lexicon

// conductFacts: cues of sexual harassment, aggression, bullying, intimidation and not stepping in.
var conductFacts = []struct {
	kind, code string
	weight     float64
	cues       string // "|"-separated; words of a phrase separated by spaces
}{
	{Category, "SEXUAL_HARASSMENT", 1, "*seksue* intimid*|*seksueel*|*seksuele*|aangeraakt|aanraken|aanraking*|betast*|*naaktfoto*|*dickpic*|avances|gezoend|zoenen|billen|borsten|intieme|ongepaste appjes|ongepaste berichten|lichaam|toenadering*|ongewenste aandacht|op zijn kamer|op haar kamer|schunnig*|dubbelzinnig*|flirt*"},
	{Category, "SEXUAL_HARASSMENT", 0.5, "uiterlijk|kleding|heerlijk|sexy|lekker|knap"},
	{Category, "AGGRESSION_VIOLENCE", 1, "duwde|geduwd|duwen|*geslagen|sloeg|slaan|schopte|geschopt|*geweld*|agressie*|agressief|handgemeen|vuistslag|klap|klappen|hardhandig|een duw|een zet|een trap|een kopstoot|tegen de grond"},
	{Category, "BULLYING", 1, "*pest*|gepest|*treiter*|getreiterd|voor schut|*ontgroening*|buitengesloten|buitensluiten|uitgesloten|buiten gehouden|buitenhouden|genegeerd|negeren|negeerde*|uitgelachen|uitlachen|lachten * uit|bespot|kleineren*|gekleineerd|belachelijk gemaakt|vernederen*|vernederd"},
	{Category, "INTIMIDATION", 1, "*intimid*|onder druk|bedreig*|dreigde|gedreigd|dreigement*|mond houden|mond moest houden|mond dicht|klikspa*|klokkenluider*"},
	{Category, "UNWANTED_BEHAVIOUR_OTHER", 1, "greep niet in|niet ingegrepen|niet ingrijpen|niet aangesproken|liet het gebeuren"},
}

// conductSynonyms: paraphrases of how people treat each other at work.
var conductSynonyms = [][]string{
	{"uitschelden", "schelden", "uitgescholden", "scheldwoord", "scheldwoorden", "scheldt", "uitschold", "beledigen", "beledigd", "belediging", "beledigingen", "beledigende", "uitgemaakt"},
	{"pesten", "gepest", "treiteren", "getreiterd", "treiterde", "sarren", "kleineren", "gekleineerd"},
	{"buitengesloten", "buitensluiten", "uitgesloten", "genegeerd", "negeren", "buitenhouden"},
	{"uitgelachen", "uitlachen", "bespot", "uitgejouwd"},
	{"aanraken", "aangeraakt", "betasten", "betast", "aanrakingen", "aanraking"},
	{"duwen", "duw", "duwde", "geduwd", "slaan", "geslagen", "sloeg"},
	{"grappen", "grap", "moppen", "mop", "grapjes"},
	{"bijnaam", "bijnamen", "scheldnaam", "scheldnamen"},
	{"bedreigen", "bedreigd", "bedreigde", "intimideren", "geïntimideerd", "intimidatie"},
	{"ontgroening", "ontgroeningsgrappen", "inwijding", "ontgroeningsritueel"},
	{"plaatjes", "memes", "afbeeldingen", "filmpjes"},
	{"ruzie", "onenigheid", "burenruzie", "woordenwisseling", "conflict"},
	{"appjes", "berichtjes", "whatsappberichten", "berichten", "sms"},
}
