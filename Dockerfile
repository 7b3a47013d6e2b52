# syntax=docker/dockerfile:1
# The gateway image; docker-compose.yml runs it twice: `migrate` (one-shot) and `gateway`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY triage ./triage
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The shipped triage model, and the corpus that retraining (POST /admin/triage/retrain) starts from.
COPY --from=build /app/triage/model ./triage/model
COPY --from=build /app/triage/corpus ./triage/corpus
# ./data holds the embedded SQLite database when no MySQL is configured.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8100
# A heap ceiling about three times the live heap (50–80 MiB): peak RSS stays bounded under a burst.
# The old generation grows by 60% between full collections (V8 allows only 30% under such a
# ceiling): a busy gateway marks its heap less often, for about 10 MiB more at the peak.
# One V8 helper thread instead of four: on a small machine the four took cores from the event
# loop (README, "Latest results").
CMD ["node", "--max-old-space-size=256", "--heap-growing-percent=60", "--v8-pool-size=1", "dist/src/main.js"]
