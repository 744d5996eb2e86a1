package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Kind is what a generated file holds.
type Kind string

// The kinds of generated files.
const (
	KindEnv    Kind = "env"
	KindYAML   Kind = "yaml"
	KindTOML   Kind = "toml"
	KindJSON   Kind = "json"       // .NET appsettings and node-config files
	KindProps  Kind = "properties" // Spring application-*.properties
	KindTF     Kind = "terraform"  // .tf and .tfvars
	KindSource Kind = "source"     // code, docs and JSON manifests a walk skips
)

// IsConfig reports whether the kind is one postmarklint walks for.
func (k Kind) IsConfig() bool { return k != KindSource }

// Shares of the tree: three quarters configuration, and about one config
// file in fifty with a Postmark entry.
const (
	ConfigShare   = 0.75
	PostmarkShare = 0.02
)

// Options say what to generate.
type Options struct {
	Files int   // number of files
	Seed  int64 // same seed, same bytes
	// Config is the share of files that are configuration and Postmark
	// the share of those with a Postmark entry; 0 means ConfigShare and
	// PostmarkShare. Config 1 and Postmark 1 make a tree in which every
	// file holds an entry.
	Config, Postmark float64
	// Keys multiplies the number of keys in each configuration file (and
	// so its size); 0 means 1.
	Keys float64
}

// shares are the configuration and Postmark shares the options ask for.
func (o Options) shares() (config, postmark float64) {
	config, postmark = ConfigShare, PostmarkShare
	if o.Config > 0 {
		config = o.Config
	}
	if o.Postmark > 0 {
		postmark = o.Postmark
	}
	return config, postmark
}

// File is one generated file.
type File struct {
	Path     string // slash-separated, relative to the tree's root
	Kind     Kind
	Postmark bool   // holds a Postmark entry
	Problem  string // for Postmark files: "" when well-formed, else what is wrong
	Size     int
}

// Generate writes the tree under dir (created if missing) and lists what
// it wrote, in the order written. The same options always give the same
// bytes: every random choice comes from one PCG seeded with Seed, in a
// fixed order, and nothing depends on map order, time or the environment.
func Generate(dir string, opt Options) ([]File, error) {
	files := Plan(opt)
	g := newGen(opt.Seed, 2)
	g.keyScale = opt.Keys
	made := map[string]bool{}
	for i := range files {
		f := &files[i]
		body := g.content(f)
		f.Size = len(body)
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// Plan decides every file's path, kind and Postmark entry without
// writing anything.
func Plan(opt Options) []File {
	g := newGen(opt.Seed, 1)
	n := max(opt.Files, 0)

	// Exact counts, shuffled: the mix does not drift with small trees.
	configShare, postmarkShare := opt.shares()
	nConfig := int(float64(n)*configShare + 0.5)
	nPostmark := int(float64(nConfig)*postmarkShare + 0.5)
	if nConfig > 0 && nPostmark == 0 {
		nPostmark = 1
	}
	kinds := make([]Kind, n)
	for i := range kinds {
		switch {
		case i >= nConfig:
			kinds[i] = KindSource
		default:
			// .env files are the biggest group, then YAML, then TOML,
			// JSON settings, .properties and Terraform.
			switch r := g.r.IntN(100); {
			case r < 44:
				kinds[i] = KindEnv
			case r < 72:
				kinds[i] = KindYAML
			case r < 84:
				kinds[i] = KindTOML
			case r < 92:
				kinds[i] = KindJSON
			case r < 96:
				kinds[i] = KindProps
			default:
				kinds[i] = KindTF
			}
		}
	}
	pm := make([]bool, nConfig)
	for i := range nPostmark {
		pm[i] = true
	}
	g.r.Shuffle(len(pm), func(i, j int) { pm[i], pm[j] = pm[j], pm[i] })
	order := g.r.Perm(n)

	files := make([]File, 0, n)
	dirs := map[string]bool{}
	for len(files) < n {
		dir := g.folder(dirs)
		count := min(20+g.r.IntN(31), n-len(files))
		taken := map[string]bool{}
		for range count {
			k := order[len(files)]
			f := File{Kind: kinds[k]}
			if k < nConfig {
				f.Postmark = pm[k]
			}
			name := g.fileName(f.Kind, dir)
			for i := 2; taken[name]; i++ {
				name = numbered(g.fileName(f.Kind, dir), i)
			}
			taken[name] = true
			f.Path = dir + "/" + name
			if f.Postmark {
				f.Problem = g.pick(problems...)
			}
			files = append(files, f)
		}
	}
	return files
}

// Problems a Postmark entry may have; "" (well-formed) is listed twice so
// that about a third are fine.
var problems = []string{"", "", "trailing-space", "truncated", "placeholder", "upper-case"}

// numbered makes a name unique by putting -i before its extension, keeping
// the part of the name that says its format.
func numbered(name string, i int) string {
	suffix := fmt.Sprintf("-%d", i)
	switch {
	case name == ".env":
		return ".env.local" + suffix
	case strings.HasPrefix(name, ".env"):
		return name + suffix
	case strings.HasPrefix(name, "env."):
		return name + suffix
	case name == "appsettings.json":
		return "appsettings.Instance" + suffix + ".json"
	}
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + suffix + ext
}

type gen struct {
	r        *rand.Rand
	keyScale float64 // Options.Keys
}

func newGen(seed int64, stream uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15^stream))}
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

