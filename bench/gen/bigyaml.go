package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// BigYAML writes one YAML document of at least size bytes (and at most
// one service block more): a Helm-like values file for a whole platform,
// one top-level key per service, each a mapping with nested mappings and
// sequences (image, env, ports, resources, routes, dependsOn). Halfway
// through it holds the file's only Postmark entry, a top-level
// postmark: with a server_token. The same seed and size give the same
// bytes; the tree Generate writes is not affected (its own PCG stream).
func BigYAML(w io.Writer, seed int64, size int) (written int, err error) {
	g := newGen(seed, 4)
	bw := bufio.NewWriter(w)
	cw := &countWriter{w: bw}
	env := "production"
	fmt.Fprintf(cw, "# Platform values: one top-level key per service, rendered by the release pipeline.\n"+
		"# Do not edit by hand; secrets come from the vault at deploy time.\n"+
		"global:\n  environment: %s\n  region: %s\n  imageRegistry: registry.%s.internal\n  imagePullSecrets:\n    - name: registry-credentials\n",
		env, g.value("REGION", env), g.word())
	postmarkDone := false
	for i := 1; cw.n < size; i++ {
		if !postmarkDone && cw.n >= size/2 {
			fmt.Fprintf(cw, "postmark:\n  server_token: %s\n  message_stream: outbound\n  from: noreply@acme.example.com\n", yamlQuote(g.token()))
			postmarkDone = true
		}
		g.bigService(cw, fmt.Sprintf("%s-%s-%05d", g.pick(components...), g.word(), i), env)
	}
	if !postmarkDone {
		fmt.Fprintf(cw, "postmark:\n  server_token: %s\n  message_stream: outbound\n  from: noreply@acme.example.com\n", yamlQuote(g.token()))
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

// bigService writes one service's block of BigYAML.
func (g *gen) bigService(w io.Writer, name, env string) {
	fmt.Fprintf(w, "%s:\n  enabled: %t\n  replicaCount: %d\n  image:\n    repository: registry.%s.internal/%s\n    tag: \"%d.%d.%d\"\n    pullPolicy: IfNotPresent\n",
		name, g.chance(0.9), 1+g.r.IntN(6), g.word(), name, g.r.IntN(4), g.r.IntN(30), g.r.IntN(10))
	w.Write([]byte("  env:\n"))
	for _, k := range g.keys(g.between(6, 14)) {
		if g.chance(0.15) {
			fmt.Fprintf(w, "    %s:\n      secretKeyRef:\n        name: %s-secrets\n        key: %s\n", k.key, name, strings.ToLower(k.key))
			continue
		}
		fmt.Fprintf(w, "    %s: %s\n", k.key, yamlQuote(g.value(k.suffix, env)))
	}
	w.Write([]byte("  ports:\n"))
	for p := range g.between(1, 3) {
		fmt.Fprintf(w, "    - name: %s\n      containerPort: %d\n      protocol: TCP\n", []string{"http", "grpc", "metrics"}[p], 8080+p)
	}
	fmt.Fprintf(w, "  resources:\n    limits:\n      cpu: %dm\n      memory: %dMi\n    requests:\n      cpu: %dm\n      memory: %dMi\n",
		100*(1+g.r.IntN(10)), 128*(1+g.r.IntN(8)), 50*(1+g.r.IntN(4)), 64*(1+g.r.IntN(4)))
	w.Write([]byte("  routes:\n"))
	for range g.between(1, 4) {
		fmt.Fprintf(w, "    - path: /v%d/%s/%s\n      methods: [%s]\n      timeout: %s\n", 1+g.r.IntN(3), g.word(), g.word(),
			g.pick("GET", "GET, POST", "GET, PUT, DELETE", "POST"), g.value("TIMEOUT", env))
	}
	fmt.Fprintf(w, "  dependsOn:\n    - %s\n    - %s\n", g.pick(components...), g.pick("postgres", "redis", "kafka", "elasticsearch"))
}

// countWriter counts the bytes written and keeps the first error, so
// that the many small writes need no error check each.
type countWriter struct {
	w   io.Writer
	n   int
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return len(p), nil
	}
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
	return len(p), nil
}

// writeBigYAML writes BigYAML's document of mib MiB to name.
func writeBigYAML(name string, seed int64, mib float64) (int, error) {
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	n, err := BigYAML(f, seed, int(mib*(1<<20)))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
