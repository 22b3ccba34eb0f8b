// Package taxonomy holds the default codes of domain.md §9: the integrity categories and the
// discrimination grounds, with their Dutch and English labels (from the catalogue of names). It
// depends on nothing else, so that both the case lifecycle and the precedent library can use it.
package taxonomy

import "github.com/utrecht/meldpunt/internal/catalogue"

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
	{Code: "DISCRIMINATION", Family: FamilyUnwantedBehaviour},
	{Code: "SEXUAL_HARASSMENT", Family: FamilyUnwantedBehaviour},
	{Code: "AGGRESSION_VIOLENCE", Family: FamilyUnwantedBehaviour},
	{Code: "BULLYING", Family: FamilyUnwantedBehaviour},
	{Code: "INTIMIDATION", Family: FamilyUnwantedBehaviour},
	{Code: "UNWANTED_BEHAVIOUR_OTHER", Family: FamilyUnwantedBehaviour},
	{Code: "CORRUPTION", Family: FamilyIntegrity},
	{Code: "FRAUD_THEFT_EMBEZZLEMENT", Family: FamilyIntegrity},
	{Code: "GIFTS", Family: FamilyIntegrity},
	{Code: "CONFLICT_OF_INTEREST", Family: FamilyIntegrity},
	{Code: "MISUSE_OF_INFORMATION", Family: FamilyIntegrity},
	{Code: "ABUSE_OF_AUTHORITY", Family: FamilyIntegrity},
	{Code: "WASTE_POOR_PERFORMANCE", Family: FamilyIntegrity},
	{Code: "OFF_DUTY_MISCONDUCT", Family: FamilyIntegrity},
	{Code: "WRONGDOING", Family: FamilyIntegrity},
	{Code: "OTHER", Family: FamilyIntegrity},
}

// Discrimination grounds: the Dutch Equal Treatment Act and article 1 of the Constitution.
var grounds = []Item{
	{Code: "ORIGIN_ETHNICITY"},
	{Code: "SKIN_COLOUR"},
	{Code: "NATIONALITY"},
	{Code: "RELIGION"},
	{Code: "BELIEF"},
	{Code: "POLITICAL_OPINION"},
	{Code: "SEX"},
	{Code: "SEXUAL_ORIENTATION"},
	{Code: "GENDER_IDENTITY"},
	{Code: "DISABILITY_CHRONIC_ILLNESS"},
	{Code: "AGE"},
	{Code: "CIVIL_STATUS"},
	{Code: "WORKING_HOURS_CONTRACT"},
}

// Categories returns the categories in form order.
func Categories() []Item { return labelled(categories, catalogue.Category) }

// Grounds returns the discrimination grounds in form order.
func Grounds() []Item { return labelled(grounds, catalogue.Ground) }

// Category returns the category with this code.
func Category(code string) (Item, bool) { return find(Categories(), code) }

// Ground returns the discrimination ground with this code.
func Ground(code string) (Item, bool) { return find(Grounds(), code) }

// labelled gives items their names from the catalogue.
func labelled(items []Item, kind catalogue.Kind) []Item {
	out := append([]Item(nil), items...)
	for i := range out {
		out[i].LabelNL = catalogue.Name(kind, out[i].Code, "nl")
		out[i].LabelEN = catalogue.Name(kind, out[i].Code, "en")
	}
	return out
}

func find(items []Item, code string) (Item, bool) {
	for _, it := range items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}
