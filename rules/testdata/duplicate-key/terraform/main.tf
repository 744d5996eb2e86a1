resource "kubernetes_secret" "mail" {
  data = {
    POSTMARK_SERVER_TOKEN = "be38e828-b55c-415e-9502-6b13e6486e57"
    MAIL_FROM             = "hello@example.com"
    "POSTMARK_SERVER_TOKEN" = "055b3494-f3ee-4855-a8ed-16d8c0d5a5c7" # want "duplicate-key: resource.kubernetes_secret.mail.data.POSTMARK_SERVER_TOKEN is assigned twice (first on line 3); Terraform uses this one"
  }
}

# Near misses: one key in two objects, merged on purpose; one name in two
# blocks of a list.
locals {
  mail_env = merge(
    { POSTMARK_API_TOKEN = "1fe43412-1e7c-4318-b328-03eeeafb37eb" },
    { POSTMARK_API_TOKEN = "0d97a652-3bec-4414-8dcd-c30370239a7d" },
  )
}

resource "kubernetes_deployment" "app" {
  spec {
    container {
      env {
        name  = "POSTMARK_ACCOUNT_TOKEN"
        value = "26ec2b2b-90fe-4c1f-ab5c-0ca3888e890d"
      }
    }
    container {
      env {
        name  = "POSTMARK_ACCOUNT_TOKEN"
        value = "03a896b5-c197-41a6-b2da-1b983b668b82"
      }
    }
  }
}