var (
	roots      = []string{"services", "apps", "packages", "deploy", "infra", "config", "libs", "tools", "platform", "examples"}
	components = []string{"api", "web", "worker", "billing", "auth", "mailer", "notifications", "gateway", "search",
		"checkout", "accounts", "orders", "inventory", "payments", "reports", "scheduler", "admin", "cms",
		"analytics", "media", "uploads", "webhooks", "sync", "ledger", "catalog", "pricing", "identity", "chat"}
	folderWords = []string{"config", "deploy", "k8s", "helm", "charts", "templates", "overlays", "base", "env",
		"settings", "src", "internal", "cmd", "server", "docker", "compose", "ci", "scripts", "docs", "app", "lib",
		"modules", "core", "handlers", "jobs", "fixtures", "terraform", "cloudflare", "workers"}
	envFolders = []string{"production", "staging", "development", "test", "examples", "prod", "stage", "dev", "local", "preprod", "qa"}
	envNames   = []string{"production", "staging", "development", "test", "example"}
)

// folder returns a new folder path, 2 to 6 levels deep.
func (g *gen) folder(seen map[string]bool) string {
	for try := 0; ; try++ {
		depth := g.between(2, 6)
		segs := []string{g.pick(roots...), g.pick(components...)}
		for len(segs) < depth {
			switch r := g.r.IntN(10); {
			case r < 3:
				segs = append(segs, g.pick(envFolders...))
			case r < 5:
				segs = append(segs, g.pick(components...))
			default:
				segs = append(segs, g.pick(folderWords...))
			}
		}
		if try > 20 {
			segs[len(segs)-1] += fmt.Sprintf("-%d", try)
		}
		p := strings.Join(segs, "/")
		if !seen[p] {
			seen[p] = true
			return p
		}
	}
}

// envOfDir is the environment a folder names, if any.
func envOfDir(dir string) string {
	for _, s := range strings.Split(dir, "/") {
		switch s {
		case "production", "prod":
			return "production"
		case "staging", "stage", "preprod", "qa":
			return "staging"
		case "development", "dev", "local":
			return "development"
		case "test":
			return "test"
		case "examples":
			return "example"
		}
	}
	return ""
}

func (g *gen) env(dir string) string {
	if e := envOfDir(dir); e != "" && g.chance(0.7) {
		return e
	}
	return g.pick(envNames...)
}

func short(env string) string {
	switch env {
	case "production":
		return "prod"
	case "staging":
		return "stage"
	case "development":
		return "dev"
	}
	return env
}

