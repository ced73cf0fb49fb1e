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
CMD ["node", "dist/main.js"]
