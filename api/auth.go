package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Authentication failures. ErrNoCredentials is answered with 401 (say who you
// are), ErrBadCredentials with 403 (we know, and no).
var (
	ErrNoCredentials  = errors.New("no credentials")
	ErrBadCredentials = errors.New("bad credentials")
	ErrLinkExpired    = errors.New("link expired")
)

// Signer makes and checks signed links: HMAC-SHA256 over the path and an
// expiry, so a reviewer's browser can follow links without an Authorization
// header. The query string is ?exp=UNIX&sig=HEX.
type Signer struct {
	key []byte
	now func() time.Time
}

// NewSigner returns a Signer with the given secret key (at least 16 bytes).
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < 16 {
		return nil, errors.New("link signing key shorter than 16 bytes")
	}
	return &Signer{key: append([]byte(nil), key...), now: time.Now}, nil
}

func (s *Signer) mac(path string, exp int64) []byte {
	h := hmac.New(sha256.New, s.key)
	// The newline keeps path and expiry apart: no path ends in a newline.
	h.Write([]byte(path))
	h.Write([]byte{'\n'})
	h.Write([]byte(strconv.FormatInt(exp, 10)))
	return h.Sum(nil)
}

// Sign returns path with ?exp=...&sig=... appended, valid until exp.
func (s *Signer) Sign(path string, exp time.Time) string {
	e := exp.Unix()
	v := url.Values{}
	v.Set("exp", strconv.FormatInt(e, 10))
	v.Set("sig", hex.EncodeToString(s.mac(path, e)))
	return path + "?" + v.Encode()
}

// Verify checks the exp and sig query parameters of a request for path.
func (s *Signer) Verify(path string, q url.Values) error {
	expStr, sigStr := q.Get("exp"), q.Get("sig")
	if expStr == "" && sigStr == "" {
		return ErrNoCredentials
	}
	exp, err := strconv.ParseInt(expStr, 10, 64)
	if err != nil {
		return ErrBadCredentials
	}
	sig, err := hex.DecodeString(sigStr)
	if err != nil {
		return ErrBadCredentials
	}
	// Check the signature before the expiry so a forger learns nothing from
	// which error comes back.
	if !hmac.Equal(sig, s.mac(path, exp)) {
		return ErrBadCredentials
	}
	if s.now().Unix() > exp {
		return ErrLinkExpired
	}
	return nil
}

// bearer returns the token of an "Authorization: Bearer TOKEN" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const p = "bearer "
	if len(h) <= len(p) || !strings.EqualFold(h[:len(p)], p) {
		return "", false
	}
	return strings.TrimSpace(h[len(p):]), true
}

// tokenEqual compares a presented secret with the configured one in constant
// time. Hashing first makes the comparison independent of both lengths too.
func tokenEqual(got, want string) bool {
	if want == "" {
		return false
	}
	g := sha256.Sum256([]byte(got))
	w := sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