func (g *gen) fileName(k Kind, dir string) string {
	env := g.env(dir)
	comp := g.pick(components...)
	switch k {
	case KindEnv:
		switch g.r.IntN(8) {
		case 0:
			return ".env"
		case 1, 2, 3:
			return ".env." + env
		case 4:
			return ".env." + env + ".local"
		case 5:
			return comp + ".env"
		case 6:
			return comp + "." + env + ".env"
		default:
			return ".env." + comp + "." + env
		}
	case KindYAML:
		ext := g.pick(".yaml", ".yml")
		switch g.r.IntN(9) {
		case 0:
			return "docker-compose" + ext
		case 1:
			return "docker-compose." + short(env) + ext
		case 2:
			return comp + "-deployment" + ext
		case 3:
			return "values-" + short(env) + ext
		case 4:
			return "config." + env + ext
		case 5:
			return "application-" + env + ext
		case 6:
			return "deploy-" + env + ext
		case 7:
			return comp + ext
		default:
			return comp + "." + env + ext
		}
	case KindTOML:
		switch g.r.IntN(5) {
		case 0:
			return "wrangler.toml"
		case 1:
			return "config." + env + ".toml"
		case 2:
			return comp + ".toml"
		case 3:
			return "app." + short(env) + ".toml"
		default:
			return "settings.toml"
		}
	case KindJSON:
		switch r := g.r.IntN(4); {
		case path.Base(dir) == "config" && r == 2 && env != "example":
			return short(env) + ".json" // node-config
		case path.Base(dir) == "config" && r == 3:
			return "default.json"
		case r%2 == 0:
			return "appsettings.json"
		default:
			return "appsettings." + strings.ToUpper(env[:1]) + env[1:] + ".json"
		}
	case KindProps:
		if g.chance(0.3) {
			return "application.properties"
		}
		return "application-" + short(env) + ".properties"
	case KindTF:
		switch g.r.IntN(3) {
		case 0:
			return "main.tf"
		case 1:
			return "variables.tf"
		default:
			return short(env) + ".tfvars"
		}
	}
	ext := g.pick(".go", ".go", ".js", ".ts", ".py", ".md", ".json")
	if ext == ".json" {
		// Manifests and lock files: JSON that is never configuration.
		return g.pick("package.json", "package-lock.json", "tsconfig.json", "composer.json", comp+".schema.json")
	}
	if ext == ".md" {
		return g.pick("README", "CHANGELOG", "notes", "runbook", comp, "design") + ext
	}
	return g.pick(comp, "handler", "client", "server", "util", "config", "models", "routes", "service", "store") + ext
}

// content is the body of one file. Its shape (template and section) is
// chosen from the file's kind and name.
func (g *gen) content(f *File) string {
	var pm *postmark
	if f.Postmark {
		pm = g.postmark(f.Problem)
	}
	env := envFromName(f.Path)
	name := path.Base(f.Path)
	switch f.Kind {
	case KindEnv:
		return g.dotenv(env, pm)
	case KindYAML:
		switch {
		case strings.HasPrefix(name, "docker-compose"):
			return g.compose(env, pm)
		case strings.Contains(name, "deployment") || strings.HasPrefix(name, "values-"):
			return g.kubernetes(env, pm)
		case strings.HasPrefix(name, "deploy-"):
			return g.workflow(env, pm)
		}
		return g.appYAML(env, pm)
	case KindTOML:
		if name == "wrangler.toml" {
			return g.wrangler(pm)
		}
		return g.appTOML(env, pm)
	case KindJSON:
		return g.appsettings(env, pm)
	case KindProps:
		return g.properties(env, pm)
	case KindTF:
		if strings.HasSuffix(name, ".tfvars") {
			return g.tfvars(env, pm)
		}
		return g.terraform(env, pm)
	}
	return g.source(path.Ext(name))
}

func envFromName(p string) string {
	for _, e := range envNames {
		if strings.Contains(path.Base(p), e) || strings.Contains(path.Base(p), short(e)) {
			return e
		}
	}
	if e := envOfDir(path.Dir(p)); e != "" {
		return e
	}
	return "production"
}

// token is a fake Postmark token: UUID-shaped, from the seeded generator.
func (g *gen) token() string {
	r := g.r
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xffff,
		r.Uint32()&0xffff, r.Uint64()&0xffffffffffff)
}

// postmark is the Postmark entry a file will hold.
type postmark struct {
	value string // the token, as it will be written, problem included
	style int    // which shape of entry, per format
}

func (g *gen) postmark(problem string) *postmark {
	tok := g.token()
	switch problem {
	case "trailing-space":
		tok += " "
	case "truncated":
		tok = tok[:g.between(20, 33)]
	case "placeholder":
		tok = g.pick("your-postmark-server-token", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "<postmark-token>", "changeme", "TODO")
	case "upper-case":
		tok = strings.ToUpper(tok)
	}
	return &postmark{value: tok, style: g.r.IntN(4)}
}

// postmarkAt is where among n keys a file's Postmark entry goes, or -1
// when the file has none.
func (g *gen) postmarkAt(pm *postmark, n int) int {
	if pm == nil {
		return -1
	}
	return g.r.IntN(n)
}

// ---- values -------------------------------------------------------------

func (g *gen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.r.IntN(16)]
	}
	return string(b)
}

