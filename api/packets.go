package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"imrpacket/index"
)

// reader wraps a packet route: a request needs the reader bearer token or a
// valid signed link for its own path. 401 when neither is presented, 403 when
// a signature is wrong or expired.
func (s *Server) reader(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r.Context())
		ri.stage = "download"
		if id := r.PathValue("id"); id != "" {
			ri.packet = PacketRef(id)
		}
		if s.packets == nil {
			httpError(w, http.StatusServiceUnavailable, "packet downloads are not configured")
			return
		}
		noStore(w)
		if tok, ok := bearer(r); ok {
			if !tokenEqual(tok, s.opt.ReaderToken) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="imrpacket", error="invalid_token"`)
				httpError(w, http.StatusUnauthorized, "bad token")
				return
			}
			ri.linkExp = s.now().Add(s.opt.LinkTTL)
			h(w, r)
			return
		}
		switch err := s.signer.Verify(r.URL.Path, r.URL.Query()); {
		case errors.Is(err, ErrNoCredentials):
			w.Header().Set("WWW-Authenticate", `Bearer realm="imrpacket"`)
			httpError(w, http.StatusUnauthorized, "authentication required")
			return
		case errors.Is(err, ErrLinkExpired):
			httpError(w, http.StatusForbidden, "link expired")
			return
		case err != nil:
			httpError(w, http.StatusForbidden, "bad link signature")
			return
		}
		// Links on a page opened by a signed link expire with it, so a link
		// cannot be renewed by following it.
		exp, _ := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
		ri.linkExp = time.Unix(exp, 0)
		h(w, r)
	})
}

// noStore keeps PHI out of shared caches and stops signed links leaking
// through the Referer header.
func noStore(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store, private")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
}

// validID accepts what a URL-safe id can be, bounded; anything else is not
// a packet and must not reach storage.
var validID = regexp.MustCompile(`^[A-Za-z0-9_\-=.~]+$`)

const maxIDLen = 2048

func (s *Server) packetID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if len(id) > maxIDLen || !validID.MatchString(id) {
		httpError(w, http.StatusNotFound, "packet not found")
		return "", false
	}
	return id, true
}

// storeError answers a Packets error: 404 for unknown packets, 502 for the
// rest (storage is another server). The error is logged by class only.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrPacketNotFound) {
		httpError(w, http.StatusNotFound, "packet not found")
		return
	}
	ri := info(r.Context())
	s.log.LogAttrs(r.Context(), slog.LevelError, "packet storage error",
		slog.String("request_id", ri.id), slog.String("packet", ri.packet), slog.String("error", err.Error()))
	httpError(w, http.StatusBadGateway, "packet storage unavailable")
}

// link signs path so the page's links work in a browser without a header.
func (s *Server) link(r *http.Request, path string) string {
	return s.signer.Sign(path, info(r.Context()).linkExp)
}

func packetPath(id string) string { return "/v1/packets/" + url.PathEscape(id) }

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	id, ok := s.packetID(w, r)
	if !ok {
		return
	}
	b, err := s.packets.Index(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

func (s *Server) handlePDF(w http.ResponseWriter, r *http.Request) {
	id, ok := s.packetID(w, r)
	if !ok {
		return
	}
	// index.json is written last: until it exists packet.pdf may be stale
	// or half a re-run, so only done packets are handed out.
	if _, err := s.packets.Index(r.Context(), id); err != nil {
		s.storeError(w, r, err)
		return
	}
	u, err := s.packets.PDFURL(r.Context(), id, s.opt.PresignTTL)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	// The browser keeps the #page=N fragment of the request across the
	// redirect (RFC 9110 10.2.2), so links can point into the PDF.
	http.Redirect(w, r, u, http.StatusFound)
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	ri := info(r.Context())
	ri.stage = "list"
	list, err := s.packets.List(r.Context())
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Updated.After(list[j].Updated) })
	if wantsJSON(r) {
		type item struct {
			ID      string    `json:"id"`
			Name    string    `json:"name"`
			Updated time.Time `json:"updated"`
		}
		out := make([]item, 0, len(list))
		for _, p := range list {
			out = append(out, item{p.ID, p.Name, p.Updated.UTC()})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	type row struct {
		Name, View, PDF, JSON string
		Updated               string
	}
	data := struct {
		Rows    []row
		Expires string
	}{Expires: ri.linkExp.UTC().Format("2006-01-02 15:04 UTC")}
	for _, p := range list {
		base := packetPath(p.ID)
		data.Rows = append(data.Rows, row{
			Name:    p.Name,
			View:    s.link(r, base+"/view"),
			PDF:     s.link(r, base+"/pdf"),
			JSON:    s.link(r, base),
			Updated: p.Updated.UTC().Format("2006-01-02 15:04"),
		})
	}
	s.render(w, r, "list.html", data)
}

// wantsJSON: scripts ask for the list as JSON with Accept: application/json
// (or ?format=json); browsers get HTML.
func wantsJSON(r *http.Request) bool {
	if r.URL.Query().Get("format") == "json" {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

func (s *Server) handleView(w http.ResponseWriter, r *http.Request) {
	id, ok := s.packetID(w, r)
	if !ok {
		return
	}
	info(r.Context()).stage = "view"
	b, err := s.packets.Index(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	var idx index.Index
	if err := json.Unmarshal(b, &idx); err != nil {
		// Our own output unreadable: a bug or a foreign file, not the reader's fault.
		s.storeError(w, r, fmt.Errorf("index.json does not decode: %w", errors.New(jsonErrorClass(err))))
		return
	}
	base := packetPath(id)
	s.render(w, r, "view.html", buildView(&idx, s.link(r, base+"/pdf"), s.link(r, base), s.link(r, "/v1/packets"), info(r.Context()).linkExp))
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		// Template errors name the template and field, never the data.
		s.log.LogAttrs(r.Context(), slog.LevelError, "render failed",
			slog.String("request_id", info(r.Context()).id), slog.String("template", name), slog.String("error", err.Error()))
		httpError(w, http.StatusInternalServerError, "could not render page")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// OCR text reaches these pages: even if escaping failed, no script runs.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	_, _ = w.Write(buf.Bytes())
}
