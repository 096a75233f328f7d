package main

import (
	"mime"
	"strconv"
	"strings"
)

// contentTypes fixes the types the site relies on instead of trusting the
// host's mime.types: application/wasm is required by
// WebAssembly.instantiateStreaming, and module scripts are refused by the
// browser under any type but JavaScript.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".wasm":  "application/wasm",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".webp":  "image/webp",
	".gif":   "image/gif",
	".svg":   "image/svg+xml",
	".ico":   "image/x-icon",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".woff2": "font/woff2",
}

// compressible lists the extensions served gzip-encoded when the client
// accepts it. Images and fonts are compressed already.
var compressible = map[string]bool{
	".html": true, ".js": true, ".mjs": true, ".css": true, ".json": true,
	".map": true, ".wasm": true, ".svg": true, ".txt": true, ".md": true,
}

// contentType returns the Content-Type for a lower-case file extension.
func contentType(ext string) string {
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// acceptsGzip reports whether an Accept-Encoding header value allows gzip:
// it must name gzip (or *) with a non-zero quality, e.g. "gzip, br" or
// "*;q=0.5", but not "gzip;q=0" or "identity".
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0 // quality; -1 = not mentioned
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzip = q
		case "*":
			star = q
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}