func (g *gen) word() string {
	return g.pick("alpha", "bravo", "delta", "echo", "falcon", "harbor", "jade", "kilo", "lima", "nova", "orbit",
		"pixel", "quartz", "raven", "sierra", "tango", "umbra", "vector", "willow", "zephyr", "cobalt", "ember")
}

var (
	keyPrefixes = []string{"APP", "DATABASE", "DB", "REDIS", "CACHE", "QUEUE", "AWS", "S3", "SENTRY", "AUTH", "JWT",
		"OAUTH", "SMTP", "MAIL", "LOG", "FEATURE", "HTTP", "GRPC", "METRICS", "OTEL", "CORS", "SESSION", "RATE_LIMIT",
		"SEARCH", "ELASTIC", "KAFKA", "WORKER", "CDN", "GOOGLE", "GITHUB", "SLACK", "TWILIO", "ANALYTICS", "STORAGE"}
	keySuffixes = []string{"URL", "HOST", "PORT", "USER", "PASSWORD", "TIMEOUT", "ENABLED", "LEVEL", "NAME", "REGION",
		"BUCKET", "SECRET", "KEY", "POOL_SIZE", "MAX_CONNECTIONS", "TTL", "ENDPOINT", "RETRIES", "ID", "PATH", "MODE"}
)

// value returns a realistic value for a key ending in suffix.
func (g *gen) value(suffix, env string) string {
	host := g.pick("db", "cache", "queue", "api", "search", "internal") + "." + short(env) + "." + g.word() + ".internal"
	switch suffix {
	case "URL", "ENDPOINT":
		switch g.r.IntN(4) {
		case 0:
			return fmt.Sprintf("postgres://%s:%s@%s:5432/%s_%s", g.word(), g.hex(16), host, g.word(), short(env))
		case 1:
			return fmt.Sprintf("redis://%s:6379/%d", host, g.r.IntN(16))
		default:
			return fmt.Sprintf("https://%s/%s/v%d", host, g.word(), 1+g.r.IntN(3))
		}
	case "HOST":
		return host
	case "PORT":
		return fmt.Sprint(g.pick("5432", "6379", "8080", "3000", "9092", "443", "8443", "587"))
	case "USER", "NAME":
		return g.word() + "_" + short(env)
	case "PASSWORD", "SECRET":
		return g.hex(32)
	case "KEY":
		return "k_" + short(env) + "_" + g.hex(24)
	case "TIMEOUT", "TTL":
		return fmt.Sprintf("%d%s", 1+g.r.IntN(120), g.pick("s", "ms", "m"))
	case "ENABLED":
		return g.pick("true", "false")
	case "LEVEL", "MODE":
		return g.pick("debug", "info", "warn", "error", "strict", "lenient")
	case "REGION":
		return g.pick("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2")
	case "BUCKET":
		return g.word() + "-" + short(env) + "-assets"
	case "PATH":
		return "/var/lib/" + g.word() + "/" + g.word()
	case "ID":
		return fmt.Sprint(100000 + g.r.IntN(900000))
	}
	return fmt.Sprint(1 + g.r.IntN(256))
}

type kv struct{ key, suffix string }

func (g *gen) key() kv {
	s := g.pick(keySuffixes...)
	return kv{g.pick(keyPrefixes...) + "_" + s, s}
}

// keys returns n distinct keys.
func (g *gen) keys(n int) []kv {
	if g.keyScale > 0 {
		n = max(1, int(float64(n)*g.keyScale+0.5))
	}
	seen := map[string]bool{}
	var out []kv
	for len(out) < n {
		k := g.key()
		if !seen[k.key] {
			seen[k.key] = true
			out = append(out, k)
		}
	}
	return out
}

// ---- .env ---------------------------------------------------------------

func (g *gen) dotenv(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s environment for %s\n# Managed by the platform team; do not commit real secrets.\n\n", env, g.pick(components...))
	keys := g.keys(g.between(25, 50))
	at := g.postmarkAt(pm, len(keys))
	section := ""
	for i, k := range keys {
		if p, _, _ := strings.Cut(k.key, "_"); p != section {
			section = p
			if g.chance(0.3) {
				fmt.Fprintf(&b, "\n# --- %s ---\n", strings.ToLower(p))
			}
		}
		if i == at {
			g.dotenvPostmark(&b, pm)
		}
		v := g.value(k.suffix, env)
		switch r := g.r.IntN(10); {
		case r < 5:
			fmt.Fprintf(&b, "%s=%s\n", k.key, v)
		case r < 8:
			fmt.Fprintf(&b, "%s=\"%s\"\n", k.key, v)
		case r < 9:
			fmt.Fprintf(&b, "%s='%s'\n", k.key, v)
		default:
			fmt.Fprintf(&b, "export %s=%s # %s\n", k.key, v, g.word())
		}
	}
	return b.String()
}

