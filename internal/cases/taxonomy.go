package cases

// Category is a taxonomy code (domain.md §9).
type Category string

// Family groups categories: unwanted behaviour is split out from integrity violations because
// for it the reporter stays in control of what happens next.
type Family string

// The families.
const (
	FamilyUnwantedBehaviour Family = "UNWANTED_BEHAVIOUR"
	FamilyIntegrity         Family = "INTEGRITY"
)

// CategoryInfo describes one category.
type CategoryInfo struct {
	Code    Category
	Family  Family
	LabelNL string
	LabelEN string
}

// The default categories, in form order.
var categories = []CategoryInfo{
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

// Categories returns the categories in form order.
func Categories() []CategoryInfo {
	return append([]CategoryInfo(nil), categories...)
}

// LookupCategory returns the category with this code.
func LookupCategory(c Category) (CategoryInfo, bool) {
	for _, ci := range categories {
		if ci.Code == c {
			return ci, true
		}
	}
	return CategoryInfo{}, false
}
