# Container image of the mfa-warden CLI: `docker run --rm -v "$PWD:/work" IMAGE scan terraform .`, or with AWS
# credentials in the environment (or ~/.aws mounted at /home/node/.aws) `docker run --rm -e AWS_PROFILE ...
# IMAGE scan aws`. Multi-stage: the build stage has the dev dependencies (TypeScript, and the AWS managed policy
# package that scripts/build-managed-policies.mjs trims into data/); the runtime stage has only production
# dependencies, dist/ and data/, and runs as the unprivileged `node` user.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script is tree-sitter-hcl's native binding, unused (we load its .wasm).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-managed-policies.mjs scripts/
COPY src src
RUN npm run build

FROM node:20-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/data data
COPY package.json LICENSE ./
USER node
# The code to scan is mounted here: relative paths and SARIF locations are relative to it.
WORKDIR /work
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
