#!/usr/bin/env bash
# Adds a migration with the same name for both database providers: tools/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: tools/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project SocialOps.Core --startup-project SocialOps.Core \
    --context "${provider}SocialOpsDbContext" \
    --output-dir "Data/Migrations/$provider" \
    --namespace "SocialOps.Core.Data.Migrations.$provider"
done
# dotnet ef writes the model snapshot under a folder named after the namespace; keep it beside its migrations.
for provider in Sqlite Postgres; do
  stray="SocialOps.Core/SocialOps/Core/Data/Migrations/$provider/${provider}SocialOpsDbContextModelSnapshot.cs"
  [ -f "$stray" ] && mv "$stray" "SocialOps.Core/Data/Migrations/$provider/"
done
rm -rf SocialOps.Core/SocialOps
