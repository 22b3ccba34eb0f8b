package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// sealAudit makes st seal the audit events the command writes, as the service does, under the
// keys file's keyed hash. Commands that need no keys otherwise still run without a keys file (a
// local try-out before the first `serve --dev`): their events are then written unsealed, with a
// warning, and a verification of the trail reports them as unsealed. A keys file that does not
// belong to the database is refused: its seals would later verify as altered events.
func sealAudit(ctx context.Context, cfg *config.Config, st *store.Store, stderr io.Writer) error {
	v, err := vault.Load(cfg.KeysFile)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "warning: no keys file at %s: the audit events of this command are written unsealed (give --keys-file)\n", cfg.KeysFile)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w (audit events are sealed with the service's keys: give its --keys-file)", err)
	}
	if err := checkKeys(ctx, st, v, cfg.KeysFile); err != nil {
		return err
	}
	st.SetAuditSealer(audit.SealerFrom(v))
	return nil
}
