package meldpuntv1

// APIVersion is the version of the API contract, written into the OpenAPI document's info.version
// by scripts/generate (internal/apidoc). Raise it with every change to the REST or gRPC contract:
// the minor number for additions, the major number for changes that break clients.
const APIVersion = "1.0.0"

// The licence the API document names (info.license). The project has no LICENSE file yet; the
// European Union Public Licence is what Dutch public bodies usually publish under. Change both
// here if the owner decides otherwise.
const (
	LicenseName = "EUPL-1.2"
	LicenseURL  = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
)
