package anonymize

// Word lists. Every entry is in folded form (lower case, no diacritics), the form fold returns.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// dutchParticles are the tussenvoegsels of Dutch, Flemish, German and Romance surnames. They are
// never replaced on their own: "de", "van" and "ter" are also ordinary words.
var dutchParticles = set(
	"van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit",
	"onder", "over", "voor", "vd", "vander", "vanden", "le", "la", "les", "du", "des", "di", "da",
	"del", "della", "dello", "dos", "das", "do", "von", "vom", "zu", "zum", "zur", "am", "s",
)

// foreignParticles are name particles from Arabic, Berber and other naming traditions. They only
// count as particles inside a name ("Mohamed El Amrani"); as the first word of a known name they
// are a given name ("Ben de Boer").
var foreignParticles = set(
	"el", "al", "ben", "bin", "ibn", "bint", "abu", "abou", "ait", "ould", "ag", "bou", "mc", "mac",
)

// nameParticles are the particles the unknown-name heuristics accept between a title and a
// surname, or between a known first name and an unknown surname. Prepositions that are also
// particles ("in 't Veld", "op de Beek") are left out: "collega van Burgerzaken" is common,
// "werkt bij Bakker" is not a name.
var nameParticles = set(
	"van", "de", "der", "den", "het", "t", "te", "ten", "ter", "vd", "le", "la", "du", "des", "di",
	"da", "del", "della", "dos", "das", "von", "vom", "el", "al", "ben", "bin", "ibn", "abu", "abou",
	"ait", "ould", "mc", "mac",
)

// titleClass tells how a word introduces a name.
type titleClass int

const (
	titleNone titleClass = iota
	// titleSalutation: mevrouw, meneer, dhr., mw., Mr, Dr. — may be followed by a lower-case
	// particle ("mevrouw de Vries").
	titleSalutation
	// titleAbbrevDot: an abbreviation that is also a word or acronym without its dot (ing., ir.,
	// drs., prof.) — only a title when the dot is there.
	titleAbbrevDot
	// titleColleague: collega — "collega van Burgerzaken" is not a name, so a lower-case
	// particle right after it ends the search.
	titleColleague
	// titleNamed: genaamd, heet, named, alias.
	titleNamed
	// titleGreeting: Beste, Hoi, Hallo, Dear — the opening of a letter or e-mail.
	titleGreeting
	// titleClosing: groet, groeten, regards — the name follows after a comma or line break.
	titleClosing
)

var titles = map[string]titleClass{
	"mevrouw": titleSalutation, "mevr": titleSalutation, "mw": titleSalutation, "mvr": titleSalutation,
	"meneer": titleSalutation, "mijnheer": titleSalutation, "heer": titleSalutation, "dhr": titleSalutation,
	"juffrouw": titleSalutation, "mejuffrouw": titleSalutation, "mej": titleSalutation, "juf": titleSalutation,
	"mr": titleSalutation, "dr": titleSalutation, "mrs": titleSalutation, "ms": titleSalutation,
	"miss": titleSalutation, "mx": titleSalutation, "mister": titleSalutation, "madam": titleSalutation,
	"madame": titleSalutation, "monsieur": titleSalutation, "frau": titleSalutation, "herr": titleSalutation,
	"ing": titleAbbrevDot, "ir": titleAbbrevDot, "drs": titleAbbrevDot, "prof": titleAbbrevDot,
	"collega": titleColleague, "oudcollega": titleColleague, "colleague": titleColleague,
	"genaamd": titleNamed, "heet": titleNamed, "named": titleNamed, "alias": titleNamed,
	"beste": titleGreeting, "hoi": titleGreeting, "hallo": titleGreeting, "dear": titleGreeting,
	"hi": titleGreeting, "hey": titleGreeting, "geachte": titleGreeting,
	"groet": titleClosing, "groeten": titleClosing, "regards": titleClosing, "groetjes": titleClosing,
}

