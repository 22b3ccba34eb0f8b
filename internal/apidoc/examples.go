package apidoc

import (
	"strings"
)

// exampler makes examples from the schemas: for each field a value of its type, taken by the
// field's name from a small set of demo content in Dutch (no real people), so that an example is
// valid against its schema by construction and reads like a real case.
type exampler struct {
	schemas obj
	request bool // leave out readOnly fields (in a request) or writeOnly ones (in an answer)
}

func newExampler(schemas obj) *exampler { return &exampler{schemas: schemas} }

// demo content by field name (lower case).
var demoStrings = map[string]string{
	"description": "Tijdens het werkoverleg maakt een teamleider regelmatig kleinerende opmerkingen over " +
		"collega's met een migratieachtergrond. Anderen lachen mee of zwijgen.",
	"occurredwhen":          "Sinds september, meestal in het werkoverleg op dinsdagochtend",
	"occurredwhere":         "Stadskantoor, afdeling Vergunningen, 6e verdieping",
	"desiredoutcome":        "Dat de opmerkingen stoppen en dat er een gesprek met de teamleider komt.",
	"subjects":              "Teamleider van de afdeling Vergunningen",
	"witnesses":             "Twee collega's van het team Vergunningen",
	"text":                  "Dank voor uw melding. Wij nemen binnen vijf werkdagen contact met u op over de vervolgstappen.",
	"body":                  "Dank voor uw melding. Wij nemen binnen vijf werkdagen contact met u op over de vervolgstappen.",
	"message":               "Dank voor uw melding. Wij nemen binnen vijf werkdagen contact met u op over de vervolgstappen.",
	"notes":                 "Gesprek gevoerd op het stadskantoor; de melder wil eerst advies voordat er stappen volgen.",
	"summary":               "Kleinerende opmerkingen in het werkoverleg; melder wil dat het stopt.",
	"reason":                "Melder heeft afgezien van verdere stappen na het adviesgesprek.",
	"findings":              "De opmerkingen zijn door drie getuigen bevestigd; de gedragscode is geschonden.",
	"name":                  "Vertrouwenspersoon Noord",
	"advisername":           "Vertrouwenspersoon Noord",
	"outcome":               "RESOLVED_INFORMALLY",
	"contact":               "vertrouwenspersoon.noord@voorbeeld.nl",
	"department":            "Afdeling Vergunningen",
	"displayname":           "Vertrouwenspersoon Noord",
	"title":                 "Kleinerende opmerkingen in het werkoverleg",
	"email":                 "melder@voorbeeld.nl",
	"phone":                 "030 000 0000",
	"casereference":         "MP-7K3Q9XWD",
	"reference":             "MP-7K3Q9XWD",
	"receiptcode":           "K7QM3-XWD9P-TR2VH-C4N8B",
	"sessiontoken":          "mps_Zb7TnY1xVfK8cW0pLr5uHd9eJ4sGaQ",
	"idempotencykey":        "3f6c2a1e-8b4d-4f7a-9c2e-5d1b7a9e0c43",
	"subject":               "demo-intake-1",
	"role":                  "intake",
	"pagetoken":             "",
	"nextpagetoken":         "",
	"filename":              "verslag-gesprek.pdf",
	"contenttype":           "application/pdf",
	"sha256":                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	"unit":                  "Afdeling Vergunningen",
	"unitscsv":              "code,naam,bovenliggend\nVERG,Afdeling Vergunningen,STAD\n",
	"format":                "csv",
	"query":                 "Vergunningen",
	"aggravating":           "Herhaald gedrag ondanks een eerdere waarschuwing",
	"mitigating":            "Betrokkene heeft het gedrag erkend en excuses aangeboden",
	"sanction":              "Schriftelijke berisping",
	"proposedsanction":      "Schriftelijke berisping",
	"qualification":         "Plichtsverzuim",
	"category":              "ongewenst gedrag",
	"discriminationgrounds": "afkomst",
	"language":              "nl",
	"languages":             "nl",
	"norm":                  "Gedragscode, artikel 3: wij gaan respectvol met elkaar om",
	"norms":                 "Gedragscode, artikel 3: wij gaan respectvol met elkaar om",
	"considerations":        "De opmerkingen zijn door meerdere getuigen bevestigd en passen in een patroon.",
	"reasoning":             "De opmerkingen zijn door meerdere getuigen bevestigd en passen in een patroon.",
	"rationale":             "De opmerkingen zijn door meerdere getuigen bevestigd en passen in een patroon.",
	"explanation":           "De opmerkingen zijn door meerdere getuigen bevestigd en passen in een patroon.",
	"origin":                "Anonieme melding via het webformulier",
	"sourceorganisation":    "Gemeente Voorbeeldstad",
	"organisation":          "Gemeente Voorbeeldstad",
	"intro":                 "Ik ben vertrouwenspersoon voor alle medewerkers en luister zonder oordeel.",
	"photourl":              "/static/advisers/noord.jpg",
	"returnremark":          "Graag de afdeling weglaten voordat dit wordt gepubliceerd.",
	"advicegiven":           "Melder geadviseerd eerst zelf het gesprek aan te gaan, met ondersteuning.",
	"nextstep":              "Vervolggesprek over twee weken.",
	"topics":                "ongewenst gedrag",
	"interviewee":           "Getuige 1 (afdeling Vergunningen)",
	"interviewer":           "demo-manager-1",
	"loggedby":              "demo-adviser-1",
	"uploadedby":            "demo-manager-1",
	"startedby":             "demo-manager-1",
	"decidedby":             "demo-manager-1",
	"staffsubject":          "demo-intake-1",
	"minutes":               "Getuige bevestigt dat de opmerkingen in het werkoverleg van 3 november zijn gemaakt.",
	"mediatype":             "application/pdf",
	"questions":             "Wat heeft u gezien of gehoord tijdens het werkoverleg?",
	"scope":                 "Alle medewerkers van de gemeente",
	"team":                  "Integriteitsteam",
	"verdict":               "gegrond",
	"effectivedate":         "2026-01-01",
	"unitcode":              "VERG",
	"codes":                 "VERG",
	"action":                "case.acknowledged",
	"actorkind":             "staff",
	"fields":                "description",
}

