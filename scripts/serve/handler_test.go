package main

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// siteFiles is a small site: name → content. The wasm is long and repetitive
// so that gzip visibly shrinks it.
var siteFiles = map[string]string{
	"index.html":       "<!doctype html><title>root</title>",
	"app.js":           "export const x = 1;\n",
	"lib.mjs":          "export default 2;\n",
	"style.css":        "body { margin: 0 }\n",
	"model/model.json": `{"format":"svertka-model"}`,
	"engine.wasm":      "\x00asm\x01\x00\x00\x00" + strings.Repeat("wasm-bytes ", 4000),
	"img/shot.png":     "\x89PNG\r\n\x1a\nnot really a png",
	"sub/index.html":   "<!doctype html><title>sub</title>",
	"nodir/readme.txt": "a folder without index.html",
	"data.unknownext":  "opaque",
}

// writeSite writes siteFiles under a new temporary folder "site" and returns
// its path. The folder's parent holds secret.txt, which must never be served.
func writeSite(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	for name, content := range siteFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// get sends a request straight to h, so the path reaches the handler exactly
// as written (no client-side cleaning).
func get(h http.Handler, method, path string, header map[string]string) *http.Response {
	req := httptest.NewRequest(method, "http://localhost"+"/", nil)
	req.URL.Path = path
	req.RequestURI = path
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func gunzip(t *testing.T, b string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestContentTypes(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for path, want := range map[string]string{
		"/":                 "text/html; charset=utf-8",
		"/index.html":       "text/html; charset=utf-8",
		"/app.js":           "text/javascript; charset=utf-8",
		"/lib.mjs":          "text/javascript; charset=utf-8",
		"/style.css":        "text/css; charset=utf-8",
		"/model/model.json": "application/json",
		"/engine.wasm":      "application/wasm",
		"/img/shot.png":     "image/png",
		"/nodir/readme.txt": "text/plain; charset=utf-8",
		"/data.unknownext":  "application/octet-stream",
	} {
		resp := get(h, "GET", path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, got)
		}
	}
}

func TestGzip(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for _, name := range []string{"index.html", "app.js", "style.css", "model/model.json", "engine.wasm"} {
		resp := get(h, "GET", "/"+name, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
		if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("%s: Content-Encoding %q, want gzip", name, got)
		}
		if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s: Vary %q, want Accept-Encoding", name, got)
		}
		raw := body(t, resp)
		if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(raw)); got != want {
			t.Errorf("%s: Content-Length %q, want %s", name, got, want)
		}
		if got := gunzip(t, raw); got != siteFiles[name] {
			t.Errorf("%s: gunzipped body %q, want %q", name, got, siteFiles[name])
		}
		if name == "engine.wasm" && len(raw) >= len(siteFiles[name])/10 {
			t.Errorf("engine.wasm: %d gzip bytes for %d raw bytes; repetitive data should shrink 10x", len(raw), len(siteFiles[name]))
		}
	}
}

func TestNoGzipWhenNotAcceptedOrNotUseful(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for _, tc := range []struct{ path, acceptEncoding string }{
		{"/engine.wasm", ""},
		{"/engine.wasm", "gzip;q=0, br"},
		{"/app.js", "identity"},
		{"/img/shot.png", "gzip"}, // already compressed format
	} {
		resp := get(h, "GET", tc.path, map[string]string{"Accept-Encoding": tc.acceptEncoding})
		if got := resp.Header.Get("Content-Encoding"); got != "" {
			t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want none", tc.path, tc.acceptEncoding, got)
		}
		if got, want := body(t, resp), siteFiles[strings.TrimPrefix(tc.path, "/")]; got != want {
			t.Errorf("%s with Accept-Encoding %q: body differs from the file", tc.path, tc.acceptEncoding)
		}
	}
}

func TestGzipCacheFollowsFileChanges(t *testing.T) {
	dir := writeSite(t)
	h := NewHandler(dir, "/")
	gz := map[string]string{"Accept-Encoding": "gzip"}
	if got := gunzip(t, body(t, get(h, "GET", "/app.js", gz))); got != siteFiles["app.js"] {
		t.Fatalf("first response %q", got)
	}
	p := filepath.Join(dir, "app.js")
	if err := os.WriteFile(p, []byte("export const x = 2; // rebuilt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A rebuild within the same clock tick must still be noticed: the size
	// changed although the time did not.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	if got := gunzip(t, body(t, get(h, "GET", "/app.js", gz))); got != "export const x = 2; // rebuilt\n" {
		t.Errorf("after rewriting app.js the server sent %q", got)
	}
}

func TestHeaders(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for _, path := range []string{"/", "/engine.wasm", "/missing.js"} {
		resp := get(h, "GET", path, nil)
		for k, want := range map[string]string{
			"Cache-Control":                "no-cache",
			"Cross-Origin-Opener-Policy":   "same-origin",
			"Cross-Origin-Embedder-Policy": "require-corp",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("GET %s: %s %q, want %q", path, k, got, want)
			}
		}
	}
}

