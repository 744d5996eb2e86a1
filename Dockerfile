# syntax=docker/dockerfile:1
#
# postmarklint in a container: the static binary alone on distroless
# static (CA certificates for --online, a nonroot user; no shell, no git),
# run as that user in /src, where the repository is mounted:
#
#   docker build -t postmarklint .
#   docker run --rm -v "$PWD:/src" postmarklint
#
# By default the binary is built here from the sources (the source stage).
# Release images are built by goreleaser (.goreleaser.yaml, dockers_v2)
# with --build-arg BINARY=prebuilt: its context holds the binaries it
# built, as $TARGETPLATFORM/postmarklint, and no sources; BuildKit then
# skips the source stage.
#
# Both base images are pinned by digest (tag and digest change together):
#   golang:1.26.1-alpine
#     sha256:2389ebfa5b7f43eeafbd6be0c3700cc46690ef842ad962f6c5bd6be49ed82039
#   gcr.io/distroless/static-debian12:nonroot
#     sha256:e8a4044e0b4ae4257efa45fc026c0bc30ad320d43bd4c1a7d5271bd241e386d0

ARG BINARY=source

FROM --platform=$BUILDPLATFORM golang:1.26.1-alpine@sha256:2389ebfa5b7f43eeafbd6be0c3700cc46690ef842ad962f6c5bd6be49ed82039 AS source
WORKDIR /build
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION, COMMIT and DATE stamp postmarklint version, as goreleaser does;
# left empty, it says devel.
ARG TARGETOS TARGETARCH VERSION COMMIT DATE
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=$VERSION -X main.commit=$COMMIT -X main.date=$DATE" -o /out/postmarklint ./cmd/postmarklint

FROM scratch AS prebuilt
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/postmarklint /out/postmarklint

FROM ${BINARY} AS binary

FROM gcr.io/distroless/static-debian12:nonroot@sha256:e8a4044e0b4ae4257efa45fc026c0bc30ad320d43bd4c1a7d5271bd241e386d0
COPY --from=binary /out/postmarklint /usr/local/bin/postmarklint
WORKDIR /src
# Numeric, so that Kubernetes' runAsNonRoot can tell: distroless' nonroot.
USER 65532:65532
ENTRYPOINT ["postmarklint"]
