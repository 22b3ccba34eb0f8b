// Package taxonomy holds the default codes of domain.md §9: the integrity categories and the
// discrimination grounds, with their Dutch and English labels. It depends on nothing, so that
// both the case lifecycle and the precedent library can use it.
package taxonomy

// Families group categories: unwanted behaviour is split out from integrity violations because
// for it the reporter stays in control of what happens next.
const (
	FamilyUnwantedBehaviour = "UNWANTED_BEHAVIOUR"
	FamilyIntegrity         = "INTEGRITY"
)

// Item is one code with its labels.
type Item struct {
	Code    string
	Family  string // categories only
	LabelNL string
	LabelEN string
}

var categories = []Item{
	{"DISCRIMINATION", FamilyUnwantedBehaviour, "Discriminatie", "Discrimination"},
	{"SEXUAL_HARASSMENT", FamilyUnwantedBehaviour, "Seksuele intimidatie", "Sexual harassment"},
	{"AGGRESSION_VIOLENCE", FamilyUnwantedBehaviour, "Agressie en geweld", "Aggression and violence"},
	{"BULLYING", FamilyUnwantedBehaviour, "Pesten", "Bullying"},
	{"INTIMIDATION", FamilyUnwantedBehaviour, "Intimidatie", "Intimidation"},
	{"UNWANTED_BEHAVIOUR_OTHER", FamilyUnwantedBehaviour, "Ander ongewenst gedrag", "Other unwanted behaviour"},
	{"CORRUPTION", FamilyIntegrity, "Corruptie", "Corruption"},
	{"FRAUD_THEFT_EMBEZZLEMENT", FamilyIntegrity, "Fraude, diefstal en verduistering", "Fraud, theft and embezzlement"},
	{"GIFTS", FamilyIntegrity, "Geschenken en giften", "Gifts"},
	{"CONFLICT_OF_INTEREST", FamilyIntegrity, "Belangenverstrengeling en onverenigbare functies", "Conflicts of interest and incompatible positions"},
	{"MISUSE_OF_INFORMATION", FamilyIntegrity, "Misbruik van informatie", "Misuse of information"},
	{"ABUSE_OF_AUTHORITY", FamilyIntegrity, "Misbruik van bevoegdheden", "Abuse of authority"},
	{"WASTE_POOR_PERFORMANCE", FamilyIntegrity, "Verspilling en wanprestatie", "Waste and poor performance"},
	{"OFF_DUTY_MISCONDUCT", FamilyIntegrity, "Misdragingen in de privésfeer", "Off-duty misconduct"},
	{"WRONGDOING", FamilyIntegrity, "Misstand (Wet bescherming klokkenluiders)", "Wrongdoing of public interest (Whistleblowers Act)"},
	{"OTHER", FamilyIntegrity, "Overig", "Other"},
}

// Discrimination grounds: the Dutch Equal Treatment Act and article 1 of the Constitution.
var grounds = []Item{
	{"ORIGIN_ETHNICITY", "", "Afkomst of etniciteit", "Origin or ethnicity"},
	{"SKIN_COLOUR", "", "Huidskleur", "Skin colour"},
	{"NATIONALITY", "", "Nationaliteit", "Nationality"},
	{"RELIGION", "", "Godsdienst", "Religion"},
	{"BELIEF", "", "Levensovertuiging", "Belief"},
	{"POLITICAL_OPINION", "", "Politieke gezindheid", "Political opinion"},
	{"SEX", "", "Geslacht", "Sex"},
	{"SEXUAL_ORIENTATION", "", "Seksuele gerichtheid", "Sexual orientation"},
	{"GENDER_IDENTITY", "", "Genderidentiteit of -expressie", "Gender identity or expression"},
	{"DISABILITY_CHRONIC_ILLNESS", "", "Handicap of chronische ziekte", "Disability or chronic illness"},
	{"AGE", "", "Leeftijd", "Age"},
	{"CIVIL_STATUS", "", "Burgerlijke staat", "Civil status"},
	{"WORKING_HOURS_CONTRACT", "", "Arbeidsduur of soort contract", "Working hours or contract type"},
}

// Categories returns the categories in form order.
func Categories() []Item { return append([]Item(nil), categories...) }

// Grounds returns the discrimination grounds in form order.
func Grounds() []Item { return append([]Item(nil), grounds...) }

// Category returns the category with this code.
func Category(code string) (Item, bool) { return find(categories, code) }

// Ground returns the discrimination ground with this code.
func Ground(code string) (Item, bool) { return find(grounds, code) }

func find(items []Item, code string) (Item, bool) {
	for _, it := range items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}
