package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// base64Run finds stretches of base64 text, the form key material takes in a Tink JSON keyset.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/=_-]{16,}`)

// FuzzKeysFile checks that the keys file never panics the decoder; that an error never quotes the
// file (it could quote key material); and that keys it accepts seal a case key and open it again.
func FuzzKeysFile(f *testing.F) {
	path := filepath.Join(f.TempDir(), "keys.json")
	if err := Init(path); err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 2`), 1))
	f.Add(bytes.Replace(good, []byte(`"prf"`), []byte(`"kek2"`), 1))
	f.Add([]byte(`{"version":1,"kek":{"primaryKeyId":1,"key":[]},"prf":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8<<10 {
			return
		}
		kek, pk, err := decodeKeysFile(data)
		var v *Vault
		if err == nil {
			v, err = newVault(kek, pk)
		}
		if err != nil {
			msg := err.Error()
			for _, run := range base64Run.FindAllString(string(data), -1) {
				for i := 0; i+16 <= len(run); i++ {
					if strings.Contains(msg, run[i:i+16]) {
						t.Fatalf("the error %q quotes the file (%q)", msg, run[i:i+16])
					}
				}
			}
			return
		}
		wrapped, ck, err := v.NewCaseKey("case-1")
		if err != nil {
			t.Fatalf("accepted keys cannot make a case key: %v", err)
		}
		sealed, err := ck.Seal("field", []byte("inhoud"))
		if err != nil {
			t.Fatal(err)
		}
		again, err := v.OpenCaseKey("case-1", wrapped)
		if err != nil {
			t.Fatalf("accepted keys cannot open their own case key: %v", err)
		}
		if plain, err := again.Open("field", sealed); err != nil || string(plain) != "inhoud" {
			t.Fatalf("open: %q, %v", plain, err)
		}
	})
}
