package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	tm "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// S3Config configures an S3 store. Zero values mean "use the standard AWS
// chain": environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION,
// AWS_ENDPOINT_URL_S3...), shared config files, instance roles.
type S3Config struct {
	// Endpoint is the base URL of an S3-compatible server, e.g.
	// http://127.0.0.1:7070. Empty means AWS.
	Endpoint string
	// Region defaults to the chain's region, then us-east-1 (S3-compatible
	// servers accept any region but SigV4 needs one).
	Region string
	// PathStyle addresses buckets as http://host/bucket/key, which
	// S3-compatible servers without wildcard DNS need.
	PathStyle bool
	// AccessKey and SecretKey, when both set, override the chain.
	AccessKey, SecretKey string
	// MaxAttempts bounds the SDK's own retries of one call (default 4); longer
	// outages are the task queue's job.
	MaxAttempts int
	// MaxBackoff caps the SDK's delay between attempts (default 5s).
	MaxBackoff time.Duration
	// HTTPClient replaces the SDK's HTTP client (tests inject faults with it).
	HTTPClient *http.Client
}

// S3 is a Store on S3 or an S3-compatible server.
type S3 struct {
	client  *s3.Client
	presign *s3.PresignClient
	tm      *tm.Client
}

var _ Store = (*S3)(nil)

// NewS3 builds an S3 store. It does no I/O beyond reading the AWS config
// files the standard chain names.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 4
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = c.MaxAttempts
				o.MaxBackoff = c.MaxBackoff
				// The default token bucket stops retrying after a burst of
				// failures; during an outage we want each call's bounded
				// retries, not a process-wide refusal.
				o.RateLimiter = ratelimit.None
			})
		}),
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.AccessKey != "" && c.SecretKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, "")))
	}
	if c.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(c.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("storage: load aws config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.UsePathStyle = c.PathStyle
		// Checksum trailers (the SDK default since 2025) need aws-chunked
		// uploads that several S3-compatible servers store corrupted, and
		// they fail outright on non-seekable bodies over plain HTTP.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return &S3{
		client:  client,
		presign: s3.NewPresignClient(client),
		tm: tm.New(client, func(o *tm.Options) {
			o.DisableChecksumValidation = true
		}),
	}, nil
}

// Client exposes the underlying SDK client for what Store does not cover
// (health checks, bucket notifications).
func (s *S3) Client() *s3.Client { return s.client }

// CreateBucket creates a bucket; an existing bucket owned by us is fine.
func (s *S3) CreateBucket(ctx context.Context, bucket string) error {
	_, err := s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	var owned *s3types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		return s3Err("create-bucket", bucket, err)
	}
	return nil
}

// Stat implements Store.
func (s *S3) Stat(ctx context.Context, bucket, key string) (Object, error) {
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return Object{}, s3Err("stat", bucket, err)
	}
	return Object{
		Bucket: bucket, Key: key,
		VersionID:    aws.ToString(out.VersionId),
		ETag:         strings.Trim(aws.ToString(out.ETag), `"`),
		Size:         aws.ToInt64(out.ContentLength),
		LastModified: aws.ToTime(out.LastModified),
	}, nil
}

// Open implements Store.
func (s *S3) Open(ctx context.Context, bucket, key, versionID string) (io.ReadCloser, Object, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := s.client.GetObject(ctx, in)
	if err != nil {
		return nil, Object{}, s3Err("open", bucket, err)
	}
	return out.Body, Object{
		Bucket: bucket, Key: key,
		VersionID:    aws.ToString(out.VersionId),
		ETag:         strings.Trim(aws.ToString(out.ETag), `"`),
		Size:         aws.ToInt64(out.ContentLength),
		LastModified: aws.ToTime(out.LastModified),
	}, nil
}

// Download implements Store. The body is streamed to disk, never held whole
// in memory: packets run to hundreds of megabytes.
func (s *S3) Download(ctx context.Context, bucket, key, versionID, dstPath string) (Object, error) {
	body, obj, err := s.Open(ctx, bucket, key, versionID)
	if err != nil {
		return Object{}, relabel(err, "download")
	}
	defer body.Close()
	n, err := writeFileAtomic(dstPath, body)
	if err != nil {
		return Object{}, &Error{Op: "download", Bucket: bucket, Err: sanitize(err)}
	}
	if obj.Size > 0 && n != obj.Size {
		return Object{}, &Error{Op: "download", Bucket: bucket, Err: fmt.Errorf("short body: %d of %d bytes", n, obj.Size)}
	}
	obj.Size = n
	return obj, nil
}

