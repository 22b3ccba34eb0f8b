//go:build unix

package main

import "syscall"

// restrictUmask makes every file and directory the process creates (database, evidence
// temporaries, key backups, exports) readable by its owner only, whatever the caller's umask.
func restrictUmask() { syscall.Umask(0o077) }
