# syntax=docker/dockerfile:1
# ---- build: compile TypeScript with dev dependencies ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY handlers ./handlers
COPY jobs ./jobs
RUN npm run build && npm prune --omit=dev

# ---- runtime: production dependencies and compiled code only, as a non-root user ----
FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 EC2BOT_CONFIG=/app/config/accounts.yml
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node config/accounts.example.yml ./config/
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# all = web + worker in one process; override with "web" or "worker" to scale them apart
CMD ["node", "dist/src/main.js", "all"]
