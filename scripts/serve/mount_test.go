package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMounts serves a second and a third folder beside the site: each under
// its own path with the same headers, the longest path winning, and nothing
// outside a mounted folder reachable through it.
func TestMounts(t *testing.T) {
	site := writeSite(t)
	extra := t.TempDir()
	for name, content := range map[string]string{
		"lib/tf.js":          "var tf = {};",
		"lib/deep/engine.js": "deep",
		"index.html":         "<!doctype html><title>extra</title>",
	} {
		p := filepath.Join(extra, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var l mountList
	for _, v := range []string{"/node_modules=" + filepath.Join(extra, "lib"), "node_modules/deep/=" + extra, "/extra/=" + extra} {
		if err := l.Set(v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
	}
	h := withMounts(NewHandler(site, "/"), l)
	for path, want := range map[string]string{
		"/index.html":                     siteFiles["index.html"],
		"/app.js":                         siteFiles["app.js"],
		"/node_modules/tf.js":             "var tf = {};",
		"/node_modules/deep/index.html":   "<!doctype html><title>extra</title>",
		"/node_modules/deep/engine.js":    "", // the longer mount wins: extra/engine.js does not exist (lib/deep/engine.js does)
		"/extra/":                         "<!doctype html><title>extra</title>",
		"/extra/lib/deep/engine.js":       "deep",
		"/node_modules/../app.js":         "", // cleaned inside the mount: 404, never the site's file
		"/extra/../../site/index.html":    "",
		"/node_modules/../../secret.txt":  "",
		"/node_modules/deep/../../secret": "",
	} {
		resp := get(h, "GET", path, nil)
		got := body(t, resp)
		if want == "" {
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d body %q, want 404", path, resp.StatusCode, got)
			}
			continue
		}
		if resp.StatusCode != http.StatusOK || got != want {
			t.Errorf("GET %s: %d %q, want 200 %q", path, resp.StatusCode, got, want)
		}
		if resp.Header.Get("Cross-Origin-Resource-Policy") != "same-origin" || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s: headers %v lack the site's", path, resp.Header)
		}
	}
	if resp := get(h, "GET", "/extra", nil); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/extra/" {
		t.Errorf("GET /extra: %d Location %q, want 302 /extra/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestMountFlagRejectsBadValues(t *testing.T) {
	dir := writeSite(t)
	for _, tc := range []struct {
		values []string
		want   string
	}{
		{[]string{"node_modules"}, "want URLPATH=DIR"},
		{[]string{"/x/="}, "want URLPATH=DIR"},
		{[]string{"/=" + dir}, "other than /"},
		{[]string{"/x=" + dir + "/missing"}, "is not a folder"},
		{[]string{"/x=" + dir, "x/=" + dir}, "mounted twice"},
	} {
		var l mountList
		var err error
		for _, v := range tc.values {
			if err = l.Set(v); err != nil {
				break
			}
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set %q: error %v, want one mentioning %q", tc.values, err, tc.want)
		}
	}
	// Through run, the flag's error reaches the user.
	var stderr strings.Builder
	err := run(context.Background(), []string{"-dir", dir, "-mount", "nothing"}, io.Discard, &stderr)
	if err == nil || !strings.Contains(stderr.String(), "want URLPATH=DIR") {
		t.Errorf("run -mount nothing: %v, stderr %q", err, stderr.String())
	}
}
