package vault

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse backs the claim that a *Vault and a *CaseKey need no
// locking; run it with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	_, shared, err := v.NewCaseKey("shared")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			id := fmt.Sprintf("case-%d", i)
			for range 50 {
				wrapped, ck, err := v.NewCaseKey(id)
				if err != nil {
					errs <- err
					return
				}
				ct, err := ck.Seal("f", []byte(id))
				if err == nil {
					ck, err = v.OpenCaseKey(id, wrapped)
				}
				if err == nil {
					_, err = ck.Open("f", ct)
				}
				if err == nil {
					_, err = shared.Seal("f", []byte(id))
				}
				if err != nil {
					errs <- err
					return
				}
				_ = v.MAC("p", []byte(id))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkNewCaseKeySeal measures the hot path of filing a report: a fresh
// case key, its wrapped form, and one sealed field.
func BenchmarkNewCaseKeySeal(b *testing.B) {
	v := newTestVault(b)
	msg := bytes.Repeat([]byte("x"), 1024)
	b.ReportAllocs()
	for b.Loop() {
		_, ck, err := v.NewCaseKey("0190c5e2-7b7a-7c4e-9a6c-3f2d1e0b9a87")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ck.Seal("description", msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenCaseKeyOpen measures reading a field of a stored case.
func BenchmarkOpenCaseKeyOpen(b *testing.B) {
	v := newTestVault(b)
	const id = "0190c5e2-7b7a-7c4e-9a6c-3f2d1e0b9a87"
	wrapped, ck, err := v.NewCaseKey(id)
	if err != nil {
		b.Fatal(err)
	}
	ct, err := ck.Seal("description", bytes.Repeat([]byte("x"), 1024))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ck, err := v.OpenCaseKey(id, wrapped)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ck.Open("description", ct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMAC(b *testing.B) {
	v := newTestVault(b)
	data := []byte("ABCDE12345FGHJK67890")
	b.ReportAllocs()
	for b.Loop() {
		_ = v.MAC("receipt-code", data)
	}
}
