package api

import (
	"errors"
	"strings"
	"testing"
)

func TestParseEvent(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []Object
		wantErr bool
	}{
		{
			name: "aws two records, url-encoded keys",
			body: `{"Records":[
			 {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"in"},"object":{"key":"claims/Jane+Roe+2025.pdf","size":10,"eTag":"\"abc\"","versionId":"v1","sequencer":"0A"}}},
			 {"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"in"},"object":{"key":"a%2Bb%20c%C3%A9.PDF","size":11,"eTag":"def-2"}}}]}`,
			want: []Object{
				{Bucket: "in", Key: "claims/Jane Roe 2025.pdf", RawKey: "claims/Jane+Roe+2025.pdf", Size: 10, ETag: "abc", VersionID: "v1", Sequencer: "0A", EventName: "ObjectCreated:Put"},
				{Bucket: "in", Key: "a+b cé.PDF", RawKey: "a%2Bb%20c%C3%A9.PDF", Size: 11, ETag: "def-2", EventName: "ObjectCreated:CompleteMultipartUpload"},
			},
		},
		{
			name: "versitygw shape, null versionId",
			body: `{"Records":[{"eventVersion":"2.2","eventSource":"aws:s3","eventName":"s3:ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"webhook-global","bucket":{"name":"in","arn":"arn:aws:s3:::in/x.pdf"},"object":{"key":"x.pdf","size":3,"eTag":"\"e\"","versionId":null,"sequencer":"1"}},"glacierEventData":{"restoreEventData":{}}}]}`,
			want: []Object{{Bucket: "in", Key: "x.pdf", RawKey: "x.pdf", Size: 3, ETag: "e", Sequencer: "1", EventName: "s3:ObjectCreated:Put"}},
		},
		{name: "test event", body: `{"Service":"S3","Event":"s3:TestEvent","Time":"2026-01-01T00:00:00Z","Bucket":"in"}`, want: []Object{}},
		{name: "empty records", body: `{"Records":[]}`, want: []Object{}},
		{name: "not json", body: `Records`, wantErr: true},
		{name: "empty", body: ``, wantErr: true},
		{name: "truncated", body: `{"Records":[{"eventName":`, wantErr: true},
		{name: "records not a list", body: `{"Records":{}}`, wantErr: true},
		{name: "trailing data", body: `{"Records":[]} {}`, wantErr: true},
		{
			name: "unencoded key (versitygw)",
			body: `{"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"in"},"object":{"key":"Roe (IMR) 50%.pdf"}}}]}`,
			want: []Object{{Bucket: "in", Key: "Roe (IMR) 50%.pdf", RawKey: "Roe (IMR) 50%.pdf", EventName: "s3:ObjectCreated:Put"}},
		},
		{name: "no key", body: `{"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"in"},"object":{}}}]}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEvent(strings.NewReader(tt.body))
			if tt.wantErr {
				if !errors.Is(err, ErrBadEvent) {
					t.Fatalf("err = %v, want ErrBadEvent", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d objects, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("object %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseEventErrorHasNoKey(t *testing.T) {
	_, err := ParseEvent(strings.NewReader(`{"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"in"},"object":{"key":"Jane Roe.pdf","size":"big"}}}]}`))
	if err == nil || strings.Contains(err.Error(), "Jane") || strings.Contains(err.Error(), "big") {
		t.Fatalf("error must name the problem without the body: %v", err)
	}
}

func TestCreatedAndIsPDF(t *testing.T) {
	for _, tt := range []struct {
		event string
		want  bool
	}{
		{"s3:ObjectCreated:Put", true}, {"ObjectCreated:Copy", true}, {"s3:ObjectCreated:CompleteMultipartUpload", true},
		{"s3:ObjectRemoved:Delete", false}, {"s3:ObjectTagging:Put", false}, {"", false},
	} {
		if got := (Object{EventName: tt.event}).Created(); got != tt.want {
			t.Errorf("Created(%q) = %v", tt.event, got)
		}
	}
	for _, tt := range []struct {
		key  string
		want bool
	}{{"a.pdf", true}, {"A.PDF", true}, {"a.pdf.txt", false}, {"dir.pdf/", false}, {"notes.docx", false}} {
		if got := IsPDF(tt.key); got != tt.want {
			t.Errorf("IsPDF(%q) = %v", tt.key, got)
		}
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add(`{"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"in"},"object":{"key":"a+b%20c.pdf","size":1,"eTag":"\"x\"","versionId":"v"}}}]}`)
	f.Add(`{"Service":"S3","Event":"s3:TestEvent"}`)
	f.Add(`{"Records":[{"s3":{"object":{"key":"%"}}}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		objs, err := ParseEvent(strings.NewReader(body))
		if err != nil {
			if !errors.Is(err, ErrBadEvent) {
				t.Fatalf("error does not wrap ErrBadEvent: %v", err)
			}
			if objs != nil {
				t.Fatal("objects returned with an error")
			}
			return
		}
		if len(objs) > maxRecords {
			t.Fatalf("%d records accepted", len(objs))
		}
		for _, o := range objs {
			if o.Bucket == "" || o.Key == "" {
				t.Fatalf("empty bucket or key accepted: %+v", o)
			}
		}
	})
}
