// Package version says which ccnet this is.
package version

import "runtime/debug"

// Version is the release; builds from a checkout add the VCS revision.
var Version = "0.1.0-dev"

// String is Version plus the VCS revision when the build recorded one.
func String() string {
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return v
}

// BeamSDK is the Apache Beam Go SDK version ccnet is built and tested with.
const BeamSDK = "2.77.0"
