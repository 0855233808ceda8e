package queue

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrS3URL marks an argument that is not s3://BUCKET/KEY.
var ErrS3URL = errors.New("invalid s3 url (want s3://BUCKET/KEY)")

// ParseS3URL splits s3://BUCKET/KEY (what `imrpacket enqueue` takes). The key
// is taken literally after the bucket's slash, spaces and all; a key that is
// %-encoded can be given with the "s3+encoded://" scheme. Errors do not
// repeat the argument: the key may hold a name.
func ParseS3URL(s string) (bucket, key string, err error) {
	rest, encoded := strings.CutPrefix(s, "s3+encoded://")
	if !encoded {
		var ok bool
		if rest, ok = strings.CutPrefix(s, "s3://"); !ok {
			return "", "", ErrS3URL
		}
	}
	bucket, key, ok := strings.Cut(rest, "/")
	if !ok || bucket == "" || key == "" || strings.HasSuffix(key, "/") {
		return "", "", ErrS3URL
	}
	if encoded {
		if key, err = url.PathUnescape(key); err != nil || key == "" {
			return "", "", fmt.Errorf("%w: bad %%-encoding", ErrS3URL)
		}
	}
	return bucket, key, nil
}
