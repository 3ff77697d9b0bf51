# syntax=docker/dockerfile:1
# Evidentia's daemon — scheduled collections, the on-demand HTTP service and its web page — in a container.
#   build:  docker build -t evidentia .
#   demo:   docker run -d --name evidentia --init -p 127.0.0.1:8080:8080 evidentia daemon --demo --host 0.0.0.0 --port 8080
#           docker logs evidentia (URL and one-time token); docker stop -t 30 evidentia
#   real:   see docs/daemon.md (configuration, tokens, keys, volumes).

# ---- build: compile TypeScript with the dev dependencies, then keep only the production ones ----------------
FROM node:24-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
# better-sqlite3 compiles here, where python3, make and g++ are.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, compiled code and the package's data; no compilers, no dev tools -------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOME=/data
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY frameworks ./frameworks
COPY templates ./templates
COPY reference ./reference
# Read at run time from the package root: the demo world and the officers' web page.
COPY src/emulator/worlds ./src/emulator/worlds
COPY src/daemon/web ./src/daemon/web
COPY src/daemon/container-daemon.yaml /etc/evidentia/daemon.yaml
COPY src/daemon/container-cluster.yaml /etc/evidentia/cluster.yaml

# Output (bundles) and state (run database, trial signing key) live on volumes, owned by the unprivileged user.
RUN mkdir -p /data/output /data/.evidentia && chown -R 1000:1000 /data && chmod 0700 /data/.evidentia
USER 1000:1000
WORKDIR /data
VOLUME ["/data/output", "/data/.evidentia"]
EXPOSE 8080

# The process answers on /healthz while it runs; /readyz says whether it can take work.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Run with --init (or compose's `init: true`) so signals reach the daemon through a real init process;
# SIGTERM stops it gracefully (running collections get shutdown.graceSeconds, then are aborted).
# bin/evidentia.js starts Node again in place (same pid) with Evidentia's V8 flags (src/cli/node-flags.ts,
# the one list of them); a flag also given in NODE_OPTIONS keeps the value given there.
ENTRYPOINT ["node", "/app/bin/evidentia.js"]
CMD ["daemon", "--config", "/etc/evidentia/daemon.yaml"]
