package serve

import (
	"html/template"
	"net/url"
	"slices"
	"strings"
)

// formField is one input of the form, as the templates draw it.
type formField struct {
	Name, Label, Hint, Value, Err, Any string
	Options                            []string
}

// protocolChoices are the protocols the form lists by name.
var protocolChoices = []string{"tcp", "udp", "icmp", "icmpv6"}

// templateFuncs are the helpers of the page's templates; they keep no
// state.
var templateFuncs = template.FuncMap{
	"field": func(d *pageData, name, label, hint string) formField {
		f := formField{Name: name, Label: d.L.T(label), Value: d.S.form.Get(name), Err: d.S.errs[name]}
		if hint != "" {
			f.Hint = d.L.T(hint)
		}
		return f
	},
	"fieldErr": func(d *pageData, name string) formField { return formField{Name: name, Err: d.S.errs[name]} },
	"choice": func(d *pageData, name, label string, options []string) formField {
		return formField{Name: name, Label: d.L.T(label), Value: d.S.form.Get(name), Err: d.S.errs[name],
			Options: options, Any: d.L.T("any")}
	},
	"protocols":  func() []string { return protocolChoices },
	"upper":      strings.ToUpper,
	"isProtocol": func(p string) bool { return slices.Contains(protocolChoices, p) },
	"has":        func(list []string, v string) bool { return slices.Contains(list, v) },
}

// The search as the templates read it.

func (s *search) Errs() map[string]string { return s.errs }
func (s *search) Form() url.Values        { return s.form }
func (s *search) Query() string           { return s.query }
func (s *search) Command() string         { return s.command() }
func (s *search) Link(path string, set ...string) string {
	return s.link(path, set...)
}

// TZName is the zone the search uses.
func (s *search) TZName() string {
	if s.tz == nil {
		return "UTC"
	}
	return s.tz.String()
}
