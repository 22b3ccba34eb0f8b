// Package anonymize finds and removes personal data from the texts of a draft precedent
// (moresprudentie) before an HR officer reviews and publishes it.
//
// It is an aid, not a guarantee: the human review that follows is mandatory, and [Result]
// reports per kind how many findings were replaced so that the reviewer knows what to check.
// Every finding is replaced by a neutral Dutch placeholder in square brackets; the replaced value
// is never reported.
//
//	r := anonymize.Text(summary, anonymize.Known{Names: []string{"Jan de Vries"}})
//	// "Op 12 maart 2026 sprak J. de Vries met mevrouw Jansen."
//	// → "Op [datum] sprak [naam] met mevrouw [naam]."  r.Replacements: date 1, name 2
//
// Use [New] once per case when several texts (summary, considerations) share the same [Known].
//
// # What is detected
//
// Known names ([Known.Names]) → [naam]. Every given name and surname part is replaced on its
// own and together, whole words only ("Jan" not in "januari", "Bakker" not in "bakkerij"),
// ignoring case and diacritics ("Yilmaz" = "Yılmaz", "Muller" = "Müller"), with possessives
// ("Jans", "Jan's", "De Vries'"), hyphenated surnames and each of their parts, the name's own
// particles before a surname ("de Vries", "Van der Berg"), the surname as one word ("DeVries"),
// initials ("J.P. de Vries", "Müller, J.") and apostrophes ("'t Hart", "D'Souza"). Particles (tussenvoegsels such as "de", "van", "ter") are
// never replaced on their own. A name part that is also an ordinary word ("Ben", "Bakker",
// "Bos", "Roos", "Jan" as in "3 jan") is replaced only where it is capitalised, or in a name
// written all in lower case next to another part ("jan de vries"); "ik ben de boer" stays. Next
// to a known name, unknown name words go too: the surname after a known given name ("Jan
// Pietersen"), a capitalised word before a known surname that does not start a sentence ("met
// Piet de Vries"), the other part of a hyphenated surname ("De Vries-Jansen").
//
// Unknown names → [naam], only after a title or salutation (mevrouw, meneer, de heer, dhr., mw.,
// mevr., mr., dr., ing., Mr, Mrs, Ms …), after "collega", after "genaamd"/"heet"/"named",
// after a greeting at the start of a line ("Beste Sanne,") and under a closing ("Met
// vriendelijke groet,\nSanne Jansen"). One to four capitalised words with particles and
// initials; stop words (Gemeente, Utrecht, Team, Integriteit, weekdays, months, pronouns …) end
// the name. The title itself stays ("mevrouw [naam]"): it reads better and the reviewer decides.
// Without any title: a common given name (Dutch, Frisian, Moroccan, Turkish, Surinamese and
// others) followed by a surname ("Jan Jansen", "Jan van der Berg", "Fatima El Amrani",
// "Jan-Willem de Jong-Bakker"), and initials followed by a surname ("J. de Vries", "J.P.
// Bakker"; a single initial before a surname without particle only where a name can start, not
// in "vitamine D. Vervolgens"). A given name on its own stays.
//
// Employee numbers → [personeelsnummer]: the known ones anywhere, as whole numbers (one- and
// two-digit known numbers only after a label), and any number after a label (personeelsnummer,
// personeelsnr, pers.nr., pnr., medewerkernummer, werknemersnummer, employee number …), and a
// person referred to by role and number ("medewerker 10", "collega nr. 4521", "manager #3",
// "employee no. 17"; not a count: "manager 2 keer", "collega 3 weken").
//
// Contact data: e-mail addresses → [e-mail]; links starting with http://, https://, ftp:// or
// www. → [link]; social media handles ("@jandevries") → [account]; telephone numbers →
// [telefoonnummer] in all common Dutch forms (06-12345678, 06 1234 5678, +31 6 12345678, +31
// (0)6 12345678, 0031612345678, 030-2860000, (030) 286 00 00), international numbers with + or
// 00, and 0800/0900 numbers. The municipal number 14 030 (14 and an area code) and 112 are no
// personal data and stay.
//
// Dates → [datum]: 12-03-2026, 12/3/2026, 12.03.2026, 12-03-26, 2026-03-12, "12 maart 2026",
// "maandag 12 maart", "12 maart", "de 1e april", "op 3 jan.", "March 12, 2026", "the 12th of
// March", and a day and month in numbers after op/sinds/vanaf/per/tot/t/m/d.d./a weekday ("op
// 12/3"). A month with a year ("maart 2026") is replaced too: it is the simplest safe choice,
// and the precedent keeps its year in its own field. A year alone ("in 2026") and a month alone
// ("in maart") stay. Times of day → [tijd] ("om 14:30", "14.30 uur", "9u30", "2:30 pm", "om 9
// uur"), because a time with a date identifies an event; "8 uur per week", amounts ("12.50") and
// references ("artikel 2:13") stay.
//
// Organisation and places: the known small units ([Known.SmallUnits]) as whole phrases, ignoring
// case, diacritics and separators → [afdeling]; the known places ([Known.Places]) → [locatie],
// with a house number → [adres]; street addresses with a house number ("Oudegracht 245bis",
// "Burgemeester Reigerstraat 3") → [adres].
//
// Identifiers: postcodes (3511 AB, 3511AB) → [postcode]; IBANs, Dutch ones with or without
// spaces and others that pass the ISO 13616 check → [rekeningnummer]; BSNs (9 digits passing the
// elfproef, or 8–9 digits after "BSN"/"burgerservicenummer") → [bsn]; Dutch licence plates
// (side codes such as 12-ABC-3, XX-99-99) → [kenteken]; IPv4 addresses → [ip-adres]; Meldpunt
// case references (MP-7K3QX9AB) → [zaaknummer]; receipt codes (XXXXX-XXXXX-XXXXX-XXXXX) →
// [code]; any other stand-alone number of six or more digits (an unknown personnel, invoice or
// case number) → [nummer].
//
// When findings overlap, they are merged and the longest names the kind ("3 jan. 2026" is a
// date even if "Jan" is a known name); names separated only by a space or hyphen become one
// [naam].
//
// # What is not detected
//
// Unknown names without a title or any of the cues above ("Sanne en Karim waren erbij", an
// uncommon given name with a surname: "Marit Hoogland"),
// nicknames and diminutives ("Jantje"), other spellings ("Mueller" for "Müller"), a known
// surname's unknown given name at the start of a sentence, parts of a small unit ("het wijkteam
// in Overvecht" for "Wijkteam Overvecht"), addresses without a street suffix and house number,
// relative dates ("vorige week dinsdag"), dates in words ("de twaalfde"), times in words ("half
// 9"), phone numbers without separators inside a longer run of digits, and — above all —
// descriptions that identify someone without naming them ("de enige vrouwelijke handhaver van
// het team", gender, age, function, nationality). Conversely, ordinary words may be replaced:
// a capitalised common-word name at the start of a sentence ("Ben je er?" when Ben is known), a
// known number that is also a year, a department after "Jan van" ("Jan van Burgerzaken").
// Hence the human review.
//
// # Guarantees
//
// Text never panics, accepts any input including invalid UTF-8 (kept as it is), and is
// idempotent: placeholders are never changed, and Text repeats its detectors until they find
// nothing, so running it on its own output changes nothing and reports no replacements. It uses
// regular expressions only around words with digits, month names, "@", "://" and "www.", so a
// 5,000-character text with 20 known names takes about a millisecond.
package anonymize