func (g *gen) dotenvPostmark(b *strings.Builder, pm *postmark) {
	switch pm.style {
	case 0:
		fmt.Fprintf(b, "POSTMARK_SERVER_TOKEN=\"%s\"\n", pm.value)
	case 1:
		fmt.Fprintf(b, "MAIL_MAILER=postmark\nPOSTMARK_API_KEY='%s'\n", pm.value)
	case 2:
		fmt.Fprintf(b, "# Postmark (transactional mail)\nexport POSTMARK_TOKEN=\"%s\"\n", pm.value)
	default:
		fmt.Fprintf(b, "EMAIL_HOST=smtp.postmarkapp.com\nEMAIL_PORT=587\nEMAIL_HOST_PASSWORD=\"%s\"\n", pm.value)
	}
}

// ---- YAML ---------------------------------------------------------------

func yamlQuote(v string) string {
	return `"` + v + `"`
}

func (g *gen) compose(env string, pm *postmark) string {
	var b strings.Builder
	b.WriteString("services:\n")
	services := g.between(2, 4)
	total := g.between(25, 50)
	perService := total / services
	pmAt := g.postmarkAt(pm, services)
	asList := g.chance(0.4)
	for s := range services {
		name := g.pick(components...) + fmt.Sprint(s)
		fmt.Fprintf(&b, "  %s:\n    image: registry.%s.internal/%s:%d.%d.%d\n", name, g.word(), name,
			g.r.IntN(4), g.r.IntN(30), g.r.IntN(10))
		fmt.Fprintf(&b, "    restart: unless-stopped\n    ports:\n      - \"%d:%d\"\n", 3000+g.r.IntN(6000), 8080)
		b.WriteString("    environment:\n")
		if s == pmAt {
			if asList {
				fmt.Fprintf(&b, "      - POSTMARK_SERVER_TOKEN=%s\n", pm.value)
			} else {
				fmt.Fprintf(&b, "      POSTMARK_SERVER_TOKEN: %s\n", yamlQuote(pm.value))
			}
		}
		for _, k := range g.keys(perService) {
			v := g.value(k.suffix, env)
			if asList {
				fmt.Fprintf(&b, "      - %s=%s\n", k.key, v)
			} else {
				fmt.Fprintf(&b, "      %s: %s\n", k.key, yamlQuote(v))
			}
		}
		fmt.Fprintf(&b, "    depends_on:\n      - %s\n    volumes:\n      - ./data/%s:/var/lib/%s\n", g.word(), name, name)
	}
	return b.String()
}

func (g *gen) kubernetes(env string, pm *postmark) string {
	var b strings.Builder
	name := g.pick(components...)
	fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n    app: %s\n    environment: %s\n",
		name, short(env), name, env)
	fmt.Fprintf(&b, "spec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app: %s\n  template:\n    metadata:\n      labels:\n        app: %s\n",
		1+g.r.IntN(6), name, name)
	fmt.Fprintf(&b, "    spec:\n      containers:\n        - name: %s\n          image: ghcr.io/%s/%s:%s\n          env:\n",
		name, g.word(), name, g.hex(7))
	keys := g.keys(g.between(25, 45))
	at := g.postmarkAt(pm, len(keys))
	for i, k := range keys {
		if i == at {
			fmt.Fprintf(&b, "            - name: POSTMARK_SERVER_TOKEN\n              value: %s\n", yamlQuote(pm.value))
		}
		if g.chance(0.15) {
			fmt.Fprintf(&b, "            - name: %s\n              valueFrom:\n                secretKeyRef:\n                  name: %s-secrets\n                  key: %s\n",
				k.key, name, strings.ToLower(k.key))
			continue
		}
		fmt.Fprintf(&b, "            - name: %s\n              value: %s\n", k.key, yamlQuote(g.value(k.suffix, env)))
	}
	fmt.Fprintf(&b, "          resources:\n            limits:\n              memory: %dMi\n              cpu: %dm\n", 128*(1+g.r.IntN(8)), 100*(1+g.r.IntN(10)))
	return b.String()
}