// commonWords are given names and surnames that are also ordinary Dutch or English words. A
// part of a known name that is one of them is replaced only where it is written with a capital
// ("Bakker", not "de bakker"; "Ben", not "ik ben"). Month abbreviations are here too, so that
// "Jan" the colleague goes and "jan" in "3 jan" is left to the date rules.
var commonWords = set(
	// given names
	"ben", "wil", "will", "mark", "roos", "bas", "lot", "fleur", "joke", "jet", "rob", "mees",
	"merel", "iris", "amber", "jade", "hoop", "hope", "may", "april", "june", "rose", "grace",
	"faith", "ruby", "pearl", "dawn", "ivy", "holly", "bill", "art", "sterre", "storm", "zon",
	"jan", "mei", "do", "dag", "kim", "sam", "max", "bo", "noa", "lina", "nina", "mila", "ties",
	"els", "lis", "joy", "sky", "summer", "winter", "hanna", "dirk", "frank", "sophie", "guy",
	"nick", "pat", "rik", "ruth", "hans", "hein", "wim", "wout", "loes", "mina", "said",
	// surnames
	"bakker", "smit", "smid", "visser", "boer", "jong", "jonge", "wit", "witte", "groot", "grote",
	"klein", "kleine", "vos", "haan", "koster", "dekker", "brouwer", "kok", "bos", "bosch", "hoek",
	"prins", "huisman", "kuiper", "post", "wolf", "mol", "graaf", "kramer", "koning", "zwart",
	"bruin", "lange", "lang", "kort", "man", "vis", "dam", "dijk", "berg", "beek", "veen", "laan",
	"meer", "zee", "haas", "beer", "stam", "kaas", "boom", "bloem", "steen", "molen", "brink",
	"kamp", "hof", "wijk", "heuvel", "horst", "water", "akker", "wal", "burg", "veld", "velde",
	"linden", "pool", "rijn", "broek", "hart", "bron", "kraai", "zwaan", "vink", "valk", "uil",
	"mus", "duif", "vogel", "hert", "das", "leeuw", "kraan", "maan", "ster", "timmer",
	"schilder", "slager", "kapper", "koopman", "schipper", "jager", "herder", "wever", "ridder",
	"keizer", "paus", "bisschop", "boon", "peer", "appel", "kers", "tulp", "lelie", "linde",
	"eik", "groen", "rood", "blauw", "geel", "grijs", "snel", "goed", "vroom", "blij", "wijs",
	"sterk", "oud", "oude", "nieuw", "dik", "rijk", "arm", "vrij", "best", "baas", "kind",
	"zoon", "vader", "mulder", "muller", "schouten", "meijer", "meyer", "koch", "schmidt",
	"vermeer", "bouwman", "kuipers", "bakkers", "visscher", "smith", "baker", "young", "white",
	"black", "brown", "green", "king", "hill", "wood", "stone", "fox", "bird", "church", "young",
	"long", "short", "rich", "hunter", "cook", "mason", "turner", "walker", "bishop", "moon",
	"star", "cruz", "paz", "rey", "sol", "flor", "mars",
	// months and their abbreviations (see above)
	"feb", "mrt", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec",
	"juni", "juli", "maart",
)

