# A file that cannot hold a token entry is not parsed at all.
locals {
  name = "app
}
