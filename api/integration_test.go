package api

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"imrpacket/queue"
)

// TestVersityGWWebhook: a real versitygw sends its bucket notifications to the
// webhook; an upload through the AWS SDK becomes a queued task with no manual
// enqueue, and writing the outputs does not loop back into the queue.
func TestVersityGWWebhook(t *testing.T) {
	e := newEnv(t, envOpts{webhook: true})
	ctx := context.Background()
	// Awkward keys: versitygw sends keys unencoded, so "+" and "%" are ambiguous.
	keys := []string{"incoming/Jane Roe (IMR) 50%+.pdf", "incoming/a+b.pdf", "incoming/plain.pdf"}
	for _, k := range keys {
		_, err := e.store.Client().PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(inBucket), Key: aws.String(k),
			Body: bytes.NewReader(minimalPDF), ContentType: aws.String("application/pdf"),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Not a PDF, and an output: both must be ignored.
	e.put(inBucket, "incoming/readme.txt", []byte("x"))
	e.put(outBucket, outLayout.PDFKey("incoming/done.pdf"), minimalPDF)
	e.put(outBucket, outLayout.IndexKey("incoming/done.pdf"), []byte("{}"))

	// versitygw posts asynchronously after answering the upload.
	want := map[string]bool{keys[0]: true, keys[1]: true, keys[2]: true}
	deadline := time.Now().Add(15 * time.Second)
	var got map[string]bool
	for time.Now().Before(deadline) {
		got = map[string]bool{}
		tasks, err := e.client.Inspector().ListPendingTasks(queue.QueueDefault)
		if err != nil && len(tasks) == 0 {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		for _, ti := range tasks {
			p, err := queue.ParsePayload(ti.Payload)
			if err != nil {
				t.Fatal(err)
			}
			got[p.Key] = true
		}
		if len(got) >= len(want) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Give stray events (the .txt, the outputs) time to arrive before judging.
	time.Sleep(300 * time.Millisecond)
	tasks, _ := e.client.Inspector().ListPendingTasks(queue.QueueDefault)
	if len(tasks) != len(want) {
		t.Errorf("%d tasks queued, want %d", len(tasks), len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("no task for uploaded key %q (got %v)", k, got)
		}
	}
	if t.Failed() {
		t.Logf("serve log:\n%s", e.logs.String())
	}
}
