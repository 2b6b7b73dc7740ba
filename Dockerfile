# syntax=docker/dockerfile:1
# The gateway as a container: built with tsc in one stage, run by plain node on the build with
# production dependencies only, as an unprivileged user.
#   docker build -t neuroarchive-gateway .
#   docker run -p 4000:4000 neuroarchive-gateway          # against the public archives
# compose.yaml runs two instances, Redis and the replicas (the `replicas` stage below).

FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY datasources ./datasources
COPY resolvers ./resolvers
COPY replicas ./replicas
RUN npm run build

# The bundled replicas of the three archives (synthetic data), for compose.yaml; not for production.
FROM builder AS replicas
USER node
ENV REPLICAS_HOST=0.0.0.0
EXPOSE 8001 8002 8003
CMD ["node", "--import", "tsx", "replicas/main.ts"]

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# No production dependency has an install script (esbuild, a devDependency, is the only one).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=builder /app/dist ./dist
USER node
EXPOSE 4000
# Liveness without curl (not in the slim image): node's own fetch against /health.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 4000}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1: SIGTERM from `docker stop` reaches the gateway (or WORKERS' primary).
CMD ["node", "dist/src/main.js"]