// Upload implements Store. The body is the open file: seekable, so the SDK
// can sign and retry it, and the transfer manager switches to multipart for
// large files with bounded part buffers.
func (s *S3) Upload(ctx context.Context, bucket, key, srcPath, contentType string) error {
	f, err := os.Open(srcPath)
	if err != nil {
		return &Error{Op: "upload", Bucket: bucket, Class: ErrInvalid, Err: fmt.Errorf("open source: %w", sanitize(err))}
	}
	defer f.Close()
	in := &tm.UploadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: f}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	_, err = s.tm.UploadObject(ctx, in, func(o *tm.Options) {
		// tm.New forces CRC32 when unset; clearing it per call is the only
		// way to send no checksum trailer (see NewS3).
		o.ChecksumAlgorithm = ""
	})
	if err != nil {
		return s3Err("upload", bucket, err)
	}
	return nil
}

// Presign implements Store.
func (s *S3) Presign(ctx context.Context, bucket, key string, ttl time.Duration) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", s3Err("presign", bucket, err)
	}
	return req.URL, nil
}

// List implements Store.
func (s *S3) List(ctx context.Context, bucket, prefix string) ([]Object, error) {
	var out []Object
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, s3Err("list", bucket, err)
		}
		for _, o := range page.Contents {
			out = append(out, Object{
				Bucket: bucket, Key: aws.ToString(o.Key),
				ETag:         strings.Trim(aws.ToString(o.ETag), `"`),
				Size:         aws.ToInt64(o.Size),
				LastModified: aws.ToTime(o.LastModified),
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// Delete implements Store.
func (s *S3) Delete(ctx context.Context, bucket, key string) error {
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil && !errors.Is(classOf(s3Err("delete", bucket, err)), ErrNotFound) {
		return s3Err("delete", bucket, err)
	}
	return nil
}

// s3Err classifies an SDK error. The SDK's message may quote the request URL,
// which holds the key, so only the API error code or the network cause is kept.
func s3Err(op, bucket string, err error) error {
	e := &Error{Op: op, Bucket: bucket, Err: sanitize(err)}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "NoSuchKey", "NotFound", "NoSuchVersion":
			e.Class = ErrNotFound
		case "NoSuchBucket":
			e.Class = ErrNoBucket
		case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled", "AccountProblem":
			e.Class = ErrAccessDenied
		case "InvalidBucketName", "KeyTooLongError", "InvalidArgument":
			e.Class = ErrInvalid
		}
	}
	if e.Class == nil {
		var re *smithyhttp.ResponseError
		if errors.As(err, &re) {
			switch re.HTTPStatusCode() {
			case http.StatusNotFound:
				e.Class = ErrNotFound
			case http.StatusForbidden, http.StatusUnauthorized:
				e.Class = ErrAccessDenied
			}
		}
	}
	return e
}

// relabel renames the operation of a Store error.
func relabel(err error, op string) error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		c.Op = op
		return &c
	}
	return err
}

func classOf(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return nil
}

// sanitize drops the parts of an error that may quote a key or URL.
func sanitize(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return &causeError{msg: "api error " + api.ErrorCode(), err: err}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &causeError{msg: ue.Op + ": " + ue.Err.Error(), err: err}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &causeError{msg: pe.Op + " " + filepath.Base(pe.Path) + ": " + pe.Err.Error(), err: err}
	}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return &causeError{msg: "operation " + oe.Operation(), err: err}
	}
	return err
}

// causeError keeps the original chain for errors.Is/As but prints only msg.
type causeError struct {
	msg string
	err error
}

func (c *causeError) Error() string { return c.msg }
func (c *causeError) Unwrap() error { return c.err }

// writeFileAtomic copies r into a temporary file beside dst and renames it
// into place, so dst is absent or complete.
func writeFileAtomic(dst string, r io.Reader) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), ".dl-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	n, err := io.Copy(f, r)
	if err != nil {
		f.Close()
		return n, err
	}
	if err := f.Close(); err != nil {
		return n, err
	}
	return n, os.Rename(f.Name(), dst)
}
