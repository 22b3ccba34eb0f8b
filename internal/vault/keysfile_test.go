package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

func initKeys(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secrets", "keys.json")
	if err := Init(path); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return path
}

func TestInitLoadRoundTrip(t *testing.T) {
	t.Parallel()
	path := initKeys(t)

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("keys file mode = %04o, want 0600", got)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := di.Mode().Perm(); got != 0o700 {
		t.Errorf("keys dir mode = %04o, want 0700", got)
	}

	// The file has the documented shape.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var shape map[string]json.RawMessage
	if err := json.Unmarshal(raw, &shape); err != nil {
		t.Fatalf("keys file is not JSON: %v", err)
	}
	if string(shape["version"]) != "1" || len(shape) != 3 || shape["kek"][0] != '{' || shape["prf"][0] != '{' {
		t.Errorf("keys file shape: got keys %v, version %s", len(shape), shape["version"])
	}

	// Two loads of the same file are the same keys: what one process
	// seals, the next one opens, and MACs agree.
	v1, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	v2, err := Load(path)
	if err != nil {
		t.Fatalf("Load again: %v", err)
	}
	wrapped, ck, err := v1.NewCaseKey("case-1")
	if err != nil {
		t.Fatal(err)
	}
	ct, err := ck.Seal("description", []byte("melding"))
	if err != nil {
		t.Fatal(err)
	}
	pt, err := unwrapAndOpen(v2, "case-1", wrapped, ct)
	if err != nil || string(pt) != "melding" {
		t.Errorf("open with reloaded vault = %q, %v", pt, err)
	}
	if !bytes.Equal(v1.MAC("p", []byte("x")), v2.MAC("p", []byte("x"))) {
		t.Error("MAC differs between loads of the same keys file")
	}
}

func TestInitRefusesOverwrite(t *testing.T) {
	t.Parallel()
	path := initKeys(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = Init(path)
	if err == nil {
		t.Fatal("second Init succeeded, want error")
	}
	if msg := err.Error(); !strings.Contains(msg, "already exists") || !strings.Contains(msg, "move it aside") {
		t.Errorf("error %q should say the file exists and what to do", msg)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("keys file changed after refused Init")
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	good := func(t *testing.T) string { return initKeys(t) }
	withMode := func(mode fs.FileMode) func(t *testing.T) string {
		return func(t *testing.T) string {
			path := initKeys(t)
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			return path
		}
	}
	withContent := func(content string) func(t *testing.T) string {
		return func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "keys.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}
	}
	tests := []struct {
		name    string
		setup   func(t *testing.T) string
		wantErr string // substring; "" means Load must succeed
	}{
		{"good", good, ""},
		{"owner read only", withMode(0o400), ""},
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope.json") }, "meldpunt keys init"},
		{"world readable", withMode(0o644), "chmod 600"},
		{"group readable", withMode(0o640), "chmod 600"},
		{"world writable", withMode(0o602), "chmod 600"},
		{"directory", func(t *testing.T) string { return t.TempDir() }, "not a regular file"},
		{"not json", withContent("kek=secret"), "not valid JSON"},
		{"unknown field", withContent(`{"version":1,"kek":{},"prf":{},"extra":1}`), "not valid JSON"},
		{"wrong version", withContent(`{"version":2,"kek":{},"prf":{}}`), "version 2"},
		{"missing prf", withContent(`{"version":1,"kek":{}}`), "lacks"},
		{"bad keyset", withContent(`{"version":1,"kek":{"key":"x"},"prf":{}}`), "not a valid Tink JSON keyset"},
		{"weak kek", keysWith(aead.AES128GCMKeyTemplate(), prf.HMACSHA256PRFKeyTemplate()), "kek keyset primary key has the wrong type"},
		{"wrong prf", keysWith(aead.AES256GCMKeyTemplate(), prf.HKDFSHA256PRFKeyTemplate()), "prf keyset primary key has the wrong type"},
		{"swapped keysets", keysWith(prf.HMACSHA256PRFKeyTemplate(), aead.AES256GCMKeyTemplate()), "wrong type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := tc.setup(t)
			v, err := Load(path)
			if tc.wantErr == "" {
				if err != nil || v == nil {
					t.Fatalf("Load = %v, %v; want success", v, err)
				}
				return
			}
			if err == nil {
				t.Fatal("Load succeeded, want error")
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Load error %q does not contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestLoadMissingWrapsErrNotExist(t *testing.T) {
	t.Parallel()
	_, err := Load(filepath.Join(t.TempDir(), "missing.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load error %v does not wrap fs.ErrNotExist", err)
	}
}

// keysWith returns a setup that writes a keys file whose keysets come from
// arbitrary templates, to check that Load insists on the expected key types.
func keysWith(kekT, prfT *tinkpb.KeyTemplate) func(t *testing.T) string {
	return func(t *testing.T) string {
		kek, err := keyset.NewHandle(kekT)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := keyset.NewHandle(prfT)
		if err != nil {
			t.Fatal(err)
		}
		data, err := encodeKeysFile(kek, pk)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "keys.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
}

// Errors from Load must not quote the key material they failed to parse.
func TestLoadErrorDoesNotLeakKeyMaterial(t *testing.T) {
	t.Parallel()
	kek, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := insecurecleartextkeyset.Write(kek, keyset.NewJSONWriter(&buf)); err != nil {
		t.Fatal(err)
	}
	var ks struct {
		Key []struct {
			KeyData struct {
				Value string `json:"value"`
			} `json:"keyData"`
		} `json:"key"`
	}
	if err := json.Unmarshal(buf.Bytes(), &ks); err != nil || len(ks.Key) == 0 {
		t.Fatalf("parse keyset json: %v", err)
	}
	secret := ks.Key[0].KeyData.Value
	// A file with a valid kek but a corrupt prf keyset that contains the
	// secret string in an unexpected place.
	content := `{"version":1,"kek":` + buf.String() + `,"prf":{"primaryKeyId":"` + secret + `"}}`
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if err == nil {
		t.Fatal("Load succeeded, want error")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("Load error leaks key material: %v", err)
	}
}