// stopWords are capitalised words that are not names: they end the unknown-name heuristics.
// Known names are matched regardless of this list.
var stopWords = set(
	// institutions and organisation words
	"gemeente", "utrecht", "team", "teams", "standby", "integriteit", "meldpunt", "afdeling",
	"directie", "directeur", "bestuur", "college", "raad", "burgemeester", "wethouder",
	"wethouders", "ondernemingsraad", "hr", "ict", "or", "burgerzaken", "stadskantoor",
	"stadsplateau", "nederland", "nederlands", "nederlandse", "engels", "engelse", "arabisch",
	"turks", "turkse", "marokkaans", "marokkaanse", "surinaams", "surinaamse", "pools", "poolse",
	"god", "allah", "islam", "moslim", "joods", "joodse", "christelijk", "microsoft", "word",
	"outlook", "excel", "whatsapp", "zoom", "facebook", "instagram", "linkedin", "twitter",
	"google", "politie", "openbaar", "ministerie", "rijk", "cao", "awb", "wet", "gedragscode",
	"kantonrechter", "vertrouwenspersoon", "ombudsman", "manager", "teamleider", "leidinggevende",
	"medewerker", "medewerkster", "melder", "getuige", "adviseur", "onderzoeker", "allemaal",
	"iedereen", "collegas", "heren", "dames", "sir", "all", "everyone", "team's", "wijkteam",
	"servicecentrum", "vertrouwenspersonen", "integriteitscoordinator", "coordinator",
	// pronouns, articles and sentence words that start with a capital after a full stop
	"ik", "jij", "je", "u", "hij", "zij", "ze", "wij", "we", "jullie", "zij", "die", "dat",
	"deze", "dit", "een", "er", "en", "maar", "toen", "daarna", "ook", "met", "na", "om", "als",
	"want", "dus", "nog", "niet", "wel", "wat", "wie", "waar", "hoe", "waarom", "the", "a", "an",
	"he", "she", "they", "i", "it", "and", "but", "then", "this", "that", "mijn", "zijn", "haar",
	"hun", "ons", "onze", "uw", "his", "her", "their", "our", "my", "your", "gisteren", "vandaag",
	"morgen", "later", "eerder", "verder", "volgens", "tijdens", "sinds", "vanaf", "tot", "door",
	"namens", "per", "zie", "ja", "nee", "oke", "ok", "dank", "bedankt", "alvast",
	// weekdays and months
	"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "januari", "februari",
	"maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
	"december", "january", "february", "march", "may", "june", "july", "august", "october",
	"jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec",
	"pasen", "kerst", "kerstmis", "ramadan", "suikerfeest", "offerfeest", "pinksteren",
)

