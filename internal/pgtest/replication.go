package pgtest

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// This file gives tests the other PostgreSQL programs of the installed server — to dump and
// restore a database, and to make a streaming standby of a cluster from StartCluster and promote
// it — from the same binaries as the server, so that client and server versions match.

// Tool returns the path of the PostgreSQL program name (pg_dump, pg_restore, psql, ...) that
// comes with the server binaries StartCluster uses. Client programs such as pg_dump and
// pg_restore may run as any user; BaseBackup and Promote run theirs as the cluster's owner.
func Tool(name string) (string, error) {
	bin, err := findBinDir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(bin, name)
	if !isExecutable(p) {
		return "", fmt.Errorf("no %s next to the server binaries in %s", name, bin)
	}
	return p, nil
}

// BaseBackup makes dir/data a copy of the running cluster at primaryDSN (a URL from StartCluster)
// that starts as its streaming standby: pg_basebackup -R writes standby.signal and a
// primary_conninfo that carries appName as the standby's application_name (the name the
// primary's synchronous_standby_names knows it by), -X stream copies the WAL written during the
// copy, and with slot set the standby streams through that physical replication slot (which must
// exist on the primary). Everything the primary has in postgresql.auto.conf (ALTER SYSTEM) comes
// along. dir is made as StartCluster makes it; start the standby with StartCluster(dir, port).
func BaseBackup(dir, primaryDSN, appName, slot string) error {
	tool, err := Tool("pg_basebackup")
	if err != nil {
		return err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	asRoot, err := clusterDir(dir)
	if err != nil {
		return err
	}
	u, err := url.Parse(primaryDSN)
	if err != nil {
		return fmt.Errorf("primary DSN: %v", err)
	}
	q := u.Query()
	q.Set("application_name", appName)
	u.RawQuery = q.Encode()
	args := []string{tool, "-D", filepath.Join(dir, "data"), "-d", u.String(), "-R", "-X", "stream",
		"-c", "fast", "--no-password"}
	if slot != "" {
		args = append(args, "-S", slot)
	}
	if out, err := run(asRoot, args...); err != nil {
		return fmt.Errorf("pg_basebackup: %v\n%s", err, out)
	}
	return nil
}

// Promote turns the standby in dir (a cluster started with StartCluster) into a primary with
// pg_ctl promote and returns once it accepts writes.
func Promote(dir string) error {
	pgctl, err := Tool("pg_ctl")
	if err != nil {
		return err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	if out, err := run(os.Geteuid() == 0, pgctl, "-D", filepath.Join(dir, "data"), "-w", "-t", "60", "promote"); err != nil {
		return fmt.Errorf("pg_ctl promote: %v\n%s", err, out)
	}
	return nil
}
