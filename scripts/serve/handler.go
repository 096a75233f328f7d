package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// Handler serves the files of one folder under a URL path prefix.
type Handler struct {
	dir    string
	prefix string // starts and ends with "/"
	gz     gzipCache
}

// NewHandler serves dir at prefix ("/" or a sub-path such as "/svertka/").
// Files are opened per request, so a rebuilt folder is picked up at once.
func NewHandler(dir, prefix string) *Handler {
	return &Handler{dir: dir, prefix: cleanPrefix(prefix)}
}

// cleanPrefix turns "", "svertka", "/svertka" and "/svertka/" into "/" or "/svertka/".
func cleanPrefix(p string) string {
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	// Revalidate every time: a rebuilt wasm must never be mixed with an old page.
	hdr.Set("Cache-Control", "no-cache")
	// Cross-origin isolation, stricter than GitHub Pages: whatever works here
	// also works there, and nothing can pull in another origin's resources.
	hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
	hdr.Set("Cross-Origin-Embedder-Policy", "require-corp")
	hdr.Set("Cross-Origin-Resource-Policy", "same-origin")
	hdr.Set("X-Content-Type-Options", "nosniff")

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	urlPath := r.URL.Path
	if urlPath+"/" == h.prefix {
		redirect(w, r, h.prefix)
		return
	}
	rest, ok := strings.CutPrefix(urlPath, h.prefix)
	if !ok {
		h.notFound(w)
		return
	}
	// Clean against the root so "..", "//" and "." can never leave the folder;
	// os.OpenInRoot below also refuses symbolic links that point outside it.
	name := strings.TrimPrefix(path.Clean("/"+rest), "/")
	if name == "" {
		name = "."
	}
	f, info, err := h.open(name)
	if err != nil {
		h.notFound(w)
		return
	}
	defer f.Close()
	if info.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			redirect(w, r, path.Base(urlPath)+"/")
			return
		}
		f.Close()
		name = path.Join(name, "index.html")
		if f, info, err = h.open(name); err != nil || info.IsDir() {
			h.notFound(w)
			return
		}
		defer f.Close()
	}
	h.serveFile(w, r, name, f, info)
}

// open opens name (slash-separated, relative to the served folder).
func (h *Handler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenInRoot(h.dir, name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, f *os.File, info fs.FileInfo) {
	hdr := w.Header()
	ext := strings.ToLower(path.Ext(name))
	hdr.Set("Content-Type", contentType(ext))
	// The ETag changes with every rewrite, even within the same second,
	// which Last-Modified alone would miss.
	etag := strconv.FormatInt(info.Size(), 36) + "-" + strconv.FormatInt(info.ModTime().UnixNano(), 36)
	if !compressible[ext] {
		hdr.Set("ETag", `"`+etag+`"`)
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	hdr.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		data, err := h.gz.get(name, f, info)
		if err == nil {
			hdr.Set("Content-Encoding", "gzip")
			hdr.Set("ETag", `"`+etag+`-gz"`)
			if r.Header.Get("Range") == "" {
				// ServeContent leaves it out for encoded bodies; with it the
				// browser can show download progress instead of chunking.
				hdr.Set("Content-Length", strconv.Itoa(len(data)))
			}
			http.ServeContent(w, r, name, info.ModTime(), bytes.NewReader(data))
			return
		}
		// Serve the file uncompressed rather than fail; compress may have read part of it.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	hdr.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, name, info.ModTime(), f)
}

func (h *Handler) notFound(w http.ResponseWriter) {
	msg := "404 page not found"
	if h.prefix != "/" {
		msg += fmt.Sprintf(" (this server serves the site under %s)", h.prefix)
	}
	http.Error(w, msg, http.StatusNotFound)
}

// redirect sends a temporary redirect (a permanent one would be cached by the
// browser and outlive a restart with another prefix), keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusFound)
}
