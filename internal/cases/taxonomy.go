package cases

import "github.com/utrecht/meldpunt/internal/taxonomy"

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

// The default categories, in form order (internal/taxonomy).
var categories = func() []CategoryInfo {
	var out []CategoryInfo
	for _, it := range taxonomy.Categories() {
		out = append(out, CategoryInfo{Category(it.Code), Family(it.Family), it.LabelNL, it.LabelEN})
	}
	return out
}()

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
