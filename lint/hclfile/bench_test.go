package hclfile

import (
	"strings"
	"testing"
)

// benchConfig is a Terraform module of the usual shape: variables, a
// provider, a resource with an environment list and a map.
var benchConfig = `terraform {
  required_providers {
    postmark = {
      source  = "example/postmark"
      version = "~> 1.0"
    }
  }
}

variable "postmark_server_token" {
  type      = string
  sensitive = true
}

variable "region" {
  default = "eu-west-1"
}

provider "postmark" {
  api_token = var.postmark_server_token
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "example/app:1.0"
    environment = [
      { name = "POSTMARK_API_BASE", value = "https://api.postmarkapp.com" },
      { name = "POSTMARK_FROM", value = "noreply@example.com" },
    ]
  }])
  tags = {
    Team = "mail" # owner
    Env  = "prod"
  }
}

locals {
  retries = 3
  note    = <<EOT
Sent through Postmark.
EOT
}
`

func BenchmarkRead(b *testing.B) {
	src := []byte(strings.Repeat(benchConfig, 10))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Read(src)
	}
}
