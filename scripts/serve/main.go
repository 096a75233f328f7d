package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// shutdownGrace bounds how long in-flight requests may take after Ctrl-C.
const shutdownGrace = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first Ctrl-C a second one kills the process at once
		// instead of waiting for the graceful shutdown.
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "serve:", err)
		}
		os.Exit(2)
	}
}

// run parses args, serves until ctx is done and then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "build/site", "folder to serve")
	host := fs.String("host", "localhost", "interface to listen on (0.0.0.0 to reach it from a phone on the LAN)")
	port := fs.Int("port", 8080, "TCP port; 0 picks a free one")
	prefix := fs.String("prefix", "/", "URL path the folder is served under, e.g. /svertka/ as on GitHub Pages")
	verbose := fs.Bool("v", false, "log every request to stderr")
	var mounts mountList
	fs.Var(&mounts, "mount", "also serve folder DIR under URL path P, as P=DIR (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if info, err := os.Stat(*dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder (run make build first)", *dir)
	}

	handler := withMounts(NewHandler(*dir, *prefix), mounts)
	logger := log.New(stderr, "serve: ", log.LstdFlags)
	if *verbose {
		handler = logRequests(handler, logger)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	urlHost := *host
	if urlHost == "" || urlHost == "0.0.0.0" || urlHost == "::" {
		urlHost = "localhost"
	}
	addr := net.JoinHostPort(urlHost, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	fmt.Fprintf(stdout, "Serving %s at http://%s%s\n", *dir, addr, cleanPrefix(*prefix))
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// logRequests logs method, path, status and duration of every request.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Microsecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
