package staffweb

// For the external tests, which need the transport's mapping (and the transport imports this
// package).
var (
	LibErrorLines = libErrorLines
	RefusalTexts  = func(lang string, err error) []string {
		var out []string
		for _, p := range refusalProblems(lang, err) {
			out = append(out, p.Text)
		}
		return out
	}
)