func (g *gen) workflow(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name: Deploy %s\n\non:\n  push:\n    branches: [main]\n  workflow_dispatch: {}\n\nenv:\n", env)
	for _, k := range g.keys(g.between(8, 14)) {
		fmt.Fprintf(&b, "  %s: %s\n", k.key, yamlQuote(g.value(k.suffix, env)))
	}
	fmt.Fprintf(&b, "\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: %s\n    env:\n", env)
	if pm != nil {
		fmt.Fprintf(&b, "      POSTMARK_API_TOKEN: %s\n", yamlQuote(pm.value))
	}
	for _, k := range g.keys(g.between(10, 20)) {
		if g.chance(0.3) {
			fmt.Fprintf(&b, "      %s: ${{ secrets.%s }}\n", k.key, k.key)
			continue
		}
		fmt.Fprintf(&b, "      %s: %s\n", k.key, yamlQuote(g.value(k.suffix, env)))
	}
	b.WriteString("    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.26'\n")
	for range g.between(3, 6) {
		fmt.Fprintf(&b, "      - name: %s %s\n        run: make %s ENV=%s\n", g.pick("Build", "Test", "Migrate", "Deploy", "Notify"),
			g.word(), g.word(), short(env))
	}
	return b.String()
}

// section writes nested YAML mappings: n keys spread over subsections.
func (g *gen) yamlSection(b *strings.Builder, indent string, depth, n int, env string) {
	for _, k := range g.keys(n) {
		if depth < 3 && g.chance(0.12) {
			fmt.Fprintf(b, "%s%s:\n", indent, strings.ToLower(k.key))
			g.yamlSection(b, indent+"  ", depth+1, g.between(2, 4), env)
			continue
		}
		v := g.value(k.suffix, env)
		if g.chance(0.5) {
			v = yamlQuote(v)
		}
		fmt.Fprintf(b, "%s%s: %s\n", indent, strings.ToLower(k.key), v)
	}
}

func (g *gen) appYAML(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s settings\n", env)
	sections := []string{"server", "database", "cache", "queue", "logging", "features", "storage", "auth", "mail", "metrics"}
	g.r.Shuffle(len(sections), func(i, j int) { sections[i], sections[j] = sections[j], sections[i] })
	nSec := g.between(3, 5)
	total := g.between(25, 50)
	envWrap := g.chance(0.3)
	indent := ""
	if envWrap {
		fmt.Fprintf(&b, "%s:\n", env)
		indent = "  "
	}
	for i, s := range sections[:nSec] {
		fmt.Fprintf(&b, "%s%s:\n", indent, s)
		g.yamlSection(&b, indent+"  ", 1, total/nSec, env)
		if pm != nil && i == 0 {
			g.yamlPostmark(&b, indent, pm)
		}
	}
	return b.String()
}

func (g *gen) yamlPostmark(b *strings.Builder, indent string, pm *postmark) {
	switch pm.style {
	case 0:
		fmt.Fprintf(b, "%spostmark:\n%s  api_token: %s\n%s  from: noreply@%s.example.com\n", indent, indent, yamlQuote(pm.value), indent, "acme")
	case 1:
		fmt.Fprintf(b, "%semail_client:\n%s  base_url: \"https://api.postmarkapp.com\"\n%s  authorization_token: %s\n%s  timeout_milliseconds: 10000\n",
			indent, indent, indent, yamlQuote(pm.value), indent)
	case 2:
		fmt.Fprintf(b, "%snotifiers:\n%s  postmark:\n%s    token: %s\n", indent, indent, indent, yamlQuote(pm.value))
	default:
		fmt.Fprintf(b, "%smailer:\n%s  dsn: \"postmark+api://%s@default\"\n", indent, indent, pm.value)
	}
}

// ---- TOML ---------------------------------------------------------------

