# syntax=docker/dockerfile:1

# --- build: .NET SDK plus Node for the front-end packages (npm ci runs inside the build) ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig appsettings.json ./
COPY SocialOps.Core/SocialOps.Core.csproj SocialOps.Core/
COPY SocialOps.Web/SocialOps.Web.csproj SocialOps.Web/package.json SocialOps.Web/package-lock.json SocialOps.Web/
RUN dotnet restore SocialOps.Web/SocialOps.Web.csproj
COPY SocialOps.Core/ SocialOps.Core/
COPY SocialOps.Web/ SocialOps.Web/
COPY models/ models/
RUN dotnet publish SocialOps.Web/SocialOps.Web.csproj -c Release --no-restore -o /app /p:UseAppHost=false

# --- runtime: ASP.NET Core only, as the image's non-root user ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Data__Directory=/data
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "SocialOps.Web.dll"]
