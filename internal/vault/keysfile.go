package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"

	"github.com/utrecht/meldpunt/internal/atomicfile"
)

const (
	// fileVersion is the only keys file layout this package understands.
	fileVersion = 1
	// maxFileSize bounds what Load reads; a real keys file is about 1 KiB.
	maxFileSize = 1 << 20
)

// keysFile is the on-disk layout. The keysets stay raw JSON here so that
// Tink's own JSON keyset reader and writer handle them.
type keysFile struct {
	Version int             `json:"version"`
	KEK     json.RawMessage `json:"kek"`
	PRF     json.RawMessage `json:"prf"`
}

// Init generates new keys and writes them to a new keys file at path, mode
// 0600, creating the parent directory with mode 0700 if needed.
//
// Init never overwrites: replacing the keys of a running installation would
// make every stored case unreadable, so an existing file is an error and it
// is left to the operator to move it aside deliberately.
func Init(path string) error {
	kek, pk, err := newKeysets()
	if err != nil {
		return err
	}
	data, err := encodeKeysFile(kek, pk)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("vault: create directory for keys file: %w", err)
	}
	// Written whole and synced, then linked into place, which fails when the file exists: the
	// existence check and the creation are one atomic step, and a replica starting at the same
	// time never reads a half-written file.
	err = atomicfile.CreateNew(path, data, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("vault: keys file %s already exists; refusing to overwrite it, because "+
			"cases encrypted with it would become unreadable. Keep using it, or move it aside "+
			"yourself (and keep a copy) if you really mean to start over: %w", path, err)
	}
	if err != nil {
		return fmt.Errorf("vault: write keys file: %w", err)
	}
	return nil
}

func encodeKeysFile(kek, pk *keyset.Handle) ([]byte, error) {
	var kb, pb bytes.Buffer
	if err := insecurecleartextkeyset.Write(kek, keyset.NewJSONWriter(&kb)); err != nil {
		return nil, fmt.Errorf("vault: encode kek keyset: %w", err)
	}
	if err := insecurecleartextkeyset.Write(pk, keyset.NewJSONWriter(&pb)); err != nil {
		return nil, fmt.Errorf("vault: encode prf keyset: %w", err)
	}
	data, err := json.MarshalIndent(keysFile{Version: fileVersion, KEK: kb.Bytes(), PRF: pb.Bytes()}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("vault: encode keys file: %w", err)
	}
	return append(data, '\n'), nil
}

// Load reads the keys file at path. It refuses a file that group or others
// may read or write, since anyone who can read it can read every case — save a
// Kubernetes Secret's file, which root owns and the service's group may read
// (see modeAllowed).
func Load(path string) (*Vault, error) {
	data, err := readKeysFile(path)
	if err != nil {
		return nil, err
	}
	kek, pk, err := decodeKeysFile(data)
	if err == nil {
		var v *Vault
		if v, err = newVault(kek, pk); err == nil {
			return v, nil
		}
	}
	return nil, fmt.Errorf("%w (keys file %s)", err, path)
}

// readKeysFile reads the keys file at path after checking that it is a regular file that only
// its owner can access.
func readKeysFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("vault: keys file %s does not exist; create it once with `meldpunt keys init` "+
			"(and keep it outside the database and its backups): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: open keys file: %w", err)
	}
	defer f.Close()

	// Stat the open file, not the path, so the checked file is the one read.
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("vault: stat keys file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("vault: keys file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); !modeAllowed(perm, fileOwner(info)) {
		return nil, fmt.Errorf("vault: keys file %s has mode %04o, so group or others can access it; "+
			"it must be readable by the service user only: run `chmod 600 %s`", path, perm, path)
	}

	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("vault: read keys file: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("vault: keys file %s is larger than %d bytes; is it the right file?", path, maxFileSize)
	}
	return data, nil
}

// decodeKeysFile parses the file contents. Parse errors are reported without
// the underlying decoder messages, which could quote key material.
func decodeKeysFile(data []byte) (kek, pk *keyset.Handle, err error) {
	var kf keysFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil {
		return nil, nil, errors.New("vault: keys file is not valid JSON of the form {\"version\":1,\"kek\":{...},\"prf\":{...}}")
	}
	if kf.Version != fileVersion {
		return nil, nil, fmt.Errorf("vault: keys file has version %d; this build understands version %d", kf.Version, fileVersion)
	}
	if len(kf.KEK) == 0 || len(kf.PRF) == 0 {
		return nil, nil, errors.New("vault: keys file lacks the \"kek\" or \"prf\" keyset")
	}
	kek, err = insecurecleartextkeyset.Read(keyset.NewJSONReader(bytes.NewReader(kf.KEK)))
	if err != nil {
		return nil, nil, errors.New("vault: keys file: \"kek\" is not a valid Tink JSON keyset")
	}
	pk, err = insecurecleartextkeyset.Read(keyset.NewJSONReader(bytes.NewReader(kf.PRF)))
	if err != nil {
		return nil, nil, errors.New("vault: keys file: \"prf\" is not a valid Tink JSON keyset")
	}
	return kek, pk, nil
}