func TestConditionalGet(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for _, enc := range []string{"", "gzip"} {
		first := get(h, "GET", "/engine.wasm", map[string]string{"Accept-Encoding": enc})
		etag := first.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("Accept-Encoding %q: no ETag", enc)
		}
		again := get(h, "GET", "/engine.wasm", map[string]string{"Accept-Encoding": enc, "If-None-Match": etag})
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: If-None-Match %s gave %d, want 304", enc, etag, again.StatusCode)
		}
	}
	plain := get(h, "GET", "/engine.wasm", nil).Header.Get("ETag")
	zipped := get(h, "GET", "/engine.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header.Get("ETag")
	if plain == zipped {
		t.Errorf("identity and gzip responses share the ETag %s", plain)
	}
}

func TestHead(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	resp := get(h, "HEAD", "/app.js", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("HEAD /app.js: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if b := body(t, resp); b != "" {
		t.Errorf("HEAD /app.js has a body %q", b)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	resp := get(h, "POST", "/index.html", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestNotFound(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	for _, path := range []string{"/missing.js", "/model/missing.json", "/nodir/", "/index.html/x"} {
		if resp := get(h, "GET", path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestDirectories(t *testing.T) {
	h := NewHandler(writeSite(t), "/")
	resp := get(h, "GET", "/sub", nil)
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/sub/" {
		t.Errorf("GET /sub: %d Location %q, want 302 /sub/", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := body(t, get(h, "GET", "/sub/", nil)); got != siteFiles["sub/index.html"] {
		t.Errorf("GET /sub/: %q", got)
	}
}

func TestPrefix(t *testing.T) {
	h := NewHandler(writeSite(t), "svertka") // normalised to /svertka/
	if got := body(t, get(h, "GET", "/svertka/", nil)); got != siteFiles["index.html"] {
		t.Errorf("GET /svertka/: %q", got)
	}
	if got := body(t, get(h, "GET", "/svertka/model/model.json", nil)); got != siteFiles["model/model.json"] {
		t.Errorf("GET /svertka/model/model.json: %q", got)
	}
	resp := get(h, "GET", "/svertka", nil)
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/svertka/" {
		t.Errorf("GET /svertka: %d Location %q, want 302 /svertka/", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, path := range []string{"/", "/index.html", "/svertkax/index.html", "/other/svertka/"} {
		resp := get(h, "GET", path, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s outside the prefix: status %d, want 404", path, resp.StatusCode)
		}
		if b := body(t, resp); !strings.Contains(b, "/svertka/") {
			t.Errorf("GET %s: 404 body %q does not point at /svertka/", path, b)
		}
	}
}

func TestCleanPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"": "/", "/": "/", "svertka": "/svertka/", "/svertka": "/svertka/",
		"/svertka/": "/svertka/", "//a//b/": "/a/b/", "/a/../b/": "/b/",
	} {
		if got := cleanPrefix(in); got != want {
			t.Errorf("cleanPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPathTraversal(t *testing.T) {
	dir := writeSite(t)
	if err := os.Symlink(filepath.Join(dir, "..", "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	h := NewHandler(dir, "/")
	for _, path := range []string{"/../secret.txt", "/sub/../../secret.txt", "/./../secret.txt", "/link.txt", "..%2fsecret.txt"} {
		resp := get(h, "GET", path, nil)
		if b := body(t, resp); strings.Contains(b, "TOP SECRET") || resp.StatusCode == http.StatusOK {
			t.Errorf("GET %s: status %d body %q", path, resp.StatusCode, b)
		}
	}

	// The same over a real connection, where no client cleans the path.
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, target := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/sub/%2E%2E/%2e%2e/secret.txt"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, resp)
		conn.Close()
		if strings.Contains(b, "TOP SECRET") {
			t.Errorf("raw GET %s leaked the secret (status %d)", target, resp.StatusCode)
		}
		// ".." collapses at the root, so these resolve to /secret.txt inside the folder, which does not exist.
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("raw GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                      false,
		"gzip":                  true,
		"GZIP":                  true,
		"deflate, gzip;q=1.0":   true,
		"gzip;q=0.5":            true,
		"gzip;q=0":              false,
		"gzip; q=0.0, *":        false,
		"br":                    false,
		"identity":              false,
		"*":                     true,
		"*;q=0":                 false,
		"x-gzip":                true,
		"gzip;q=oops":           false,
		" br , gzip ; q = 0.1 ": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
