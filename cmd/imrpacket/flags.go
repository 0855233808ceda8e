package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Every setting is a flag whose default comes from an environment variable,
// so containers configure by environment and people by flags, and --help
// lists both names.

func stringFlag(fs *flag.FlagSet, name, env, def, usage string) *string {
	if v, ok := os.LookupEnv(env); ok {
		def = v
	}
	return fs.String(name, def, envUsage(usage, env))
}

func intFlag(fs *flag.FlagSet, name, env string, def int, usage string) *int {
	if v, ok := os.LookupEnv(env); ok {
		if n, err := strconv.Atoi(v); err == nil {
			def = n
		}
	}
	return fs.Int(name, def, envUsage(usage, env))
}

func boolFlag(fs *flag.FlagSet, name, env string, def bool, usage string) *bool {
	if v, ok := os.LookupEnv(env); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			def = b
		}
	}
	return fs.Bool(name, def, envUsage(usage, env))
}

func durationFlag(fs *flag.FlagSet, name, env string, def time.Duration, usage string) *time.Duration {
	if v, ok := os.LookupEnv(env); ok {
		if d, err := time.ParseDuration(v); err == nil {
			def = d
		}
	}
	return fs.Duration(name, def, envUsage(usage, env))
}

func envUsage(usage, env string) string {
	if env == "" {
		return usage
	}
	return fmt.Sprintf("%s (env %s)", usage, env)
}

func float64Flag(fs *flag.FlagSet, name, env string, def float64, usage string) *float64 {
	if v, ok := os.LookupEnv(env); ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			def = f
		}
	}
	return fs.Float64(name, def, envUsage(usage, env))
}
