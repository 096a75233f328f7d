package main

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
)

// mountList is the value of the repeatable -mount URLPATH=DIR flag: more
// folders served beside the main one, each under its own URL path. make
// bench uses it to serve the comparison page and node_modules next to the
// built site on one origin, so nothing of the peers ever enters build/site.
type mountList []mount

type mount struct {
	prefix string // as cleanPrefix returns it
	dir    string
}

func (l *mountList) String() string {
	parts := make([]string, len(*l))
	for i, m := range *l {
		parts[i] = m.prefix + "=" + m.dir
	}
	return strings.Join(parts, ",")
}

func (l *mountList) Set(v string) error {
	prefix, dir, ok := strings.Cut(v, "=")
	if !ok || dir == "" {
		return fmt.Errorf("want URLPATH=DIR, e.g. /node_modules/=node_modules, got %q", v)
	}
	p := cleanPrefix(prefix)
	if p == "/" {
		return fmt.Errorf("%q: a mount needs a URL path other than /; the main folder is -dir", v)
	}
	for _, m := range *l {
		if m.prefix == p {
			return fmt.Errorf("%q: %s is mounted twice", v, p)
		}
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%q: %s is not a folder", v, dir)
	}
	*l = append(*l, mount{prefix: p, dir: dir})
	return nil
}

// withMounts sends a request under a mount's path to that mount's folder (the
// longest matching path wins) and every other request to main.
func withMounts(main http.Handler, l mountList) http.Handler {
	if len(l) == 0 {
		return main
	}
	type route struct {
		prefix string
		h      http.Handler
	}
	routes := make([]route, len(l))
	for i, m := range l {
		routes[i] = route{m.prefix, NewHandler(m.dir, m.prefix)}
	}
	sort.Slice(routes, func(i, j int) bool { return len(routes[i].prefix) > len(routes[j].prefix) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rt := range routes {
			if strings.HasPrefix(r.URL.Path, rt.prefix) || r.URL.Path+"/" == rt.prefix {
				rt.h.ServeHTTP(w, r)
				return
			}
		}
		main.ServeHTTP(w, r)
	})
}