// forRequest returns an example request body for a schema (or $ref).
func (e *exampler) forRequest(s any) any {
	e.request = true
	return e.value(s, "", "", 0, map[string]bool{})
}

// forAnswer returns an example answer for a schema (or $ref).
func (e *exampler) forAnswer(s any) any {
	e.request = false
	return e.value(s, "", "", 0, map[string]bool{})
}

// demoIn is demo content for a field of one schema ("schema.field", lower case), before demoStrings.
var demoIn = map[string]string{
	"deadline.kind":               "acknowledgement",
	"deadline.description":        "Receipt is acknowledged within 7 days.",
	"reporteridentity.name":       "A. Voorbeeld",
	"reporteridentity.contact":    "a.voorbeeld@voorbeeld.nl",
	"reporteridentity.department": "Afdeling Vergunningen",
}

// omitIn leaves fields out of a schema's example where a value would tell a different story (an
// anonymous report names no one).
var omitIn = map[string]bool{
	"filereportrequest.identity":  true,
	"filereportrequest.adviserid": true,
}

func (e *exampler) value(s any, field, owner string, depth int, stack map[string]bool) any {
	m, _ := s.(obj)
	if m == nil {
		return nil
	}
	if ref, ok := m["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		if stack[name] || depth > 6 {
			return nil
		}
		stack[name] = true
		defer delete(stack, name)
		return e.value(e.schemas[name], field, strings.ToLower(name), depth+1, stack)
	}
	if all, ok := m["allOf"].([]any); ok && len(all) > 0 {
		return e.value(all[0], field, owner, depth, stack)
	}
	if enum, ok := m["enum"].([]any); ok && len(enum) > 0 {
		for _, v := range enum {
			if s, ok := v.(string); ok && !strings.HasSuffix(s, "_UNSPECIFIED") {
				return s
			}
		}
		return enum[0]
	}
	typ, _ := m["type"].(string)
	format, _ := m["format"].(string)
	lname := strings.ToLower(field)
	if d, ok := demoIn[owner+"."+lname]; ok && typ == "string" {
		return d
	}
	switch typ {
	case "object", "":
		props, _ := m["properties"].(obj)
		out := obj{}
		for _, k := range sortedKeys(props) {
			if omitIn[owner+"."+strings.ToLower(k)] {
				continue
			}
			if p, _ := props[k].(obj); p != nil && (e.request && p["readOnly"] == true || !e.request && p["writeOnly"] == true) {
				continue
			}
			v := e.value(props[k], k, owner, depth+1, stack)
			if v != nil {
				out[k] = v
			}
		}
		if ap, ok := m["additionalProperties"].(obj); ok && len(props) == 0 {
			if v := e.value(ap, field, owner, depth+1, stack); v != nil {
				out["voorbeeld"] = v
			}
		}
		if typ == "" && len(out) == 0 {
			return nil
		}
		return out
	case "array":
		v := e.value(m["items"], field, owner, depth+1, stack)
		if v == nil {
			return []any{}
		}
		return []any{v}
	case "boolean":
		return false
	case "integer":
		switch {
		case lname == "year" || strings.HasSuffix(lname, "year"):
			return 2026
		case lname == "pagesize":
			return 20
		}
		return 3
	case "number":
		return 1.5
	case "string":
		switch format {
		case "date-time":
			return "2026-11-03T09:30:00Z"
		case "date":
			return "2026-11-03"
		case "bytes", "byte":
			return "JVBERi0xLjcK"
		case "int64", "uint64":
			if lname == "year" {
				return "2026"
			}
			return "3"
		}
		if s, ok := demoStrings[lname]; ok {
			return s
		}
		switch {
		case strings.HasSuffix(lname, "reference"):
			return "MP-7K3Q9XWD"
		case lname == "id" || strings.HasSuffix(lname, "id"):
			return "01JD8Z6Q4W3X2V1T0S9R8Q7P6N"
		case strings.HasSuffix(lname, "at") || strings.HasSuffix(lname, "time"):
			return "2026-11-03T09:30:00Z"
		case strings.HasSuffix(lname, "duration") || strings.HasSuffix(lname, "delay"):
			return "30s"
		case strings.HasSuffix(lname, "version"):
			return "3"
		}
		return "voorbeeld"
	}
	return nil
}
