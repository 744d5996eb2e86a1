package online

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL applies the URL policy to a base URL: https to any host, or
// plain http to a loopback host only (127.0.0.0/8, ::1, localhost), where a
// test fake runs. No user info, query or fragment. The error quotes the
// scheme and host only.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("POSTMARK_API_URL: not a URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("POSTMARK_API_URL: no host")
	}
	if u.User != nil {
		return nil, errors.New("POSTMARK_API_URL: user info is not allowed")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, errors.New("POSTMARK_API_URL: query and fragment are not allowed")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("POSTMARK_API_URL: plain http is allowed only for loopback hosts, not %q", u.Hostname())
		}
	default:
		return nil, fmt.Errorf("POSTMARK_API_URL: scheme %q is not https", u.Scheme)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLoopback accepts the names and addresses that cannot leave the machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
