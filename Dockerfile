# One image for every role: `synapse server`, `synapse runner`, `synapse start`.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/cli/package.json apps/cli/
COPY apps/server/package.json apps/server/
COPY apps/runner/package.json apps/runner/
COPY apps/web/package.json apps/web/
COPY packages/schema/package.json packages/schema/
COPY packages/db/package.json packages/db/
COPY packages/providers/package.json packages/providers/
COPY packages/export/package.json packages/export/
COPY packages/tools/package.json packages/tools/
COPY packages/templates/package.json packages/templates/
COPY packages/testkit/package.json packages/testkit/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
# The web app and the CLI's bundle (ADR 0027): the container never builds at start.
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0
ENTRYPOINT ["node", "apps/cli/bin/synapse.mjs"]
CMD ["start"]
