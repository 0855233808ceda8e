// Command imrpacket turns an IMR records packet into an indexed packet: one
// binary for the local pipeline, the queue worker, enqueueing and the HTTP API.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"

	"imrpacket/ocr"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"process":  {"run the whole pipeline on a local PDF: imrpacket process IN.pdf --out DIR", runProcess},
	"worker":   {"take packet:process tasks from Redis, read uploads from S3, write outputs to S3", runWorker},
	"enqueue":  {"enqueue one upload: imrpacket enqueue s3://BUCKET/KEY", runEnqueue},
	"serve":    {"HTTP: S3 event notifications in, reviewer downloads out, /metrics, /healthz", runServe},
	"eval":     {"score the pipeline on generated packets with known answers: imrpacket eval DIR", runEval},
	"generate": {"write generated packets with truth files: imrpacket generate --out DIR", runGenerate},
}

func main() {
	// Tesseract's OpenMP threads must be limited before the process starts;
	// this re-executes the binary with OMP_THREAD_LIMIT=1 when it is unset.
	ocr.EnsureThreadLimit()
	// A soft memory limit makes the collector work harder before the heap
	// of a 5,000-page packet's text stages grows past it, instead of letting
	// the heap double; GOMEMLIMIT in the environment overrides it.
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// defaultMemoryLimit is the Go heap's soft limit (see main).
const defaultMemoryLimit = 250 << 20

// errUsage marks a command-line mistake: the usage was already printed.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "imrpacket: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		// One line naming the problem; never page content (PHI).
		fmt.Fprintf(stderr, "imrpacket %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: imrpacket COMMAND [flags]\n\nCommands:\n")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nRun 'imrpacket COMMAND --help' for the flags and environment variables of a command.\n")
}
