package yamlfile

import "testing"

// typicalConfig is a ~2 KB configuration file of the usual shapes.
const typicalConfig = `# Application settings
application:
  port: 8000
  host: 0.0.0.0
  base_url: "https://example.com"
  hmac_secret: "fake-hmac-secret-for-benchmarks-only"
database:
  host: "localhost"
  port: 5432
  username: "postgres"
  password: "password"
  database_name: "newsletter"
  require_ssl: false
email_client:
  base_url: "https://api.postmarkapp.com"
  sender_email: "test@example.com"
  authorization_token: "00000000-0000-0000-0000-000000000000"
  timeout_milliseconds: 10000
redis_uri: "redis://127.0.0.1:6379"
defaults: &defaults
  adapter: postgresql
  encoding: unicode
  pool: 5
development:
  <<: *defaults
  database: app_development
test:
  <<: *defaults
  database: app_test
services:
  web:
    image: "example/web:latest"
    environment:
      - POSTMARK_SERVER_TOKEN=fake-server-token
      - RAILS_ENV=production
      - export SMTP_HOST="smtp.postmarkapp.com"
    ports:
      - "3000:3000"
  worker:
    image: "example/worker:latest"
    environment:
      POSTMARK_API_TOKEN: fake-api-token
      QUEUE: default
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        env:
          POSTMARK_SERVER_TOKEN: ${{ secrets.POSTMARK_SERVER_TOKEN }}
        run: |
          ./deploy.sh --token "$POSTMARK_SERVER_TOKEN"
          echo done
spec:
  containers:
    - name: app
      env:
        - name: POSTMARK_TOKEN
          value: "fake-k8s-token"
        - name: FROM_SECRET
          valueFrom:
            secretKeyRef: {name: pm, key: token}
notes: >
  A folded note that runs
  over two lines.
`

func BenchmarkRead(b *testing.B) {
	src := []byte(typicalConfig)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}
