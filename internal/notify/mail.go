package notify

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	texttemplate "text/template"
	"time"
)

// Subject is every notification's subject line: Dutch first, then English; no content.
const Subject = "Er staat iets voor u klaar in Meldpunt / Something is waiting for you in Meldpunt"

// mailData is all a template may show: the link, and — if the administrator allows it — the case
// reference; for a digest, a number.
type mailData struct {
	URL       string
	Reference string
	Digest    bool
	Count     int
}

var textMail = texttemplate.Must(texttemplate.New("text").Parse(`Goedendag,

{{if .Digest}}U heeft {{.Count}} termijn(en) die binnen 7 dagen verlopen of al verlopen zijn.{{else}}Er staat iets voor u klaar in Meldpunt.{{end}}
{{- if .Reference}} (zaak {{.Reference}}){{end}}
Meld u aan om het te bekijken: {{.URL}}

Dit bericht bevat bewust geen inhoud. U kunt instellen of en wanneer u deze berichten krijgt op
uw pagina in Meldpunt.

--

Hello,

{{if .Digest}}You have {{.Count}} deadline(s) due within 7 days or overdue.{{else}}Something is waiting for you in Meldpunt.{{end}}
{{- if .Reference}} (case {{.Reference}}){{end}}
Sign in to see it: {{.URL}}

This message deliberately carries no content. You choose whether and when you get these messages
on your page in Meldpunt.
`))

var htmlMail = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Meldpunt</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #000; background: #fff; margin: 0; padding: 24px;">
<div style="max-width: 560px; border-top: 6px solid #cc0000; padding-top: 16px;">
<p style="font-weight: bold; font-size: 20px; margin: 0 0 16px;">Gemeente Utrecht &middot; Meldpunt</p>
<p>Goedendag,</p>
<p>{{if .Digest}}U heeft {{.Count}} termijn(en) die binnen 7 dagen verlopen of al verlopen zijn.{{else}}Er staat iets voor u klaar in Meldpunt.{{end}}{{if .Reference}} (zaak {{.Reference}}){{end}}</p>
<p><a href="{{.URL}}" style="display: inline-block; background: #cc0000; color: #fff; padding: 10px 16px; text-decoration: none;">Naar Meldpunt</a></p>
<p style="color: #555; font-size: 14px;">Dit bericht bevat bewust geen inhoud. U kunt instellen of en wanneer u deze berichten krijgt op uw pagina in Meldpunt.</p>
<hr style="border: 0; border-top: 1px solid #ccc; margin: 24px 0;">
<div lang="en">
<p>Hello,</p>
<p>{{if .Digest}}You have {{.Count}} deadline(s) due within 7 days or overdue.{{else}}Something is waiting for you in Meldpunt.{{end}}{{if .Reference}} (case {{.Reference}}){{end}}</p>
<p><a href="{{.URL}}">Go to Meldpunt</a></p>
<p style="color: #555; font-size: 14px;">This message deliberately carries no content. You choose whether and when you get these messages on your page in Meldpunt.</p>
</div>
</div>
</body></html>
`))

// The reporter's "there is a reply": no category, names, text, reference or receipt code — that
// there is a reply, and the address of the reporter pages, where they sign in with their receipt
// code. In the reporter's language when it is Dutch or English, else in both.
var reporterSubjects = map[string]string{
	"nl": "Er is een antwoord voor u in Meldpunt",
	"en": "There is a reply for you in Meldpunt",
	"":   "Er is een antwoord voor u in Meldpunt / There is a reply for you in Meldpunt",
}

// reporterData is all a reporter's e-mail may show: the link, and which languages.
type reporterData struct {
	URL    string
	NL, EN bool
}

var reporterTextMail = texttemplate.Must(texttemplate.New("text").Parse(`{{if .NL}}Goedendag,

Er is een antwoord op uw melding in Meldpunt.
Lees het met uw ontvangstcode op: {{.URL}}

Dit bericht bevat bewust geen inhoud. U kunt uw e-mailadres wijzigen of verwijderen nadat u
met uw ontvangstcode bent ingelogd.
{{end}}{{if and .NL .EN}}
--

{{end}}{{if .EN}}Hello,

There is a reply to your report in Meldpunt.
Read it with your receipt code at: {{.URL}}

