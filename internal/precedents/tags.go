package precedents

import "strings"

// Tag is a structured feature with its weight in the similarity of two cases. The weights say
// what makes cases comparable for sanctioning: the kind of conduct (category) and the norm broken
// weigh most, the discrimination ground next, each circumstance least.
type Tag struct {
	Name   string
	Weight int
}

// Tag weights.
const (
	WeightCategory     = 3
	WeightNorm         = 3
	WeightGround       = 2
	WeightCircumstance = 1
)

// Features are the structured facts of a precedent or a query.
type Features struct {
	Category    string
	Grounds     []string
	Norms       []string
	Aggravating []string
	Mitigating  []string
}

// Tags returns the weighted tags of f.
func (f Features) Tags() []Tag {
	var tags []Tag
	if f.Category != "" {
		tags = append(tags, Tag{"cat:" + f.Category, WeightCategory})
	}
	for _, n := range f.Norms {
		tags = append(tags, Tag{"norm:" + strings.ToUpper(n), WeightNorm})
	}
	for _, g := range f.Grounds {
		tags = append(tags, Tag{"ground:" + g, WeightGround})
	}
	for _, c := range f.Aggravating {
		tags = append(tags, Tag{"agg:" + c, WeightCircumstance})
	}
	for _, c := range f.Mitigating {
		tags = append(tags, Tag{"mit:" + c, WeightCircumstance})
	}
	return dedupeTags(tags)
}

func dedupeTags(tags []Tag) []Tag {
	seen := map[string]bool{}
	out := tags[:0]
	for _, t := range tags {
		if !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t)
		}
	}
	return out
}

// Tags returns the weighted tags of the record's structured facts: what the library indexes it by.
func (r Record) Tags() []Tag { return r.features().Tags() }

func (r Record) features() Features {
	return Features{Category: r.Category, Grounds: r.Grounds, Norms: r.Norms, Aggravating: r.Aggravating, Mitigating: r.Mitigating}
}

// Similarity is the weighted Dice coefficient of two tag sets: twice the weight they share over
// the weight of both, 0 when nothing is shared, 1 when they are the same.
func Similarity(a, b []Tag) (float64, []string) {
	wa, wb, shared := 0, 0, 0
	in := make(map[string]int, len(b))
	for _, t := range b {
		in[t.Name] = t.Weight
		wb += t.Weight
	}
	var names []string
	for _, t := range a {
		wa += t.Weight
		if _, ok := in[t.Name]; ok {
			shared += t.Weight
			names = append(names, t.Name)
		}
	}
	if wa+wb == 0 {
		return 0, nil
	}
	return 2 * float64(shared) / float64(wa+wb), names
}