func (g *gen) appTOML(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s configuration\ntitle = \"%s\"\nenvironment = \"%s\"\n\n", env, g.pick(components...), env)
	tables := []string{"server", "database", "cache", "queue", "logging", "features", "storage", "auth", "metrics", "http.cors"}
	g.r.Shuffle(len(tables), func(i, j int) { tables[i], tables[j] = tables[j], tables[i] })
	nTab := g.between(3, 6)
	total := g.between(25, 50)
	for _, t := range tables[:nTab] {
		fmt.Fprintf(&b, "[%s]\n", t)
		for _, k := range g.keys(total / nTab) {
			v := g.value(k.suffix, env)
			switch k.suffix {
			case "PORT", "ID", "POOL_SIZE", "MAX_CONNECTIONS", "RETRIES":
				fmt.Fprintf(&b, "%s = %s\n", strings.ToLower(k.key), v)
			case "ENABLED":
				fmt.Fprintf(&b, "%s = %s\n", strings.ToLower(k.key), v)
			default:
				fmt.Fprintf(&b, "%s = \"%s\"\n", strings.ToLower(k.key), v)
			}
		}
		b.WriteString("\n")
	}
	if pm != nil {
		switch pm.style % 2 {
		case 0:
			fmt.Fprintf(&b, "[postmark]\napi_token = \"%s\"\nmessage_stream = \"outbound\"\n", pm.value)
		default:
			fmt.Fprintf(&b, "[email_client]\nbase_url = \"https://api.postmarkapp.com\"\nsender_email = \"noreply@acme.example.com\"\nauthorization_token = \"%s\"\n", pm.value)
		}
	}
	return b.String()
}

func (g *gen) wrangler(pm *postmark) string {
	var b strings.Builder
	name := g.pick(components...)
	fmt.Fprintf(&b, "name = \"%s\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2025-0%d-1%d\"\n\n", name, 1+g.r.IntN(9), g.r.IntN(10))
	fmt.Fprintf(&b, "[vars]\n")
	for _, k := range g.keys(g.between(6, 10)) {
		fmt.Fprintf(&b, "%s = \"%s\"\n", k.key, g.value(k.suffix, "development"))
	}
	for _, env := range []string{"staging", "production"} {
		fmt.Fprintf(&b, "\n[env.%s]\nname = \"%s-%s\"\nroute = \"%s.%s.example.com/*\"\n\n[env.%s.vars]\n", env, name, env, name, short(env), env)
		if pm != nil && env == "production" {
			fmt.Fprintf(&b, "POSTMARK_SERVER_TOKEN = \"%s\"\n", pm.value)
		}
		for _, k := range g.keys(g.between(8, 16)) {
			fmt.Fprintf(&b, "%s = \"%s\"\n", k.key, g.value(k.suffix, env))
		}
	}
	for range g.between(1, 3) {
		fmt.Fprintf(&b, "\n[[kv_namespaces]]\nbinding = \"%s\"\nid = \"%s\"\n", strings.ToUpper(g.word()), g.hex(32))
	}
	return b.String()
}

// ---- source files -------------------------------------------------------

func (g *gen) source(ext string) string {
	var b strings.Builder
	target := g.between(1024, 3072)
	if ext == ".json" {
		// A package manifest or lock file: a walk never reads it.
		fmt.Fprintf(&b, "{\n  \"name\": \"@%s/%s\",\n  \"version\": \"%d.%d.%d\",\n  \"dependencies\": {\n", g.word(), g.word(), g.r.IntN(4), g.r.IntN(30), g.r.IntN(10))
		for b.Len() < target {
			fmt.Fprintf(&b, "    \"%s-%s\": \"^%d.%d.%d\",\n", g.word(), g.word(), g.r.IntN(20), g.r.IntN(30), g.r.IntN(10))
		}
		b.WriteString("    \"zod\": \"^3.23.8\"\n  }\n}\n")
		return b.String()
	}
	switch ext {
	case ".go":
		fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\n", g.word())
	case ".js", ".ts":
		fmt.Fprintf(&b, "'use strict';\n\nconst %s = require('./%s');\n\n", g.word(), g.word())
	case ".py":
		fmt.Fprintf(&b, "\"\"\"%s helpers.\"\"\"\n\nimport os\nimport logging\n\n", g.word())
	case ".md":
		fmt.Fprintf(&b, "# %s %s\n\n", strings.ToUpper(g.word()[:1])+g.word(), g.word())
	}
	for b.Len() < target {
		a, c, d := g.word(), g.word(), g.word()
		k := g.key()
		switch ext {
		case ".go":
			fmt.Fprintf(&b, "// %s%s returns the %s of %s.\nfunc %s%s(ctx context.Context, n int) (string, error) {\n\tif n < %d {\n\t\treturn \"\", fmt.Errorf(\"%s: %%d\", n)\n\t}\n\treturn fmt.Sprint(n * %d), nil\n}\n\n",
				a, c, d, k.key, a, c, g.r.IntN(100), d, g.r.IntN(1000))
		case ".js", ".ts":
			fmt.Fprintf(&b, "// %s the %s\nasync function %s%s(req, res) {\n  const value = process.env.%s || '%s';\n  return res.json({ %s: value, n: %d });\n}\n\n",
				a, c, a, strings.ToUpper(c[:1])+c[1:], k.key, d, d, g.r.IntN(1000))
		case ".py":
			fmt.Fprintf(&b, "def %s_%s(value, retries=%d):\n    \"\"\"Return the %s of value.\"\"\"\n    setting = os.environ.get(\"%s\", \"%s\")\n    logging.debug(\"%s %%s\", setting)\n    return value * %d\n\n\n",
				a, c, g.r.IntN(10), d, k.key, d, a, g.r.IntN(100))
		default:
			fmt.Fprintf(&b, "## %s %s\n\nSet `%s` before running `make %s`. The %s service reads it at start-up and\nlogs the %s at level %s.\n\n",
				a, c, k.key, d, a, c, g.value("LEVEL", "production"))
		}
	}
	return b.String()
}

