package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MinSessionKeyLen is the shortest session key NewOIDC accepts.
const MinSessionKeyLen = 32

var errBadToken = errors.New("auth: invalid or expired signed value")

// signer seals small JSON values into strings that carry their own
// expiry and an HMAC-SHA256 over purpose, expiry and payload. Separate
// purposes (session, login) get separate derived keys, so a value made
// for one can never be accepted as the other. It is immutable and safe
// for concurrent use.
type signer struct {
	key []byte
}

func newSigner(key []byte, purpose string) signer {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("flowq/serve/auth:" + purpose))
	return signer{key: m.Sum(nil)}
}

// envelope is the signed content: Exp (Unix seconds) is inside the MAC.
type envelope struct {
	Exp int64           `json:"exp"`
	V   json.RawMessage `json:"v"`
}

// seal encodes v with expiry exp as "base64url(json).base64url(mac)".
func (s signer) seal(v any, exp time.Time) (string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("auth: encode signed value: %w", err)
	}
	body, err := json.Marshal(envelope{Exp: exp.Unix(), V: raw})
	if err != nil {
		return "", fmt.Errorf("auth: encode signed value: %w", err)
	}
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload)), nil
}

// open checks the MAC and expiry of token (against now) and decodes its
// value into v. Any defect gives errBadToken.
func (s signer) open(token string, now time.Time, v any) error {
	payload, sig, ok := strings.Cut(token, ".")
	if !ok {
		return errBadToken
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(payload)) {
		return errBadToken
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return errBadToken
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || now.Unix() >= env.Exp {
		return errBadToken
	}
	if err := json.Unmarshal(env.V, v); err != nil {
		return errBadToken
	}
	return nil
}

func (s signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return m.Sum(nil)
}
