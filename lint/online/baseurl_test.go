package online

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		raw  string
		ok   bool
		want string
	}{
		{"https://api.postmarkapp.com", true, "https://api.postmarkapp.com"},
		{"https://api.postmarkapp.com/", true, "https://api.postmarkapp.com"},
		{"https://proxy.example.com/postmark/", true, "https://proxy.example.com/postmark"},
		{"http://127.0.0.1:8080", true, "http://127.0.0.1:8080"},
		{"http://127.1.2.3", true, "http://127.1.2.3"},
		{"http://[::1]:9000/", true, "http://[::1]:9000"},
		{"http://localhost:3000", true, "http://localhost:3000"},
		{"http://LOCALHOST", true, "http://LOCALHOST"},
		{"http://api.postmarkapp.com", false, ""},
		{"http://example.com", false, ""},
		{"http://127.0.0.1.example.com", false, ""},
		{"http://localhost.example.com", false, ""},
		{"http://10.0.0.1", false, ""},
		{"http://[::2]", false, ""},
		{"ftp://127.0.0.1", false, ""},
		{"api.postmarkapp.com", false, ""},
		{"https://", false, ""},
		{"https://user:pass@api.postmarkapp.com", false, ""},
		{"https://api.postmarkapp.com/?token=x", false, ""},
		{"https://api.postmarkapp.com/#x", false, ""},
		{"://bad", false, ""},
	}
	for _, tt := range tests {
		u, err := CheckBaseURL(tt.raw)
		if (err == nil) != tt.ok {
			t.Errorf("CheckBaseURL(%q) error %v, want ok=%v", tt.raw, err, tt.ok)
			continue
		}
		if tt.ok && u.String() != tt.want {
			t.Errorf("CheckBaseURL(%q) = %q, want %q", tt.raw, u, tt.want)
		}
		if !tt.ok && strings.Contains(err.Error(), "pass") {
			t.Errorf("CheckBaseURL(%q): error quotes the user info: %v", tt.raw, err)
		}
	}
}

func TestNewDefaultsAndPolicy(t *testing.T) {
	v, err := New(Options{NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.base.String() != DefaultBaseURL || v.timeout != DefaultTimeout {
		t.Errorf("defaults: %s %v", v.base, v.timeout)
	}
	if v.client.CheckRedirect == nil {
		t.Error("redirects would be followed")
	}
	if _, err := New(Options{BaseURL: "http://api.postmarkapp.com"}); err == nil {
		t.Error("plain http to a remote host accepted")
	}
	if v.endpoint(Server) != "https://api.postmarkapp.com/server" ||
		v.endpoint(Account) != "https://api.postmarkapp.com/domains?count=1&offset=0" {
		t.Errorf("endpoints %s %s", v.endpoint(Server), v.endpoint(Account))
	}
}