// ---- JSON, .properties, Terraform ----------------------------------------

// lowerKey turns DATABASE_POOL_SIZE into database.pool.size.
func lowerKey(k string) string { return strings.ToLower(strings.ReplaceAll(k, "_", ".")) }

// camelKey turns DATABASE_POOL_SIZE into Database and PoolSize.
func camelKey(k string) (section, name string) {
	words := strings.Split(strings.ToLower(k), "_")
	title := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	section = title(words[0])
	for _, w := range words[1:] {
		name += title(w)
	}
	return section, name
}

func (g *gen) appsettings(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n  // %s settings for %s\n  \"Logging\": { \"LogLevel\": { \"Default\": \"%s\" } },\n", env, g.pick(components...), g.pick("Information", "Warning"))
	keys := g.keys(g.between(20, 40))
	at := g.postmarkAt(pm, len(keys))
	for i, k := range keys {
		if i == at {
			if pm.style%2 == 0 {
				fmt.Fprintf(&b, "  \"Postmark\": { \"ServerToken\": %q, \"From\": \"noreply@example.com\" },\n", pm.value)
			} else {
				fmt.Fprintf(&b, "  \"Postmark:ServerToken\": %q,\n", pm.value)
			}
		}
		section, name := camelKey(k.key)
		fmt.Fprintf(&b, "  \"%s:%s\": %q,\n", section, name, g.value(k.suffix, env))
	}
	b.WriteString("  \"AllowedHosts\": \"*\"\n}\n")
	return b.String()
}

func (g *gen) properties(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s profile\nspring.application.name=%s\n", env, g.pick(components...))
	keys := g.keys(g.between(25, 50))
	at := g.postmarkAt(pm, len(keys))
	for i, k := range keys {
		if i == at {
			if pm.style%2 == 0 {
				fmt.Fprintf(&b, "postmark.api.token=%s\n", pm.value)
			} else {
				fmt.Fprintf(&b, "postmark.server-token=${POSTMARK_SERVER_TOKEN:%s}\n", pm.value)
			}
		}
		fmt.Fprintf(&b, "%s=%s\n", lowerKey(k.key), g.value(k.suffix, env))
	}
	return b.String()
}

func (g *gen) terraform(env string, pm *postmark) string {
	var b strings.Builder
	keys := g.keys(g.between(8, 16))
	if pm != nil {
		fmt.Fprintf(&b, "variable \"postmark_server_token\" {\n  type      = string\n  sensitive = true\n  default   = %q\n}\n\n", pm.value)
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "variable \"%s\" {\n  type    = string\n  default = %q\n}\n\n", strings.ToLower(k.key), g.value(k.suffix, env))
	}
	fmt.Fprintf(&b, "resource \"aws_ecs_task_definition\" \"%s\" {\n  family = \"%s-%s\"\n}\n", g.word(), g.word(), short(env))
	return b.String()
}

func (g *gen) tfvars(env string, pm *postmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", env)
	keys := g.keys(g.between(20, 40))
	at := g.postmarkAt(pm, len(keys))
	for i, k := range keys {
		if i == at {
			fmt.Fprintf(&b, "postmark_server_token = %q\n", pm.value)
		}
		fmt.Fprintf(&b, "%s = %q\n", strings.ToLower(k.key), g.value(k.suffix, env))
	}
	return b.String()
}
