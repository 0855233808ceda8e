# imrpacket: one image for `imrpacket worker`, `imrpacket serve`, `enqueue`
# and `process`. Build: docker build -t imrpacket .
# (A .dockerignore listing .git, bin/ and out/ keeps the context small.)

# --- build: cgo for gosseract needs the Tesseract and Leptonica headers.
FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Modules first, so a source change does not re-download them.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/imrpacket ./cmd/imrpacket

# --- runtime: Tesseract 5 with English and orientation data, nothing else.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract5 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /home/imrpacket --create-home imrpacket
# One OpenMP thread per Tesseract engine: the pipeline already runs one
# engine per core, and OpenMP threads on top of that oversubscribe the CPU.
ENV OMP_THREAD_LIMIT=1 MALLOC_ARENA_MAX=2
COPY --from=build /out/imrpacket /usr/local/bin/imrpacket
USER imrpacket:imrpacket
WORKDIR /home/imrpacket
# serve listens on 8080 (API, /metrics, /healthz); the worker's /metrics on 9090.
EXPOSE 8080 9090
ENTRYPOINT ["imrpacket"]
CMD ["--help"]
