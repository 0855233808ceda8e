package testenv_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/redis/go-redis/v9"

	"imrpacket/internal/testenv"
)

func TestRedisRestartKeepsDataWithPersistence(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    []testenv.RedisOption
		survive bool
	}{
		{"persistent", []testenv.RedisOption{testenv.WithPersistence()}, true},
		{"ephemeral", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testenv.StartRedis(t, tc.opts...)
			ctx := context.Background()
			c := redis.NewClient(&redis.Options{Addr: r.Addr})
			defer c.Close()
			if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
			r.Restart()
			v, err := c.Get(ctx, "k").Result()
			if tc.survive && (err != nil || v != "v") {
				t.Fatalf("after restart: %q %v", v, err)
			}
			if !tc.survive && err != redis.Nil {
				t.Fatalf("ephemeral redis kept data: %q %v", v, err)
			}
		})
	}
}

func TestS3StopStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts versitygw")
	}
	s := testenv.StartS3(t)
	get := func() error {
		resp, err := http.Get(s.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	if err := get(); err == nil {
		t.Fatal("gateway still answering after Stop")
	}
	s.Start()
	if err := get(); err != nil {
		t.Fatalf("after Start: %v", err)
	}
}
