package testenv

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RedisCluster is a Redis Cluster of primaries only, for tests of the
// redis-cluster:// form.
type RedisCluster struct {
	Nodes []*Redis
	// URL is redis-cluster://n1,n2,n3 (queue.ParseRedisURL's form).
	URL string
}

// StartRedisCluster starts n (at least 3) cluster-enabled redis-servers and
// joins them with redis-cli --cluster create. It skips without redis-cli.
func StartRedisCluster(t testing.TB, n int) *RedisCluster {
	t.Helper()
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		t.Skip("testenv: redis-cli not installed (Debian package redis-tools)")
	}
	if n < 3 {
		n = 3
	}
	c := &RedisCluster{}
	var addrs []string
	for i := 0; i < n; i++ {
		r := StartRedis(t, withCluster())
		c.Nodes = append(c.Nodes, r)
		addrs = append(addrs, r.Addr)
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command(cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("testenv: redis-cli --cluster create: %v\n%s", err, out)
	}
	// The slots are assigned at once but gossip takes a moment to agree.
	err = waitFor(20*time.Second, nil, func() error {
		for _, a := range addrs {
			out, err := exec.Command(cli, "-h", "127.0.0.1", "-p", a[strings.LastIndex(a, ":")+1:], "cluster", "info").Output()
			if err != nil {
				return err
			}
			if !strings.Contains(string(out), "cluster_state:ok") {
				return errNotReady
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("testenv: redis cluster: %v%s", err, tail(filepath.Join(c.Nodes[0].Dir, "redis.log"), 10))
	}
	c.URL = "redis-cluster://" + strings.Join(addrs, ",")
	return c
}
