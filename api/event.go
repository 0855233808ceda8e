package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// ErrBadEvent is returned by ParseEvent for a body that is not an S3 event
// notification. The webhook answers it with 400.
var ErrBadEvent = errors.New("malformed S3 event notification")

// Object is one object named by an S3 event record.
type Object struct {
	Bucket    string
	Key       string // decoded as AWS encodes: "a+b%2B.pdf" is "a b+.pdf"
	RawKey    string // as sent; versitygw sends keys unencoded
	Size      int64
	ETag      string
	VersionID string
	Sequencer string
	EventName string
}

// Created reports whether the record announces a new object. AWS writes
// "ObjectCreated:Put"; MinIO, versitygw and Ceph write "s3:ObjectCreated:Put".
func (o Object) Created() bool {
	return strings.HasPrefix(strings.TrimPrefix(o.EventName, "s3:"), "ObjectCreated:")
}

// Keys returns the keys the object may have, most likely first. AWS, MinIO
// and Ceph URL-encode keys ("+" for space); versitygw v1.8.0 sends them as
// they are, so "a+b.pdf" is ambiguous until storage is asked.
func (o Object) Keys() []string {
	if o.RawKey == "" || o.RawKey == o.Key {
		return []string{o.Key}
	}
	return []string{o.Key, o.RawKey}
}

// event is the subset of the AWS S3 event notification format we read.
// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
type event struct {
	Records []struct {
		EventName string `json:"eventName"`
		S3        struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key       string  `json:"key"`
				Size      int64   `json:"size"`
				ETag      *string `json:"eTag"`
				VersionID *string `json:"versionId"`
				Sequencer string  `json:"sequencer"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
	// AWS and versitygw send {"Event":"s3:TestEvent",...} when a notification
	// target is configured; it has no records and must be accepted.
	Event string `json:"Event"`
}

// maxRecords bounds the work one request can cause; AWS sends one record per
// event and MinIO a handful, so anything near this is not a real sender.
const maxRecords = 1000

// ParseEvent reads an S3 event notification. A test event or a body with no
// records yields no objects and no error. Keys are URL-decoded as S3 encodes
// them ("+" for space, %XX for the rest); RawKey keeps what was sent. Every error wraps ErrBadEvent and
// holds no part of the body: keys may name a claimant.
func ParseEvent(r io.Reader) ([]Object, error) {
	dec := json.NewDecoder(r)
	var ev event
	if err := dec.Decode(&ev); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadEvent, jsonErrorClass(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the JSON object", ErrBadEvent)
	}
	if len(ev.Records) > maxRecords {
		return nil, fmt.Errorf("%w: %d records, at most %d", ErrBadEvent, len(ev.Records), maxRecords)
	}
	objs := make([]Object, 0, len(ev.Records))
	for i, rec := range ev.Records {
		raw := rec.S3.Object.Key
		key, err := url.QueryUnescape(raw)
		if err != nil {
			// Not URL-encoded: a sender that sends keys as they are.
			key = raw
		}
		if rec.S3.Bucket.Name == "" || key == "" {
			return nil, fmt.Errorf("%w: record %d: no bucket or key", ErrBadEvent, i)
		}
		o := Object{
			Bucket:    rec.S3.Bucket.Name,
			Key:       key,
			RawKey:    raw,
			Size:      rec.S3.Object.Size,
			Sequencer: rec.S3.Object.Sequencer,
			EventName: rec.EventName,
		}
		if rec.S3.Object.ETag != nil {
			o.ETag = strings.Trim(*rec.S3.Object.ETag, `"`)
		}
		if rec.S3.Object.VersionID != nil && *rec.S3.Object.VersionID != "null" {
			o.VersionID = *rec.S3.Object.VersionID
		}
		objs = append(objs, o)
	}
	return objs, nil
}

// jsonErrorClass names what is wrong with the JSON without quoting it:
// json's messages can include field values.
func jsonErrorClass(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "empty or truncated body"
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("wrong JSON type for field %s", typ.Field)
	default:
		return "unreadable body"
	}
}

// IsPDF reports whether a key names a PDF upload by its extension; the worker
// checks the content itself.
func IsPDF(key string) bool {
	return strings.HasSuffix(strings.ToLower(key), ".pdf") && !strings.HasSuffix(key, "/")
}