This message deliberately carries no content. You can change or remove your e-mail address
after signing in with your receipt code.
{{end}}`))

var reporterHTMLMail = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{if .NL}}nl{{else}}en{{end}}"><head><meta charset="utf-8"><title>Meldpunt</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #000; background: #fff; margin: 0; padding: 24px;">
<div style="max-width: 560px; border-top: 6px solid #cc0000; padding-top: 16px;">
<p style="font-weight: bold; font-size: 20px; margin: 0 0 16px;">Gemeente Utrecht &middot; Meldpunt</p>
{{- if .NL}}
<p>Goedendag,</p>
<p>Er is een antwoord op uw melding in Meldpunt. Lees het met uw ontvangstcode.</p>
<p><a href="{{.URL}}" style="display: inline-block; background: #cc0000; color: #fff; padding: 10px 16px; text-decoration: none;">Naar Meldpunt</a></p>
<p style="color: #555; font-size: 14px;">Dit bericht bevat bewust geen inhoud. U kunt uw e-mailadres wijzigen of verwijderen nadat u met uw ontvangstcode bent ingelogd.</p>
{{- end}}
{{- if and .NL .EN}}
<hr style="border: 0; border-top: 1px solid #ccc; margin: 24px 0;">
{{- end}}
{{- if .EN}}
<div lang="en">
<p>Hello,</p>
<p>There is a reply to your report in Meldpunt. Read it with your receipt code.</p>
<p><a href="{{.URL}}"{{if not .NL}} style="display: inline-block; background: #cc0000; color: #fff; padding: 10px 16px; text-decoration: none;"{{end}}>Go to Meldpunt</a></p>
<p style="color: #555; font-size: 14px;">This message deliberately carries no content. You can change or remove your e-mail address after signing in with your receipt code.</p>
</div>
{{- end}}
</div>
</body></html>
`))

// reporterLangs are the languages of a reporter's e-mail: theirs if Dutch or English, else both.
func reporterLangs(lang string) (key string, d reporterData) {
	switch lang {
	case "nl":
		return "nl", reporterData{NL: true}
	case "en":
		return "en", reporterData{EN: true}
	}
	return "", reporterData{NL: true, EN: true}
}

// compose renders the whole message (headers and a multipart/alternative body of plain text and
// HTML) for m. The only variable parts are the address, the date, the Message-ID, the link and,
// when allowed, the case reference.
//
// A reporter's message (KindReporterReply) links to reporterURL, in their language, and never
// shows the reference.
func compose(from string, m Outgoing, url, reporterURL string, withReference bool, now time.Time) ([]byte, error) {
	subject, language := Subject, "nl, en"
	var text, html bytes.Buffer
	if m.Kind == KindReporterReply {
		key, d := reporterLangs(m.Lang)
		d.URL = reporterURL
		subject, language = reporterSubjects[key], map[string]string{"nl": "nl", "en": "en", "": "nl, en"}[key]
		if err := reporterTextMail.Execute(&text, d); err != nil {
			return nil, err
		}
		if err := reporterHTMLMail.Execute(&html, d); err != nil {
			return nil, err
		}
	} else {
		d := mailData{URL: url, Digest: m.Kind == KindDigest, Count: m.Count}
		if withReference {
			d.Reference = m.CaseReference
		}
		if err := textMail.Execute(&text, d); err != nil {
			return nil, err
		}
		if err := htmlMail.Execute(&html, d); err != nil {
			return nil, err
		}
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct {
		typ string
		b   []byte
	}{{"text/plain; charset=utf-8", text.Bytes()}, {"text/html; charset=utf-8", html.Bytes()}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.typ}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write(part.b); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	var msg bytes.Buffer
	for _, h := range [][2]string{
		{"From", from},
		{"To", m.To},
		{"Subject", subject},
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", m.MessageID},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
		{"Content-Language", language},
		{"Content-Type", fmt.Sprintf("multipart/alternative; boundary=%q", mw.Boundary())},
	} {
		if strings.ContainsAny(h[1], "\r\n") {
			return nil, fmt.Errorf("header %s holds a line break", h[0])
		}
		fmt.Fprintf(&msg, "%s: %s\r\n", h[0], h[1])
	}
	msg.WriteString("\r\n")
	msg.Write(body.Bytes())
	return msg.Bytes(), nil
}
