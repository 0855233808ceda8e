package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"imrpacket/storage"
)

// NewRedisCheck returns a /healthz check that PINGs the Redis asynq uses, and
// a function that closes its connection.
func NewRedisCheck(opt asynq.RedisConnOpt) (Check, func() error) {
	rc, ok := opt.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		err := errors.New("unsupported redis connection option")
		return func(context.Context) error { return err }, func() error { return nil }
	}
	return func(ctx context.Context) error {
		if err := rc.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("redis ping: %w", err)
		}
		return nil
	}, rc.Close
}

// S3Check returns a /healthz check that the output bucket answers
// (HeadBucket: cheap, and proves credentials and the bucket too).
func S3Check(s *storage.S3, bucket string) Check {
	return func(ctx context.Context) error {
		if _, err := s.Client().HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
			return fmt.Errorf("s3 head bucket %q: %w", bucket, err)
		}
		return nil
	}
}
