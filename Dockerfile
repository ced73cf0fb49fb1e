# syntax=docker/dockerfile:1
# Node 24 LTS (the app also runs on 22 LTS; see "engines" in package.json).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/sdk/package.json ./packages/sdk/
COPY web/package.json ./web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc nest-cli.json ./
COPY packages/sdk ./packages/sdk
COPY web ./web
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
# Memory (npm run soak and npm run bench:roster measure the server with these and with the
# node flags of CMD): glibc gives each thread that hashes a password (argon2, 19 MiB, on
# libuv's pool) a malloc arena it keeps; two arenas instead of one per thread saved ~60 MiB of
# RSS. A fixed mmap threshold: glibc otherwise raises it to the size of the first large block
# freed (argon2's 19 MiB), after which such blocks come from the arenas and their memory stays
# with the process once freed (after the demo seed's hashes: 162 MiB of RSS, 122 MiB with it).
# A 4 MiB young generation instead of 16 MiB saved ~40 MiB.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The demo seed (--demo) calls the API through the SDK, a workspace linked into node_modules.
COPY --from=build --chown=node:node /app/packages/sdk/package.json ./packages/sdk/
COPY --from=build --chown=node:node /app/packages/sdk/dist ./packages/sdk/dist
# The thin clients the API serves at /app/ (built static files only).
COPY --from=build --chown=node:node /app/web/dist ./web/dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Also in the image: node dist/cli.js admin create | backup | restore | pii rotate (see the README).
# --heap-growing-percent=20 (refused in NODE_OPTIONS, hence here): V8 lets the old generation
# grow to 1.2 times what was live at the last full collection, instead of up to 4 times. A
# roster import promotes each batch's short-lived objects (they outlive its database round
# trips): peak RSS of a 100,000-line import 312 MB without it, 178 MB with it, as fast; GET
# and audited PATCH rates unchanged (A/B, same machine). --optimize-for-size did as well on
# memory but halved the GET rate.
CMD ["node", "--heap-growing-percent=20", "dist/main.js"]
