// Command serve is the development web server for the Svertka site.
//
// It serves one folder (normally build/site, written by make build) the way
// the playground needs it: exact MIME types (application/wasm lets the
// browser compile the engine while it downloads), gzip for the large text
// and wasm files, Cache-Control: no-cache so an edit is seen on reload, and
// the COOP/COEP headers that make the page cross-origin isolated.
//
//	go run ./scripts/serve -dir build/site -port 8080
//	go run ./scripts/serve -dir build/pages -prefix /svertka/   # like GitHub Pages
//
// -mount P=DIR (repeatable) serves another folder under URL path P on the
// same origin with the same headers; make bench serves its comparison page
// and node_modules that way, beside the built site and never inside it.
//
// With -port 0 it picks a free port. It always prints one line
// "Serving DIR at URL" once it accepts connections (the end-to-end tests read
// the URL from it) and shuts down gracefully on SIGINT or SIGTERM.
package main
