package store

import (
	"testing"
	"time"
)

// A read of the whole library that began before a write through this store (or before another
// version was seen) keeps nothing: the cache never goes back to an older library.
func TestALibraryReadOvertakenByAWriteKeepsNothing(t *testing.T) {
	var c precedentCache
	c.observe(10)
	gen, began := c.gen, time.Now()
	c.invalidate() // a precedent written through this store meanwhile
	if _, kept := c.putLibrary(gen, began, 10, 1, 1, map[string]int64{"x": 1}); kept {
		t.Fatal("statistics read before the write were kept after it")
	}
	if c.complete || c.valid {
		t.Fatalf("the cache holds the old library: valid %v complete %v", c.valid, c.complete)
	}
	// Another version seen meanwhile: the same.
	c.observe(10)
	gen = c.gen
	c.observe(11)
	if _, kept := c.putLibrary(gen, began, 10, 1, 1, map[string]int64{"x": 1}); kept || c.version != 11 {
		t.Fatalf("version %d after an older read: want 11, nothing kept", c.version)
	}
	// Facts read after statistics the cache kept, but a reset between the two: not kept.
	gen = c.gen
	g2, kept := c.putLibrary(gen, began, 11, 1, 1, map[string]int64{"x": 1})
	if !kept {
		t.Fatal("statistics of the cache's own version not kept")
	}
	c.invalidate()
	c.putFacts(g2, nil)
	if c.allFacts {
		t.Fatal("facts read before a write were kept after it")
	}
}

// After a write through this store — even one that left the version as it was — the library is
// read again; while a read is under way no second one starts; a failed one is retried later.
func TestTheLibraryIsReadAgainAfterAReset(t *testing.T) {
	var c precedentCache
	if !c.startWarm() {
		t.Fatal("the first read does not start")
	}
	if c.startWarm() {
		t.Fatal("a second read starts while the first is under way")
	}
	c.endWarm(true)
	if c.startWarm() {
		t.Fatal("the library is read again without any change")
	}
	c.invalidate() // e.g. an import of unchanged records: same version
	if !c.startWarm() {
		t.Fatal("not read again after a write through this store")
	}
	c.endWarm(false)
	if c.startWarm() {
		t.Fatal("a failed read is retried at once")
	}
	c.retryAt = time.Now().Add(-time.Second)
	if !c.startWarm() {
		t.Fatal("a failed read is not retried later")
	}
}
