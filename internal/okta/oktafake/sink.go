package oktafake

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
)

// Sink is an HTTP proxy that records which hosts a client tried to reach and never forwards
// anything. Set as HTTP(S)_PROXY for a test process, it catches every request to a host that
// is not loopback (Go never proxies loopback): a CONNECT (https) is refused before TLS, so no
// header leaves; a plain-http request is recorded with the scheme of its Authorization header.
type Sink struct {
	*httptest.Server
	mu   sync.Mutex
	seen []SinkRequest
}

// SinkRequest is one attempt the sink caught.
type SinkRequest struct {
	Method, Host string
	AuthScheme   string // "" when no Authorization header was sent (always "" for CONNECT)
	HadAuth      bool
}

// NewSink starts a sink on 127.0.0.1.
func NewSink() *Sink {
	s := &Sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, _, _ := strings.Cut(auth, " ")
		s.mu.Lock()
		s.seen = append(s.seen, SinkRequest{Method: r.Method, Host: r.Host, AuthScheme: scheme, HadAuth: auth != ""})
		s.mu.Unlock()
		http.Error(w, "omsso test sink: no traffic leaves the test", http.StatusForbidden)
	}))
	return s
}

// Seen returns what the sink caught so far.
func (s *Sink) Seen() []SinkRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

// Hosts returns the hosts (host:port) the sink caught, in order.
func (s *Sink) Hosts() []string {
	var out []string
	for _, r := range s.Seen() {
		out = append(out, r.Host)
	}
	return out
}
