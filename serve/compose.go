package serve

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/flowq/flowq/filter"
	"github.com/flowq/flowq/flowlog"
)

// compose turns the form into one filter in flowq's language: the form's
// fields and the advanced box joined with and. The advanced box knows
// the derived fields of schema (enrichment) too.
func (s *search) compose(l lang, schema *flowlog.Schema) {
	opts := filter.Options{Location: s.tz, Schema: schema, ReadList: noLists}
	var parts []string
	add := func(field, part string, err bool) {
		if err {
			s.errs[field] = l.T("err." + field)
		} else if part != "" {
			parts = append(parts, part)
		}
	}
	add(addrPart("src", "srcaddr", s.form.Get("src")))
	add(addrPart("dst", "dstaddr", s.form.Get("dst")))
	add(portPart(s.form.Get("port")))
	add(protocolPart(s.form.Get("protocol")))
	add(actionPart(s.form.Get("action")))
	adv := s.form.Get("q")
	if adv != "" {
		if _, err := filter.Compile(adv, opts); err != nil {
			s.errs["q"] = l.T("err.q") + " " + err.Error()
			return
		}
		if len(parts) > 0 {
			adv = "(" + adv + ")"
		}
		parts = append(parts, adv)
	}
	s.query = strings.Join(parts, " and ")
	if s.query == "" {
		s.query = "true"
	}
	f, err := filter.Compile(s.query, opts)
	if err != nil {
		s.errs["q"] = l.T("err.q") + " " + err.Error()
		return
	}
	s.filter = f
}

func addrPart(field, name, v string) (string, string, bool) {
	if v == "" {
		return field, "", false
	}
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		return field, name + " in " + p.Masked().String(), err != nil
	}
	a, err := netip.ParseAddr(v)
	return field, name + " = " + a.String(), err != nil || a.Zone() != ""
}

func portPart(v string) (string, string, bool) {
	if v == "" {
		return "port", "", false
	}
	n, err := strconv.Atoi(v)
	return "port", "dstport = " + strconv.Itoa(n), err != nil || n < 0 || n > 65535
}

func protocolPart(v string) (string, string, bool) {
	if v == "" || v == "any" {
		return "protocol", "", false
	}
	if _, ok := flowlog.ProtocolNumber(v); ok {
		return "protocol", "protocol = " + strings.ToLower(v), false
	}
	n, err := strconv.Atoi(v)
	return "protocol", "protocol = " + strconv.Itoa(n), err != nil || n < 0 || n > 255
}

func actionPart(v string) (string, string, bool) {
	switch v {
	case "", "any":
		return "action", "", false
	case "allowed":
		return "action", "action = ACCEPT", false
	case "blocked":
		return "action", "action = REJECT", false
	}
	return "action", "", true
}

// noLists refuses the advanced box's IN @file: a file is the server's,
// not the user's, and reading it would show its lines in the error
// messages (and, fanned out, ship it to the workers).
func noLists(string) ([]byte, error) {
	return nil, errors.New("list files (IN @file) cannot be used on the page: list the values")
}
