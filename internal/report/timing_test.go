package report

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// Protection time of many editions, for the README's figures (skipped unless asked for):
//
//	MELDPUNT_TIME_EDITIONS=10 go test ./internal/report -run TestTimeManyEditions -v -timeout 60m
//
// For organisations of 40 and 300 reports: that many editions of one year, each 1 to 5 new
// reports after the one before, then three years of 4 editions each (each year's comparison
// repeating the earlier years' last editions). It logs the time of each edition.
func TestTimeManyEditions(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MELDPUNT_TIME_EDITIONS"))
	if n <= 0 {
		t.Skip("set MELDPUNT_TIME_EDITIONS")
	}
	for _, size := range []int{40, 300} {
		rng := rand.New(rand.NewPCG(uint64(size), 9))
		raw, years := genOrg(rng, size, 2026)
		var earlier []Edition
		for e := range n {
			if e > 0 {
				raw, years = nextEdition(rng, raw, years, 1+rng.IntN(5))
			}
			st := time.Now()
			r, truth := BuildEdition(raw, years, 5, "Gemeente", now, Known{Earlier: slices.Clone(earlier)})
			t.Logf("%d reports, edition %d of one year: %v", size, e+1, time.Since(st).Round(time.Millisecond))
			earlier = append(earlier, Edition{Key: EditionKey(e + 1), Published: r, Truth: truth})
		}
		finals := map[int]Report{}
		var prev []YearRaw
		for y := 2024; y <= 2026; y++ {
			raw, years := genOrg(rng, size, y)
			if prev != nil {
				years = append(append([]YearRaw(nil), prev[1:]...), years[len(years)-1])
			}
			var earlier []Edition
			for e := range 4 {
				if e > 0 {
					raw, years = nextEdition(rng, raw, years, 1+rng.IntN(5))
				}
				st := time.Now()
				r, truth := BuildEdition(raw, years, 5, "Gemeente", now, Known{Earlier: slices.Clone(earlier), Finals: finals})
				t.Logf("%d reports, %d edition %d: %v", size, y, e+1, time.Since(st).Round(time.Millisecond))
				earlier = append(earlier, Edition{Key: EditionKey(e + 1), Published: r, Truth: truth})
			}
			finals[y] = earlier[len(earlier)-1].Published
			prev = years
		}
	}
}
