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

// compose renders the whole message (headers and a multipart/alternative body of plain text and
// HTML) for m. The only variable parts are the address, the date, the Message-ID, the link and,
// when allowed, the case reference.
func compose(from string, m Outgoing, url string, withReference bool, now time.Time) ([]byte, error) {
	d := mailData{URL: url, Digest: m.Kind == KindDigest, Count: m.Count}
	if withReference {
		d.Reference = m.CaseReference
	}
	var text, html bytes.Buffer
	if err := textMail.Execute(&text, d); err != nil {
		return nil, err
	}
	if err := htmlMail.Execute(&html, d); err != nil {
		return nil, err
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
		{"Subject", Subject},
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", m.MessageID},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
		{"Content-Language", "nl, en"},
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