// givenNames are common given names in the Netherlands — Dutch, Frisian, Moroccan, Turkish,
// Surinamese, Antillean and other — in folded form. A capitalised one followed by a surname
// ("Jan Jansen", "Fatima El Amrani") is a name even when no one listed it. On its own it stays
// ("Roos", "Mark" and "Sanne" alone are too often something else, or too little to matter).
// Names that are also months or ordinary capitalised words on their own (April, May, Hoop) are
// left out.
var givenNames = set(
	// Dutch and Frisian, men
	"jan", "piet", "pieter", "kees", "henk", "gerrit", "johan", "johannes", "peter", "willem", "hans",
	"klaas", "dirk", "erik", "eric", "frank", "mark", "marco", "martin", "michel", "michael", "paul",
	"rob", "robert", "ruud", "sander", "stefan", "thomas", "tom", "tim", "bas", "bram", "daan", "lars",
	"luuk", "jeroen", "joost", "koen", "maarten", "niels", "rick", "roel", "wouter", "jasper", "arjen",
	"arjan", "bart", "bert", "wim", "ton", "theo", "gert", "sjoerd", "hendrik", "cornelis", "jacob",
	"jacobus", "gijs", "sem", "noah", "liam", "lucas", "finn", "levi", "milan", "jesse", "thijs",
	"ruben", "sven", "stijn", "teun", "floris", "hugo", "guus", "joris", "olaf", "rutger", "vincent",
	"wesley", "kevin", "dennis", "patrick", "richard", "ronald", "edwin", "marcel", "remco", "harm",
	"hidde", "jelle", "sietse", "wessel", "wilco", "frits", "freek", "ad", "adriaan", "albert",
	"alexander", "andre", "anton", "arie", "arnold", "bernard", "boris", "casper", "chris",
	"christiaan", "david", "dick", "douwe", "eduard", "evert", "ferry", "gerard", "gerben", "gijsbert",
	"gerrit", "hein", "herman", "huub", "jaap", "jacco", "jeffrey", "jens", "jop", "joep",
	"jos", "jurgen", "karel", "leon", "lex", "martijn", "mathijs", "matthijs", "maurice", "mike",
	"nico", "nick", "otto", "pim", "raymond", "rene", "rik", "rinus", "roy", "sebastiaan", "siem",
	"simon", "ted", "tijmen", "twan", "victor", "walter", "wilfred", "wijnand",
	// Dutch and Frisian, women
	"anna", "anne", "annemieke", "annemiek", "annet", "astrid", "carla", "caroline", "daphne",
	"eline", "els", "emma", "esther", "eva", "femke", "fleur", "hanneke", "ilse", "ineke", "inge",
	"ingrid", "iris", "janneke", "jolanda", "julia", "karin", "kim", "laura", "linda", "lisa",
	"lotte", "maria", "marieke", "marloes", "marian", "marianne", "martine", "mirjam", "monique",
	"nicole", "petra", "renate", "sandra", "sanne", "saskia", "sophie", "suzanne", "tamara", "wendy",
	"willemijn", "yvonne", "anouk", "sara", "sarah", "noor", "tess", "zoe", "mila", "nora", "lieke",
	"sofie", "fenna", "evi", "elise", "ellen", "elly", "erica", "gerda", "greet", "hanna", "hannah",
	"heleen", "helen", "hester", "ilona", "jacqueline", "jantine", "jeanette", "joke", "jolien",
	"judith", "karlijn", "kirsten", "lianne", "liesbeth", "lies", "lieve", "lisanne", "loes",
	"manon", "margriet", "marjolein", "marleen", "mieke", "miriam", "myrthe", "naomi", "nienke",
	"patricia", "paula", "rianne", "rosa", "sabine", "simone", "sylvia", "tineke", "trudy", "vera",
	"wilma", "yara", "zoe", "demi", "britt", "romy", "isa", "lynn", "roos", "merel", "jet", "fem",
	// Moroccan, Arabic, Turkish, Kurdish
	"mohamed", "mohammed", "mohammad", "muhammad", "ahmed", "ahmet", "ali", "hassan", "hasan",
	"hussein", "huseyin", "youssef", "yusuf", "yousef", "omar", "karim", "mustafa", "mehmet", "murat",
	"emre", "hamza", "ibrahim", "ismail", "khalid", "rachid", "rachida", "samir", "bilal", "ayoub",
	"anouar", "soufiane", "mehdi", "tarik", "driss", "abdel", "abdelkader", "abdullah", "abdelhak",
	"adil", "amin", "amine", "anas", "brahim", "hicham", "hakim", "jamal", "mounir", "mourad",
	"nordin", "redouan", "said", "younes", "zakaria", "ilias", "ilyas", "yassin", "yassine",
	"kemal", "osman", "orhan", "serkan", "burak", "can", "cem", "deniz", "erkan", "fatih", "hakan",
	"kadir", "onur", "ozan", "selim", "tolga", "volkan",
	"fatima", "fatma", "khadija", "aicha", "aisha", "ayse", "samira", "nadia", "naima", "yasmina",
	"yasmine", "salma", "meryem", "maryam", "zeynep", "emine", "hatice", "esra", "busra", "nour",
	"imane", "hanane", "latifa", "malika", "amina", "soumaya", "sevda", "dilan", "elif", "fadoua",
	"farida", "houda", "ikram", "karima", "leila", "layla", "loubna", "nawal", "rabia", "saida",
	"sanae", "siham", "touria", "zineb", "zohra", "asiye", "derya", "ebru", "gul", "gulsen",
	"hulya", "melek", "merve", "ozlem", "sibel", "songul", "tugba", "yasemin",
	// Surinamese, Antillean, Hindustani, other
	"rajesh", "ravi", "anil", "sunil", "priya", "shanti", "radjesh", "sharda", "reshma", "kiran",
	"ricardo", "sergio", "carlos", "jose", "juan", "miguel", "luis", "pedro", "angelo", "marlon",
	"glenn", "dwayne", "shirley", "gregory", "rudy", "priscilla", "jennifer", "jessica", "melissa",
	"natasha", "kofi", "kwame", "ama", "abena", "tomasz", "piotr", "krzysztof", "agnieszka",
	"katarzyna", "giovanni", "marco", "sofia", "olga", "irina", "natalia", "john",
	"james", "david", "daniel", "michael", "sarah", "emily", "jessica", "george", "william",
)
