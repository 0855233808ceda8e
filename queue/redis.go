package queue

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hibiken/asynq"
)

// ErrRedisURL marks an unusable REDIS_URL.
var ErrRedisURL = errors.New("invalid redis url")

// ParseRedisURL turns REDIS_URL into asynq connection options. Forms:
//
//	redis://[:password@]host:port[/db]                 one server
//	rediss://[:password@]host:port[/db]                one server over TLS
//	redis-socket://[:password@]/path/to/redis.sock[?db=N]
//	redis-sentinel://[:sentinelpassword@]h1:p1,h2:p2[?master=NAME]
//	redis-cluster://[user:password@]h1:p1,h2:p2[?tls=1]  Redis Cluster seed nodes
//
// The first four are asynq.ParseRedisURI's; redis-cluster is ours, because
// asynq has RedisClusterClientOpt but no URL form for it. Error messages never
// repeat the URL: it may carry a password.
func ParseRedisURL(s string) (asynq.RedisConnOpt, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty", ErrRedisURL)
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return nil, fmt.Errorf("%w: no scheme (want redis://, rediss://, redis-socket://, redis-sentinel:// or redis-cluster://)", ErrRedisURL)
	}
	if scheme == "redis-cluster" {
		return parseCluster(rest)
	}
	opt, err := asynq.ParseRedisURI(s)
	if err != nil {
		return nil, fmt.Errorf("%w: scheme %q not understood or malformed", ErrRedisURL, scheme)
	}
	if so, ok := opt.(asynq.RedisFailoverClientOpt); ok && so.MasterName == "" {
		return nil, fmt.Errorf("%w: redis-sentinel needs ?master=NAME", ErrRedisURL)
	}
	return opt, nil
}

func parseCluster(rest string) (asynq.RedisConnOpt, error) {
	var opt asynq.RedisClusterClientOpt
	hostPart, query, _ := strings.Cut(rest, "?")
	hostPart = strings.TrimSuffix(hostPart, "/")
	if at := strings.LastIndex(hostPart, "@"); at >= 0 {
		user := hostPart[:at]
		hostPart = hostPart[at+1:]
		name, pass, hasPass := strings.Cut(user, ":")
		var err error
		if opt.Username, err = url.PathUnescape(name); err != nil {
			return nil, fmt.Errorf("%w: bad user name encoding", ErrRedisURL)
		}
		if hasPass {
			if opt.Password, err = url.PathUnescape(pass); err != nil {
				return nil, fmt.Errorf("%w: bad password encoding", ErrRedisURL)
			}
		}
	}
	for _, a := range strings.Split(hostPart, ",") {
		if a == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(a); err != nil || port == "" {
			return nil, fmt.Errorf("%w: cluster node address needs host:port", ErrRedisURL)
		}
		opt.Addrs = append(opt.Addrs, a)
	}
	if len(opt.Addrs) == 0 {
		return nil, fmt.Errorf("%w: redis-cluster needs at least one host:port", ErrRedisURL)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("%w: bad query", ErrRedisURL)
	}
	if v := q.Get("tls"); v == "1" || v == "true" {
		host, _, _ := net.SplitHostPort(opt.Addrs[0])
		opt.TLSConfig = &tls.Config{ServerName: host}
	}
	return opt, nil
}
