package observe

import (
	"runtime"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
)

// BuildInfo is what the binary knows of how it was built.
type BuildInfo struct {
	GoVersion string
	Version   string // the main module's version: a tag, or "(devel)" for a local build
	Revision  string // the VCS revision, "" when built without VCS stamping (-buildvcs=false)
	Modified  bool   // built from a work tree with uncommitted changes
}

// ReadBuildInfo reads the build info embedded in the binary.
func ReadBuildInfo() BuildInfo {
	b := BuildInfo{GoVersion: runtime.Version(), Version: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = bi.GoVersion
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// newBuildInfoCollector is meldpunt_build_info: a constant 1 labelled with the build.
func newBuildInfoCollector() prometheus.Collector {
	b := ReadBuildInfo()
	modified := "false"
	if b.Modified {
		modified = "true"
	}
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help: "A constant 1 labelled with the Go version, the module version and the VCS revision of the binary.",
		ConstLabels: prometheus.Labels{
			"goversion": b.GoVersion, "version": b.Version, "revision": b.Revision, "modified": modified,
		},
	}, func() float64 { return 1 })
}
