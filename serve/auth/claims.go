package auth

import (
	"errors"
	"strings"
)

// identityFromClaims makes an Identity from decoded JSON claims (an ID
// token's or an ALB token's): sub, email, name (else preferred_username,
// else email, else sub) and the groups claim (a list of strings, or one
// comma-separated string). An e-mail address the provider marks
// unverified (email_verified false, or "false" as Cognito sends it) is
// dropped, because grants may match on it.
func identityFromClaims(claims map[string]any, groupsClaim string) (Identity, error) {
	str := func(name string) string { s, _ := claims[name].(string); return s }
	id := Identity{Subject: str("sub"), Email: str("email")}
	if id.Subject == "" {
		return Identity{}, errors.New("no sub claim")
	}
	switch v := claims["email_verified"].(type) {
	case bool:
		if !v {
			id.Email = ""
		}
	case string:
		if strings.EqualFold(v, "false") {
			id.Email = ""
		}
	}
	id.Name = firstNonEmpty(str("name"), str("preferred_username"), id.Email, id.Subject)
	switch g := claims[groupsClaim].(type) {
	case string:
		id.Groups = splitGroups([]string{g})
	case []any:
		for _, v := range g {
			if s, ok := v.(string); ok && s != "" {
				id.Groups = append(id.Groups, s)
			}
		}
	}
	return id, nil
}
