package queue

import (
	"encoding/base64"
	"errors"
	"path"
	"strings"
)

// Output file names inside a packet's output directory.
const (
	PDFName   = "packet.pdf"
	IndexName = "index.json"
)

// DefaultPrefix is the output prefix when none is configured.
const DefaultPrefix = "indexed/"

// Layout is where outputs go: Bucket plus Prefix plus the input key without
// its .pdf extension, e.g. input "claims/2025/A123.pdf" with prefix
// "indexed/" gives "indexed/claims/2025/A123/packet.pdf" and
// ".../index.json". Inputs named a.pdf and a.PDF share an output directory.
type Layout struct {
	Bucket string
	Prefix string // normalised to end in "/" when not empty
}

func (l Layout) prefix() string {
	p := strings.TrimLeft(l.Prefix, "/")
	if p != "" && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// Stem is the input key without a trailing .pdf (any case).
func Stem(key string) string {
	if len(key) >= 4 && strings.EqualFold(key[len(key)-4:], ".pdf") {
		return key[:len(key)-4]
	}
	return key
}

// IsPDFKey reports whether a key names a PDF by its extension.
func IsPDFKey(key string) bool {
	return len(key) > 4 && strings.EqualFold(key[len(key)-4:], ".pdf") && !strings.HasSuffix(key, "/")
}

// Dir is the output directory (with trailing slash) of an input key.
func (l Layout) Dir(inputKey string) string { return l.prefix() + Stem(inputKey) + "/" }

// PDFKey is the output packet.pdf key of an input key.
func (l Layout) PDFKey(inputKey string) string { return l.Dir(inputKey) + PDFName }

// IndexKey is the output index.json key of an input key.
func (l Layout) IndexKey(inputKey string) string { return l.Dir(inputKey) + IndexName }

// IsOutput reports whether bucket/key is, or may become, one of the service's
// own outputs: anything under the output prefix of the output bucket. The
// webhook ignores those so writing outputs never triggers more work. With an
// empty prefix only packet.pdf and index.json files count.
func (l Layout) IsOutput(bucket, key string) bool {
	if bucket != l.Bucket {
		return false
	}
	if p := l.prefix(); p != "" {
		return strings.HasPrefix(strings.TrimLeft(key, "/"), p)
	}
	base := path.Base(key)
	return base == PDFName || base == IndexName
}

// PacketID is the packet's public id (serve's /v1/packets/{id}): the
// unpadded base64url encoding (RFC 4648 §5) of the input key's stem. It is
// reversible, so serve finds outputs from the id alone, and URL-safe. It is
// not secret: it reveals the key, so it is for URLs behind authentication,
// not for logs (use LogID).
func PacketID(inputKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(Stem(inputKey)))
}

// ErrPacketID marks a string that is not a packet id.
var ErrPacketID = errors.New("invalid packet id")

// StemFromPacketID reverses PacketID: the input key's stem (the key without
// .pdf), from which Layout.Dir(stem+".pdf") etc. follow.
func StemFromPacketID(id string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(b) == 0 {
		return "", ErrPacketID
	}
	s := string(b)
	for _, part := range strings.Split(s, "/") {
		if part == ".." || part == "." {
			return "", ErrPacketID
		}
	}
	if strings.HasPrefix(s, "/") || strings.ContainsRune(s, 0) {
		return "", ErrPacketID
	}
	return s, nil
}

// PacketKeys returns the packet.pdf and index.json keys of a packet id.
func (l Layout) PacketKeys(id string) (pdfKey, indexKey string, err error) {
	stem, err := StemFromPacketID(id)
	if err != nil {
		return "", "", err
	}
	dir := l.prefix() + stem + "/"
	return dir + PDFName, dir + IndexName, nil
}

// PacketIDFromIndexKey returns the packet id of an output index.json key
// (what serve lists), and false when the key is not one.
func (l Layout) PacketIDFromIndexKey(key string) (string, bool) {
	p := l.prefix()
	if !strings.HasPrefix(key, p) || !strings.HasSuffix(key, "/"+IndexName) {
		return "", false
	}
	stem := strings.TrimSuffix(strings.TrimPrefix(key, p), "/"+IndexName)
	if stem == "" {
		return "", false
	}
	return base64.RawURLEncoding.EncodeToString([]byte(stem)), true
}
